import type { ApplicationSystem } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { hashPassword, randomToken } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { DepartmentsRepository } from './departments.repository.ts';
import type { DepartmentsService } from './departments.service.ts';
import { rethrowUnique } from './org-errors.ts';
import type { SessionsRepository } from './sessions.repository.ts';
import type { SystemRow, SystemsRepository } from './systems.repository.ts';

function toSystem(row: SystemRow): ApplicationSystem {
  return {
    id: row.id,
    departmentId: row.department_id,
    departmentName: row.department_name,
    name: row.name,
    description: row.description,
    clientId: row.client_id,
    active: row.active,
    secretRotatedAt: row.secret_rotated_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/** Application systems (信息系统) and their client credentials. */
export class SystemsService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repos: { departments: DepartmentsRepository; systems: SystemsRepository; sessions: SessionsRepository },
    private readonly departments: DepartmentsService,
  ) {}

  async listSystems(actor: Actor, departmentId?: string): Promise<ApplicationSystem[]> {
    let departmentIds: string[] | undefined;
    if (hasPlatformScope(actor, 'org:system:read')) departmentIds = departmentId ? [departmentId] : undefined;
    else {
      authorize(actor, 'org:system:read', actor.organisationId);
      const own = await this.repos.departments.departmentsOfOrganisation(this.deps.db, actor.organisationId!);
      departmentIds = departmentId ? own.filter((id) => id === departmentId) : own;
    }
    return (await this.repos.systems.listSystems(this.deps.db, departmentIds)).map(toSystem);
  }

  async createSystem(actor: Actor, input: { departmentId: string; name: string; description?: string }): Promise<{ system: ApplicationSystem; clientSecret: string }> {
    const { systems } = this.repos;
    const department = await this.repos.departments.findDepartment(this.deps.db, input.departmentId);
    if (!department) throw ValidationError.field('departmentId', `部门 ${input.departmentId} 不存在 (department not found)`);
    const organisation = await this.departments.organisationOf(department.id);
    authorize(actor, 'org:system:manage', organisation.id);
    const secret = randomToken(32);
    const secretHash = await hashPassword(secret, this.deps.config.passwordCost);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const { id } = await systems
        .insertSystem(trx, { department_id: organisation.id, name: input.name, description: input.description ?? null, client_id: `hts_${randomToken(12)}`, secret_hash: secretHash, secret_rotated_at: now })
        .catch(rethrowUnique);
      await this.deps.audit.record(trx, actor, { operation: 'org:system:create', targetType: 'application_system', targetId: id, details: { name: input.name, departmentId: organisation.id } });
      return { system: toSystem((await systems.findSystem(trx, id))!), clientSecret: secret };
    });
  }

  /** A system outside what the actor can list (listSystems) does not exist for them: a 403 would confirm it does. */
  private async findVisibleSystem(actor: Actor, id: string): Promise<SystemRow> {
    const system = await this.repos.systems.findSystem(this.deps.db, id);
    const visible =
      system !== undefined &&
      (hasPlatformScope(actor, 'org:system:read') || (actor.organisationId !== null && (await this.repos.departments.departmentsOfOrganisation(this.deps.db, actor.organisationId)).includes(system.department_id)));
    if (!system || !visible) throw new NotFoundError('应用系统 application system', id);
    return system;
  }

  async rotateSystemSecret(actor: Actor, id: string): Promise<{ system: ApplicationSystem; clientSecret: string }> {
    const { systems, sessions } = this.repos;
    const system = await this.findVisibleSystem(actor, id);
    authorize(actor, 'org:system:manage', system.department_id);
    const secret = randomToken(32);
    const secretHash = await hashPassword(secret, this.deps.config.passwordCost);
    const result = await this.deps.db.transaction().execute(async (trx) => {
      const now = this.deps.clock.now();
      if ((await systems.updateSystem(trx, id, { secret_hash: secretHash, secret_rotated_at: now })) === 0) throw new NotFoundError('应用系统 application system', id);
      // Tokens issued with the old secret stop working at once.
      await sessions.revokeSystemSessions(trx, id, now);
      await this.deps.audit.record(trx, actor, { operation: 'org:system:rotate-secret', targetType: 'application_system', targetId: id });
      return { system: toSystem((await systems.findSystem(trx, id))!), clientSecret: secret };
    });
    this.deps.actors.forgetSystem(id);
    return result;
  }

  async setSystemActive(actor: Actor, id: string, active: boolean): Promise<ApplicationSystem> {
    const { systems, sessions } = this.repos;
    const system = await this.findVisibleSystem(actor, id);
    authorize(actor, 'org:system:manage', system.department_id);
    const result = await this.deps.db.transaction().execute(async (trx) => {
      if ((await systems.updateSystem(trx, id, { active })) === 0) throw new NotFoundError('应用系统 application system', id);
      if (!active) await sessions.revokeSystemSessions(trx, id, this.deps.clock.now());
      await this.deps.audit.record(trx, actor, { operation: active ? 'org:system:enable' : 'org:system:disable', targetType: 'application_system', targetId: id });
      return toSystem((await systems.findSystem(trx, id))!);
    });
    this.deps.actors.forgetSystem(id);
    return result;
  }
}
