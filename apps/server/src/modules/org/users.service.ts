import { checkCitizenIdNumber, type Role, type User, type UserCreate, type UserUpdate } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { encryptField, hashPassword, lookupDigest, passwordWeakness } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { maskIdNumber, maskPhone } from '../../platform/masking.ts';
import type { DataOfficersRepository } from './data-officers.repository.ts';
import type { Db, DepartmentsRepository } from './departments.repository.ts';
import type { DepartmentsService } from './departments.service.ts';
import { AUDITOR_ROLE, assertAuditorKeeper, assertRoles } from './roles.policy.ts';
import type { SessionsRepository } from './sessions.repository.ts';
import type { UsersRepository, UserWithDepartment } from './users.repository.ts';

export function toUser(row: UserWithDepartment, roles: Role[]): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    idNumberMasked: row.id_number_masked,
    phoneMasked: row.phone_masked,
    email: row.email,
    departmentId: row.department_id,
    departmentName: row.department_name,
    roles,
    active: row.active,
    lockedUntil: row.locked_until ? row.locked_until.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Replaces a user's role set (the two statements run in the caller's transaction). */
export async function replaceRoles(users: UsersRepository, db: Db, userId: string, roles: readonly Role[]): Promise<void> {
  await users.deleteRoles(db, userId);
  await users.insertRoles(db, userId, roles);
}

export interface UsersRepositories {
  departments: DepartmentsRepository;
  users: UsersRepository;
  officers: DataOfficersRepository;
  sessions: SessionsRepository;
}

