import {
  DUTY_CLASSES,
  checkCitizenIdNumber,
  checkUscc,
  dutyClassOf,
  type ApplicationSystem,
  type DataOfficerAssignment,
  type Department,
  type DepartmentCreate,
  type DepartmentUpdate,
  type Role,
  type User,
  type UserCreate,
  type UserUpdate,
} from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope, OPERATOR_ONLY_ROLES } from '../../platform/auth/permissions.ts';
import { encryptField, hashPassword, lookupDigest, passwordWeakness, randomToken } from '../../platform/crypto.ts';
import type { DepartmentRow } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotAllowedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { maskIdNumber, maskPhone } from '../../platform/masking.ts';
import { OrgRepository, type Db, type UserWithDepartment } from './org.repository.ts';

export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind as Department['kind'],
    level: row.level as Department['level'],
    uscc: row.uscc,
    classCode: row.class_code,
    isOperator: row.is_operator,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

function toUser(row: UserWithDepartment, roles: Role[]): User {
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

type SystemRow = NonNullable<Awaited<ReturnType<OrgRepository['findSystem']>>>;
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

/** Roles only a platform administrator may grant: they reach across organisations. */
const PLATFORM_GRANTED_ROLES: readonly Role[] = ['platform_admin', 'platform_reviewer', 'supervisor'];
/**
 * The auditor role is granted, revoked and its holders managed only by another security auditor of
 * the operator or by the CLI on the server — never by an administrator, whom the auditor audits.
 */
const AUDITOR_ROLE: Role = 'security_auditor';

/**
 * Departments, people and their roles, data officers and application systems (SPEC §1).
 */
export class OrgService {
  readonly repo = new OrgRepository();

  constructor(private readonly deps: PlatformDeps) {}

  private get db(): Db {
    return this.deps.db;
  }

  // ── departments ────────────────────────────────────────────────────────────────────────────
  async listDepartments(): Promise<Department[]> {
    return (await this.repo.listDepartments(this.db)).map(toDepartment);
  }

  async getDepartment(id: string): Promise<Department> {
    const row = await this.repo.findDepartment(this.db, id);
    if (!row) throw new NotFoundError('部门 department', id);
    return toDepartment(row);
  }

  /** The organisation (政务部门) a department belongs to. */
  async organisationOf(departmentId: string, db: Db = this.db): Promise<DepartmentRow> {
    const org = await this.repo.organisationOf(db, departmentId);
    if (!org) throw new NotFoundError('部门 department', departmentId);
    return org;
  }

  async createDepartment(actor: Actor, input: DepartmentCreate): Promise<Department> {
    authorize(actor, 'org:department:manage');
    if (input.uscc) this.assertUscc(input.uscc, 'uscc');
    return this.db.transaction().execute(async (trx) => {
      const parent = input.parentId ? await this.repo.findDepartment(trx, input.parentId) : undefined;
      if (input.parentId && !parent) throw ValidationError.field('parentId', `上级部门 ${input.parentId} 不存在 (parent not found)`);
      if (input.kind === 'internal_unit' && (!parent || parent.kind === 'government')) {
        throw ValidationError.field('parentId', '内设机构必须隶属于一个政务部门或直属单位 (an internal unit belongs to a department)');
      }
      if (input.kind !== 'government' && !parent) {
        throw ValidationError.field('parentId', '只有人民政府可以作为顶级节点 (only a government may be a root)');
      }
      if (input.isOperator) {
        if (input.kind !== 'department') throw ValidationError.field('isOperator', '平台管理单位必须是政务部门 (the operator must be a department)');
        if (await this.repo.findOperator(trx)) throw new ConflictError('平台管理单位已存在 (there is already an operator)', 'OPERATOR_EXISTS', [{ field: 'isOperator', message: 'operator already exists' }]);
      }
      const classCode = input.kind === 'department' || input.kind === 'affiliated_unit' ? await this.repo.nextDepartmentClassCode(trx) : null;
      const row = await this.repo
        .insertDepartment(trx, {
          parent_id: input.parentId,
          name: input.name,
          short_name: input.shortName ?? null,
          kind: input.kind,
          level: input.level,
          uscc: input.uscc?.toUpperCase() ?? null,
          class_code: classCode,
          is_operator: input.isOperator ?? false,
        })
        .catch((error) => this.rethrowUnique(error));
      await this.deps.audit.record(trx, actor, {
        operation: 'org:department:create',
        targetType: 'department',
        targetId: row.id,
        details: { name: row.name, kind: row.kind, parentId: row.parent_id, uscc: row.uscc },
      });
      return toDepartment(row);
    });
  }

  async updateDepartment(actor: Actor, id: string, input: DepartmentUpdate): Promise<Department> {
    authorize(actor, 'org:department:manage');
    if (input.uscc) this.assertUscc(input.uscc, 'uscc');
    const result = await this.db.transaction().execute(async (trx) => {
      const before = await this.repo.findDepartment(trx, id);
      if (!before) throw new NotFoundError('部门 department', id);
      const row = await this.repo
        .updateDepartment(
          trx,
          id,
          {
            ...(input.name !== undefined && { name: input.name }),
            ...(input.shortName !== undefined && { short_name: input.shortName }),
            ...(input.uscc !== undefined && { uscc: input.uscc.toUpperCase() }),
            ...(input.active !== undefined && { active: input.active }),
          },
          this.deps.clock.now(),
        )
        .catch((error) => this.rethrowUnique(error));
      await this.deps.audit.record(trx, actor, {
        operation: 'org:department:update',
        targetType: 'department',
        targetId: id,
        details: { changes: input, before: { name: before.name, uscc: before.uscc, active: before.active } },
      });
      return toDepartment(row!);
    });
    // Names and the organisation chain of every actor in or under it may change.
    this.deps.actors.clear();
    return result;
  }

  private assertUscc(value: string, field: string): void {
    const check = checkUscc(value);
    if (!check.valid) throw ValidationError.field(field, `${field}: ${check.message}`, 'INVALID_USCC');
  }

  // ── users ──────────────────────────────────────────────────────────────────────────────────
  async listUsers(actor: Actor, filter: { departmentId?: string; search?: string; role?: Role } = {}): Promise<User[]> {
    let departmentIds: string[] | undefined;
    if (hasPlatformScope(actor, 'org:user:read')) {
      departmentIds = filter.departmentId ? [filter.departmentId] : undefined;
    } else {
      authorize(actor, 'org:user:read', actor.organisationId);
      const own = await this.repo.departmentsOfOrganisation(this.db, actor.organisationId!);
      departmentIds = filter.departmentId ? own.filter((id) => id === filter.departmentId) : own;
    }
    const rows = await this.repo.listUsers(this.db, { departmentIds, search: filter.search, role: filter.role });
    const roles = await this.repo.rolesOf(this.db, rows.map((r) => r.id));
    return rows.map((row) => toUser(row, roles.get(row.id) ?? []));
  }

  async getUser(actor: Actor, id: string): Promise<User> {
    const row = await this.repo.findUser(this.db, id);
    if (!row) throw new NotFoundError('用户 user', id);
    if (actor.userId !== id) {
      const org = await this.organisationOf(row.department_id);
      if (!can(actor, 'org:user:read', org.id)) throw new NotFoundError('用户 user', id);
    }
    const roles = await this.repo.rolesOf(this.db, [id]);
    return toUser(row, roles.get(id) ?? []);
  }

  /** Checks a role set: one duty class only (GB/T 39477), operator-only roles, and who may grant them. */
  private async assertRoles(actor: Actor, roles: readonly Role[], organisation: DepartmentRow, previous: readonly Role[] = []): Promise<void> {
    const classes = new Set(roles.map(dutyClassOf));
    if (classes.size > 1) {
      const names = [...classes].map((c) => `${c} (${DUTY_CLASSES[c].join('/')})`).join(' + ');
      throw ValidationError.field('roles', `管理、业务、审计职责须分离,一个账号不能同时拥有: ${names} (separation of duties)`, 'DUTY_SEPARATION');
    }
    const operatorOnly = roles.filter((r) => OPERATOR_ONLY_ROLES.includes(r));
    if (operatorOnly.length > 0 && !organisation.is_operator) {
      throw ValidationError.field('roles', `角色 ${operatorOnly.join(', ')} 只能授予平台管理单位人员 (operator-only roles)`, 'OPERATOR_ONLY_ROLE');
    }
    const granted = roles.filter((r) => !previous.includes(r));
    const revoked = previous.filter((r) => !roles.includes(r));
    const platformGrants = [...granted, ...revoked].filter((r) => PLATFORM_GRANTED_ROLES.includes(r));
    if (platformGrants.length > 0 && !(actor.kind === 'cli' || (actor.operatorMember && actor.roles.includes('platform_admin')))) {
      throw ValidationError.field('roles', `只有平台管理员可以授予或收回 ${platformGrants.join(', ')} (platform administrators only)`, 'ROLE_NOT_GRANTABLE');
    }
  }

  private assertAuditorKeeper(actor: Actor): void {
    if (!can(actor, 'org:auditor:manage')) {
      throw new NotAllowedError('org:auditor:manage', '安全审计员账号只能由另一名安全审计员或服务器命令行管理 (only another security auditor or the server CLI manages auditors)');
    }
  }

  /** Adds or removes one role of a user named by login (the server CLI). */
  async setRole(actor: Actor, username: string, role: Role, present: boolean): Promise<User> {
    const row = await this.repo.findUserByUsername(this.db, username);
    if (!row) throw new NotFoundError('用户 user', username);
    const roles = (await this.repo.rolesOf(this.db, [row.id])).get(row.id) ?? [];
    const next = present ? [...new Set([...roles, role])] : roles.filter((r) => r !== role);
    if (next.length === 0) throw ValidationError.field('roles', '该用户没有其他角色,请先授予新角色或停用账号 (the user would have no role left)');
    return this.updateUser(actor, row.id, { roles: next });
  }

  async createUser(actor: Actor, input: UserCreate): Promise<User> {
    const department = await this.repo.findDepartment(this.db, input.departmentId);
    if (!department) throw ValidationError.field('departmentId', `部门 ${input.departmentId} 不存在 (department not found)`);
    const organisation = await this.organisationOf(department.id);
    if (input.roles.includes(AUDITOR_ROLE)) this.assertAuditorKeeper(actor);
    else authorize(actor, 'org:user:manage', organisation.id);

    const idCheck = checkCitizenIdNumber(input.idNumber, this.deps.clock.now());
    if (!idCheck.valid) throw ValidationError.field('idNumber', `idNumber: ${idCheck.message}`, 'INVALID_ID_NUMBER');
    const weakness = passwordWeakness(input.password);
    if (weakness) throw ValidationError.field('password', `password: ${weakness}`, 'WEAK_PASSWORD');
    await this.assertRoles(actor, input.roles, organisation);

    const idNumber = input.idNumber.toUpperCase();
    const keys = this.deps.keys.data;
    const passwordHash = await hashPassword(input.password, this.deps.config.passwordCost);
    return this.db.transaction().execute(async (trx) => {
      if (await this.repo.findUserByUsername(trx, input.username)) {
        throw new ConflictError(`用户名 ${input.username} 已被使用 (username taken)`, 'USERNAME_TAKEN', [{ field: 'username', message: 'username taken' }]);
      }
      const digest = lookupDigest(keys, idNumber);
      if (await this.repo.findUserIdByIdNumberDigest(trx, digest)) {
        throw new ConflictError('该公民身份号码已有账号 (an account exists for this ID number)', 'ID_NUMBER_TAKEN', [{ field: 'idNumber', message: 'an account exists for this ID number' }]);
      }
      const { id } = await this.repo.insertUser(trx, {
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
      await this.repo.replaceRoles(trx, id, input.roles);
      if (input.roles.includes('data_officer')) {
        await this.repo.startDataOfficer(trx, { department_id: organisation.id, user_id: id, started_at: this.deps.clock.now(), note: null, assigned_by: actor.userId });
      }
      await this.deps.audit.record(trx, actor, {
        operation: 'org:user:create',
        targetType: 'user',
        targetId: id,
        details: { username: input.username, name: input.name, departmentId: department.id, roles: input.roles },
      });
      const row = await this.repo.findUser(trx, id);
      return toUser(row!, [...input.roles].sort());
    });
  }

  async updateUser(actor: Actor, id: string, input: UserUpdate & { unlock?: boolean }): Promise<User> {
    const existing = await this.repo.findUser(this.db, id);
    if (!existing) throw new NotFoundError('用户 user', id);
    const organisation = await this.organisationOf(existing.department_id);
    // A user the actor may not read does not exist for them (as in getUser): a 403 would confirm it does.
    if (actor.userId !== id && !can(actor, 'org:user:read', organisation.id)) throw new NotFoundError('用户 user', id);
    const previousRoles = (await this.repo.rolesOf(this.db, [id])).get(id) ?? [];
    const auditorTouched = previousRoles.includes(AUDITOR_ROLE) || Boolean(input.roles?.includes(AUDITOR_ROLE));
    const onlyUnlock = input.unlock === true && Object.keys(input).length === 1;
    // Lifting a login lock gives no access, so department and platform admins may still do it.
    if (auditorTouched && !(onlyUnlock && can(actor, 'org:user:manage', organisation.id))) {
      this.assertAuditorKeeper(actor);
      if (input.roles && actor.userId === id) throw new NotAllowedError('org:auditor:manage', '审计员的角色须由另一名安全审计员变更 (another auditor must change an auditor\'s roles)');
    } else if (!auditorTouched) authorize(actor, 'org:user:manage', organisation.id);
    if (input.roles) await this.assertRoles(actor, input.roles, organisation, previousRoles);
    if (input.active === false && actor.userId === id) throw ValidationError.field('active', '不能停用自己的账号 (you cannot deactivate yourself)');

    const now = this.deps.clock.now();
    const result = await this.db.transaction().execute(async (trx) => {
      await this.repo.updateUser(
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
      const roles = input.roles ?? previousRoles;
      if (input.roles) await this.repo.replaceRoles(trx, id, input.roles);
      // The data-officer registry follows the role: who held it, from when to when (000 Art. 26).
      const wasOfficer = previousRoles.includes('data_officer') && existing.active;
      const isOfficer = roles.includes('data_officer') && (input.active ?? existing.active);
      if (wasOfficer && !isOfficer) await this.repo.endDataOfficers(trx, id, null, now, actor.userId);
      if (!wasOfficer && isOfficer) {
        await this.repo.startDataOfficer(trx, { department_id: organisation.id, user_id: id, started_at: now, note: null, assigned_by: actor.userId });
      }
      if (input.active === false) await trx.updateTable('auth_session').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
      await this.deps.audit.record(trx, actor, {
        operation: input.unlock ? 'org:user:unlock' : 'org:user:update',
        targetType: 'user',
        targetId: id,
        details: { changes: { ...input, phone: input.phone ? maskPhone(input.phone) : undefined }, previousRoles },
      });
      const row = await this.repo.findUser(trx, id);
      return toUser(row!, [...roles].sort());
    });
    this.deps.actors.forgetUser(id);
    return result;
  }

  // ── data officers ──────────────────────────────────────────────────────────────────────────
  async listDataOfficers(actor: Actor, departmentId: string, includeHistory: boolean): Promise<DataOfficerAssignment[]> {
    const organisation = await this.organisationOf(departmentId);
    // The registry is reported to the operator; the department itself and the operator see it.
    if (!actor.operatorMember && actor.organisationId !== organisation.id) throw new NotFoundError('部门 department', departmentId);
    const rows = await this.repo.listDataOfficers(this.db, organisation.id, includeHistory);
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
    const organisation = await this.organisationOf(departmentId);
    authorize(actor, 'org:data-officer:manage', organisation.id);
    const user = await this.repo.findUser(this.db, userId);
    if (!user) throw ValidationError.field('userId', `用户 ${userId} 不存在 (user not found)`);
    const userOrg = await this.organisationOf(user.department_id);
    if (userOrg.id !== organisation.id) throw ValidationError.field('userId', '数据专员必须是本部门人员 (the officer must belong to the department)');
    const roles = (await this.repo.rolesOf(this.db, [userId])).get(userId) ?? [];
    if (!roles.includes('data_officer')) await this.assertRoles(actor, [...roles, 'data_officer'], organisation, roles);
    await this.db.transaction().execute(async (trx) => {
      if (await this.repo.findCurrentDataOfficer(trx, organisation.id, userId)) {
        throw new ConflictError('该用户已是本部门数据专员 (already a data officer)', 'ALREADY_DATA_OFFICER');
      }
      if (!roles.includes('data_officer')) await this.repo.replaceRoles(trx, userId, [...roles, 'data_officer']);
      await this.repo.startDataOfficer(trx, { department_id: organisation.id, user_id: userId, started_at: this.deps.clock.now(), note: note ?? null, assigned_by: actor.userId });
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
    const organisation = await this.organisationOf(departmentId);
    authorize(actor, 'org:data-officer:manage', organisation.id);
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.findCurrentDataOfficer(trx, organisation.id, userId);
      if (!current) throw new NotFoundError('数据专员 data officer', userId);
      const now = this.deps.clock.now();
      await this.repo.endDataOfficers(trx, userId, organisation.id, now, actor.userId);
      const roles = (await this.repo.rolesOf(trx, [userId])).get(userId) ?? [];
      const remaining = roles.filter((r) => r !== 'data_officer');
      if (remaining.length === 0) throw ValidationError.field('userId', '该用户没有其他角色,请先授予新角色或停用账号 (the user would have no role left)');
      await this.repo.replaceRoles(trx, userId, remaining);
      await this.deps.audit.record(trx, actor, { operation: 'org:data-officer:end', targetType: 'department', targetId: organisation.id, details: { userId } });
    });
    this.deps.actors.forgetUser(userId);
    return this.listDataOfficers(actor, organisation.id, true);
  }

  // ── application systems ────────────────────────────────────────────────────────────────────
  async listSystems(actor: Actor, departmentId?: string): Promise<ApplicationSystem[]> {
    let departmentIds: string[] | undefined;
    if (hasPlatformScope(actor, 'org:system:read')) departmentIds = departmentId ? [departmentId] : undefined;
    else {
      authorize(actor, 'org:system:read', actor.organisationId);
      const own = await this.repo.departmentsOfOrganisation(this.db, actor.organisationId!);
      departmentIds = departmentId ? own.filter((id) => id === departmentId) : own;
    }
    return (await this.repo.listSystems(this.db, departmentIds)).map(toSystem);
  }

  async createSystem(actor: Actor, input: { departmentId: string; name: string; description?: string }): Promise<{ system: ApplicationSystem; clientSecret: string }> {
    const department = await this.repo.findDepartment(this.db, input.departmentId);
    if (!department) throw ValidationError.field('departmentId', `部门 ${input.departmentId} 不存在 (department not found)`);
    const organisation = await this.organisationOf(department.id);
    authorize(actor, 'org:system:manage', organisation.id);
    const secret = randomToken(32);
    const now = this.deps.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const { id } = await this.repo
        .insertSystem(trx, {
          department_id: organisation.id,
          name: input.name,
          description: input.description ?? null,
          client_id: `hts_${randomToken(12)}`,
          secret_hash: await hashPassword(secret, this.deps.config.passwordCost),
          secret_rotated_at: now,
        })
        .catch((error) => this.rethrowUnique(error));
      await this.deps.audit.record(trx, actor, { operation: 'org:system:create', targetType: 'application_system', targetId: id, details: { name: input.name, departmentId: organisation.id } });
      return { system: toSystem((await this.repo.findSystem(trx, id))!), clientSecret: secret };
    });
  }

  async rotateSystemSecret(actor: Actor, id: string): Promise<{ system: ApplicationSystem; clientSecret: string }> {
    const system = await this.findVisibleSystem(actor, id);
    authorize(actor, 'org:system:manage', system.department_id);
    const secret = randomToken(32);
    const result = await this.db.transaction().execute(async (trx) => {
      await this.repo.updateSystem(trx, id, { secret_hash: await hashPassword(secret, this.deps.config.passwordCost), secret_rotated_at: this.deps.clock.now() });
      // Tokens issued with the old secret stop working at once.
      await trx.updateTable('auth_session').set({ revoked_at: this.deps.clock.now() }).where('system_id', '=', id).where('revoked_at', 'is', null).execute();
      await this.deps.audit.record(trx, actor, { operation: 'org:system:rotate-secret', targetType: 'application_system', targetId: id });
      return { system: toSystem((await this.repo.findSystem(trx, id))!), clientSecret: secret };
    });
    this.deps.actors.forgetSystem(id);
    return result;
  }

  async setSystemActive(actor: Actor, id: string, active: boolean): Promise<ApplicationSystem> {
    const system = await this.findVisibleSystem(actor, id);
    authorize(actor, 'org:system:manage', system.department_id);
    const result = await this.db.transaction().execute(async (trx) => {
      await this.repo.updateSystem(trx, id, { active });
      if (!active) await trx.updateTable('auth_session').set({ revoked_at: this.deps.clock.now() }).where('system_id', '=', id).where('revoked_at', 'is', null).execute();
      await this.deps.audit.record(trx, actor, { operation: active ? 'org:system:enable' : 'org:system:disable', targetType: 'application_system', targetId: id });
      return toSystem((await this.repo.findSystem(trx, id))!);
    });
    this.deps.actors.forgetSystem(id);
    return result;
  }

  /** A system outside what the actor can list (listSystems) does not exist for them: a 403 would confirm it does. */
  private async findVisibleSystem(actor: Actor, id: string) {
    const system = await this.repo.findSystem(this.db, id);
    const visible = system && (hasPlatformScope(actor, 'org:system:read') || (await this.organisationOf(system.department_id)).id === actor.organisationId);
    if (!system || !visible) throw new NotFoundError('应用系统 application system', id);
    return system;
  }

  private rethrowUnique(error: unknown): never {
    const pgError = error as { code?: string; constraint?: string; detail?: string };
    if (pgError.code === '23505') {
      const constraint = pgError.constraint ?? '';
      const field = constraint.includes('uscc') ? 'uscc' : constraint.includes('name') ? 'name' : constraint.includes('class_code') ? 'classCode' : undefined;
      throw new ConflictError(`已存在相同的记录 (${constraint || 'duplicate'})`, 'DUPLICATE', field ? [{ field, message: 'already exists' }] : undefined);
    }
    throw error;
  }
}
