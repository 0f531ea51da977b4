import type { DataOfficerAssignment } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { DataOfficersRepository } from './data-officers.repository.ts';
import type { DepartmentsService } from './departments.service.ts';
import { assertRoles } from './roles.policy.ts';
import { replaceRoles } from './users.service.ts';
import type { UsersRepository } from './users.repository.ts';

/** The data-officer registry (000 Art. 26): who held the role for a department, from when to when. */
export class DataOfficersService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repos: { officers: DataOfficersRepository; users: UsersRepository },
    private readonly departments: DepartmentsService,
  ) {}

  async listDataOfficers(actor: Actor, departmentId: string, includeHistory: boolean): Promise<DataOfficerAssignment[]> {
    const organisation = await this.departments.organisationOf(departmentId);
    // The registry is reported to the operator; the department itself and the operator see it.
    if (!actor.operatorMember && actor.organisationId !== organisation.id) throw new NotFoundError('部门 department', departmentId);
    const rows = await this.repos.officers.listDataOfficers(this.deps.db, organisation.id, includeHistory);
    return rows.map((r) => ({
      id: r.id,
      departmentId: r.department_id,
      userId: r.user_id,
      userName: r.user_name,
      phoneMasked: r.phone_masked,
      startedAt: r.started_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      note: r.note,
    }));
  }

  /** Registers a department user as data officer: grants the role and opens a registry entry. */
  async assignDataOfficer(actor: Actor, departmentId: string, userId: string, note?: string): Promise<DataOfficerAssignment[]> {
    const { users, officers } = this.repos;
    const organisation = await this.departments.organisationOf(departmentId);
    authorize(actor, 'org:data-officer:manage', organisation.id);
    const user = await users.findUser(this.deps.db, userId);
    if (!user) throw ValidationError.field('userId', `用户 ${userId} 不存在 (user not found)`);
    const userOrg = await this.departments.organisationOf(user.department_id);
    if (userOrg.id !== organisation.id) throw ValidationError.field('userId', '数据专员必须是本部门人员 (the officer must belong to the department)');
    const roles = (await users.rolesOf(this.deps.db, [userId])).get(userId) ?? [];
    if (!roles.includes('data_officer')) assertRoles(actor, [...roles, 'data_officer'], organisation, roles);
    await this.deps.db.transaction().execute(async (trx) => {
      // The unique index on open terms (data_officer_current) stops a second one racing past this check.
      if (await officers.findCurrentDataOfficer(trx, organisation.id, userId)) {
        throw new ConflictError('该用户已是本部门数据专员 (already a data officer)', 'ALREADY_DATA_OFFICER');
      }
      if (!roles.includes('data_officer')) await replaceRoles(users, trx, userId, [...roles, 'data_officer']);
      await officers.startDataOfficer(trx, { department_id: organisation.id, user_id: userId, started_at: this.deps.clock.now(), note: note ?? null, assigned_by: actor.userId });
      await this.deps.audit.record(trx, actor, {
        operation: 'org:data-officer:assign',
        targetType: 'department',
        targetId: organisation.id,
        details: { userId, note },
      });
    });
    this.deps.actors.forgetUser(userId);
    return this.listDataOfficers(actor, organisation.id, true);
  }

  /** Ends a data officer's term: the registry keeps the entry with its end date; the role is withdrawn. */
  async endDataOfficer(actor: Actor, departmentId: string, userId: string): Promise<DataOfficerAssignment[]> {
    const { users, officers } = this.repos;
    const organisation = await this.departments.organisationOf(departmentId);
    authorize(actor, 'org:data-officer:manage', organisation.id);
    await this.deps.db.transaction().execute(async (trx) => {
      const now = this.deps.clock.now();
      // Guarded: only an open term ends, so of two concurrent ends one finds nothing to end.
      const ended = await officers.endDataOfficers(trx, userId, organisation.id, now, actor.userId);
      if (ended === 0) throw new NotFoundError('数据专员 data officer', userId);
      const roles = (await users.rolesOf(trx, [userId])).get(userId) ?? [];
      const remaining = roles.filter((r) => r !== 'data_officer');
      if (remaining.length === 0) throw ValidationError.field('userId', '该用户没有其他角色,请先授予新角色或停用账号 (the user would have no role left)');
      await replaceRoles(users, trx, userId, remaining);
      await this.deps.audit.record(trx, actor, { operation: 'org:data-officer:end', targetType: 'department', targetId: organisation.id, details: { userId } });
    });
    this.deps.actors.forgetUser(userId);
    return this.listDataOfficers(actor, organisation.id, true);
  }
}