/** Real-name users and their roles. */
export class UsersService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repos: UsersRepositories,
    private readonly departments: DepartmentsService,
  ) {}

  private get db(): Db {
    return this.deps.db;
  }

  async listUsers(actor: Actor, filter: { departmentId?: string; search?: string; role?: Role } = {}): Promise<User[]> {
    let departmentIds: string[] | undefined;
    if (hasPlatformScope(actor, 'org:user:read')) {
      departmentIds = filter.departmentId ? [filter.departmentId] : undefined;
    } else {
      authorize(actor, 'org:user:read', actor.organisationId);
      const own = await this.repos.departments.departmentsOfOrganisation(this.db, actor.organisationId!);
      departmentIds = filter.departmentId ? own.filter((id) => id === filter.departmentId) : own;
    }
    const rows = await this.repos.users.listUsers(this.db, { departmentIds, search: filter.search, role: filter.role });
    const roles = await this.repos.users.rolesOf(this.db, rows.map((r) => r.id));
    return rows.map((row) => toUser(row, roles.get(row.id) ?? []));
  }

  /** One user: oneself, or one the actor may read; anyone else is not found. */
  async getUser(actor: Actor, id: string): Promise<User> {
    let row: UserWithDepartment | undefined;
    if (actor.userId === id || hasPlatformScope(actor, 'org:user:read')) row = await this.repos.users.findUserInScope(this.db, id, null);
    else if (actor.organisationId && can(actor, 'org:user:read', actor.organisationId)) row = await this.repos.users.findUserInScope(this.db, id, actor.organisationId);
    if (!row) throw new NotFoundError('用户 user', id);
    const roles = await this.repos.users.rolesOf(this.db, [id]);
    return toUser(row, roles.get(id) ?? []);
  }

  /** Adds or removes one role of a user named by login (the server CLI). */
  async setRole(actor: Actor, username: string, role: Role, present: boolean): Promise<User> {
    const row = await this.repos.users.findUserByUsername(this.db, username);
    if (!row) throw new NotFoundError('用户 user', username);
    const roles = (await this.repos.users.rolesOf(this.db, [row.id])).get(row.id) ?? [];
    const next = present ? [...new Set([...roles, role])] : roles.filter((r) => r !== role);
    if (next.length === 0) throw ValidationError.field('roles', '该用户没有其他角色,请先授予新角色或停用账号 (the user would have no role left)');
    return this.updateUser(actor, row.id, { roles: next });
  }

  async createUser(actor: Actor, input: UserCreate): Promise<User> {
    const { users, officers } = this.repos;
    const department = await this.repos.departments.findDepartment(this.db, input.departmentId);
    if (!department) throw ValidationError.field('departmentId', `部门 ${input.departmentId} 不存在 (department not found)`);
    const organisation = await this.departments.organisationOf(department.id);
    if (input.roles.includes(AUDITOR_ROLE)) assertAuditorKeeper(actor);
    else authorize(actor, 'org:user:manage', organisation.id);

    const idCheck = checkCitizenIdNumber(input.idNumber, this.deps.clock.now());
    if (!idCheck.valid) throw ValidationError.field('idNumber', `idNumber: ${idCheck.message}`, 'INVALID_ID_NUMBER');
    const weakness = passwordWeakness(input.password);
    if (weakness) throw ValidationError.field('password', `password: ${weakness}`, 'WEAK_PASSWORD');
    assertRoles(actor, input.roles, organisation);

    const idNumber = input.idNumber.toUpperCase();
    const keys = this.deps.keys.data;
    const passwordHash = await hashPassword(input.password, this.deps.config.passwordCost);
    return this.db.transaction().execute(async (trx) => {
      if (await users.findUserByUsername(trx, input.username)) {
        throw new ConflictError(`用户名 ${input.username} 已被使用 (username taken)`, 'USERNAME_TAKEN', [{ field: 'username', message: 'username taken' }]);
      }
      const digest = lookupDigest(keys, idNumber);
      if (await users.findUserIdByIdNumberDigest(trx, digest)) {
        throw new ConflictError('该公民身份号码已有账号 (an account exists for this ID number)', 'ID_NUMBER_TAKEN', [{ field: 'idNumber', message: 'an account exists for this ID number' }]);
      }
      const { id } = await users.insertUser(trx, {
        username: input.username,
        name: input.name,
        id_number_cipher: encryptField(keys, idNumber),
        id_number_digest: digest,
        id_number_masked: maskIdNumber(idNumber),
        phone_cipher: encryptField(keys, input.phone),
        phone_masked: maskPhone(input.phone),
        email: input.email ?? null,
        department_id: department.id,
        password_hash: passwordHash,
      });
      await users.insertRoles(trx, id, input.roles);
      if (input.roles.includes('data_officer')) {
        await officers.startDataOfficer(trx, { department_id: organisation.id, user_id: id, started_at: this.deps.clock.now(), note: null, assigned_by: actor.userId });
      }
      await this.deps.audit.record(trx, actor, {
        operation: 'org:user:create',
        targetType: 'user',
        targetId: id,
        details: { username: input.username, name: input.name, departmentId: department.id, roles: input.roles },
      });
      const row = await users.findUser(trx, id);
      return toUser(row!, [...input.roles].sort());
    });
  }

  async updateUser(actor: Actor, id: string, input: UserUpdate & { unlock?: boolean }): Promise<User> {
    const { users, officers, sessions } = this.repos;
    const existing = await users.findUser(this.db, id);
    // A user the actor may not read does not exist for them (as in getUser): a 403 would confirm it does.
    const visible = actor.userId === id || hasPlatformScope(actor, 'org:user:read') || (actor.organisationId !== null && can(actor, 'org:user:read', actor.organisationId) && (await users.findUserInScope(this.db, id, actor.organisationId)) !== undefined);
    if (!existing || !visible) throw new NotFoundError('用户 user', id);
    const organisation = await this.departments.organisationOf(existing.department_id);
    const previousRoles = (await users.rolesOf(this.db, [id])).get(id) ?? [];
    const auditorTouched = previousRoles.includes(AUDITOR_ROLE) || Boolean(input.roles?.includes(AUDITOR_ROLE));
    const onlyUnlock = input.unlock === true && Object.keys(input).length === 1;
    // Lifting a login lock gives no access, so department and platform admins may still do it.
    if (auditorTouched && !(onlyUnlock && can(actor, 'org:user:manage', organisation.id))) {
      assertAuditorKeeper(actor);
      if (input.roles && actor.userId === id) throw new NotAllowedError('org:auditor:manage', '审计员的角色须由另一名安全审计员变更 (another auditor must change an auditor\'s roles)');
    } else if (!auditorTouched) authorize(actor, 'org:user:manage', organisation.id);
    if (input.roles) assertRoles(actor, input.roles, organisation, previousRoles);
    if (input.active === false && actor.userId === id) throw ValidationError.field('active', '不能停用自己的账号 (you cannot deactivate yourself)');

    const now = this.deps.clock.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const changed = await users.updateUser(
        trx,
        id,
        {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.phone !== undefined && { phone_cipher: encryptField(this.deps.keys.data, input.phone), phone_masked: maskPhone(input.phone) }),
          ...(input.email !== undefined && { email: input.email }),
          ...(input.active !== undefined && { active: input.active }),
          ...(input.unlock && { locked_until: null }),
        },
        now,
      );
      if (changed === 0) throw new NotFoundError('用户 user', id);
      const roles = input.roles ?? previousRoles;
      if (input.roles) await replaceRoles(users, trx, id, input.roles);
      // The data-officer registry follows the role: who held it, from when to when (000 Art. 26).
      const wasOfficer = previousRoles.includes('data_officer') && existing.active;
      const isOfficer = roles.includes('data_officer') && (input.active ?? existing.active);
      if (wasOfficer && !isOfficer) await officers.endDataOfficers(trx, id, null, now, actor.userId);
      if (!wasOfficer && isOfficer) {
        await officers.startDataOfficer(trx, { department_id: organisation.id, user_id: id, started_at: now, note: null, assigned_by: actor.userId });
      }
      if (input.active === false) await sessions.revokeUserSessions(trx, id, now);
      await this.deps.audit.record(trx, actor, {
        operation: input.unlock ? 'org:user:unlock' : 'org:user:update',
        targetType: 'user',
        targetId: id,
        details: { changes: { ...input, phone: input.phone ? maskPhone(input.phone) : undefined }, previousRoles },
      });
      const row = await users.findUser(trx, id);
      return toUser(row!, [...roles].sort());
    });
    this.deps.actors.forgetUser(id);
    return result;
  }
}
