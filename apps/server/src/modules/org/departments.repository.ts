import { sql, type Insertable, type Kysely } from 'kysely';
import type { Role } from '@huitong/contracts';
import type { Database, DepartmentRow, DepartmentTable } from '../../platform/db/schema.ts';

export type Db = Kysely<Database>;

export interface UserWithDepartment {
  id: string;
  username: string;
  name: string;
  id_number_masked: string;
  phone_masked: string;
  email: string | null;
  department_id: string;
  department_name: string;
  active: boolean;
  locked_until: Date | null;
  created_at: Date;
  /** The last change by an administrator (an unlock clears locked_until and sets this). */
  updated_at: Date;
  password_hash: string;
}

/** Queries of the org module: departments, users and roles, data officers, application systems. */
export class OrgRepository {
  // ── departments ────────────────────────────────────────────────────────────────────────────
  listDepartments(db: Db): Promise<DepartmentRow[]> {
    return db.selectFrom('department').selectAll().orderBy('created_at').orderBy('name').execute();
  }

  findDepartment(db: Db, id: string): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findDepartmentsByIds(db: Db, ids: readonly string[]): Promise<Array<Pick<DepartmentRow, 'id' | 'name'>>> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('department').select(['id', 'name']).where('id', 'in', ids).execute();
  }

  findDepartmentByName(db: Db, name: string): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('name', '=', name).executeTakeFirst();
  }

  findOperator(db: Db): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('is_operator', '=', true).executeTakeFirst();
  }

  /**
   * The organisation (政务部门) a department acts for: itself, or the nearest ancestor that is not
   * an internal unit.
   */
  async organisationOf(db: Db, departmentId: string): Promise<DepartmentRow | undefined> {
    const result = await sql<DepartmentRow>`
      with recursive chain as (
        select d.*, 0 as depth from department d where d.id = ${departmentId}
        union all
        select p.*, c.depth + 1 from department p join chain c on p.id = c.parent_id where c.kind = 'internal_unit'
      )
      select id, parent_id, name, short_name, kind, level, uscc, class_code, is_operator, active, created_at, updated_at
      from chain where kind <> 'internal_unit' order by depth limit 1`.execute(db);
    return result.rows[0];
  }

  /** Departments that act for an organisation: the organisation and its internal units (any depth). */
  async departmentsOfOrganisation(db: Db, organisationId: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      with recursive unit as (
        select id from department where id = ${organisationId}
        union all
        select d.id from department d join unit u on d.parent_id = u.id where d.kind = 'internal_unit'
      )
      select id from unit`.execute(db);
    return result.rows.map((r) => r.id);
  }

  async nextDepartmentClassCode(db: Db): Promise<string> {
    const row = await db
      .selectFrom('department')
      .select(sql<number>`coalesce(max(class_code::int), 0) + 1`.as('next'))
      .where('class_code', 'is not', null)
      .executeTakeFirstOrThrow();
    return String(row.next).padStart(2, '0');
  }

  insertDepartment(db: Db, values: Insertable<DepartmentTable>): Promise<DepartmentRow> {
    return db.insertInto('department').values(values).returningAll().executeTakeFirstOrThrow();
  }

  updateDepartment(db: Db, id: string, values: Partial<Pick<DepartmentRow, 'name' | 'short_name' | 'uscc' | 'active'>>, now: Date) {
    return db.updateTable('department').set({ ...values, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
  }

  // ── users ──────────────────────────────────────────────────────────────────────────────────
  private userQuery(db: Db) {
    return db
      .selectFrom('app_user as u')
      .innerJoin('department as d', 'd.id', 'u.department_id')
      .select([
        'u.id',
        'u.username',
        'u.name',
        'u.id_number_masked',
        'u.phone_masked',
        'u.email',
        'u.department_id',
        'd.name as department_name',
        'u.active',
        'u.locked_until',
        'u.created_at',
        'u.updated_at',
        'u.password_hash',
      ]);
  }

  findUser(db: Db, id: string): Promise<UserWithDepartment | undefined> {
    return this.userQuery(db).where('u.id', '=', id).executeTakeFirst();
  }

  findUserByUsername(db: Db, username: string): Promise<UserWithDepartment | undefined> {
    return this.userQuery(db).where(sql`lower(u.username)`, '=', username.toLowerCase()).executeTakeFirst();
  }

  listUsers(db: Db, filter: { departmentIds?: string[]; search?: string; role?: Role }): Promise<UserWithDepartment[]> {
    let query = this.userQuery(db);
    if (filter.departmentIds) query = query.where('u.department_id', 'in', filter.departmentIds.length ? filter.departmentIds : ['00000000-0000-0000-0000-000000000000']);
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('u.name', 'like', pattern), eb('u.username', 'ilike', pattern)]));
    }
    if (filter.role) {
      const role = filter.role;
      query = query.where((eb) => eb.exists(eb.selectFrom('user_role as r').whereRef('r.user_id', '=', 'u.id').where('r.role', '=', role)));
    }
    return query.orderBy('d.name').orderBy('u.name').execute();
  }

  /**
   * Active users a leader may look up: those of the leader's organisation (the department and its
   * internal units) whose name or username contains `search` literally (LIKE wildcards escaped),
   * and anyone else only on an exact username or full name, so other departments cannot be
   * listed. Scope and limit are in the SQL.
   */
  async lookupActiveUsers(db: Db, organisationId: string, search: string, excludeUserId: string | null, limit: number): Promise<UserWithDepartment[]> {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const own = sql<boolean>`u.department_id in (with recursive unit as (
        select id from department where id = ${organisationId}
        union all
        select d.id from department d join unit on d.parent_id = unit.id where d.kind = 'internal_unit'
      ) select id from unit)`;
    let query = this.userQuery(db)
      .where('u.active', '=', true)
      .where((eb) =>
        eb.or([
          eb.and([own, eb.or([sql<boolean>`u.name like ${pattern} escape '\\'`, sql<boolean>`u.username ilike ${pattern} escape '\\'`])]),
          sql<boolean>`lower(u.username) = ${search.toLowerCase()}`,
          eb('u.name', '=', search),
        ]),
      );
    if (excludeUserId) query = query.where('u.id', '<>', excludeUserId);
    return query.orderBy('d.name').orderBy('u.name').limit(limit).execute();
  }

  async rolesOf(db: Db, userIds: readonly string[]): Promise<Map<string, Role[]>> {
    const map = new Map<string, Role[]>();
    if (userIds.length === 0) return map;
    const rows = await db.selectFrom('user_role').select(['user_id', 'role']).where('user_id', 'in', userIds).orderBy('role').execute();
    for (const row of rows) {
      const list = map.get(row.user_id) ?? [];
      list.push(row.role as Role);
      map.set(row.user_id, list);
    }
    return map;
  }

  async findUserIdByIdNumberDigest(db: Db, digest: string): Promise<string | undefined> {
    const row = await db.selectFrom('app_user').select('id').where('id_number_digest', '=', digest).executeTakeFirst();
    return row?.id;
  }

  insertUser(
    db: Db,
    values: {
      username: string;
      name: string;
      id_number_cipher: string;
      id_number_digest: string;
      id_number_masked: string;
      phone_cipher: string;
      phone_masked: string;
      email: string | null;
      department_id: string;
      password_hash: string;
    },
  ): Promise<{ id: string }> {
    return db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
  }

  updateUser(
    db: Db,
    id: string,
    values: Partial<{ name: string; phone_cipher: string; phone_masked: string; email: string | null; active: boolean; locked_until: Date | null; password_hash: string; password_changed_at: Date }>,
    now: Date,
  ) {
    return db.updateTable('app_user').set({ ...values, updated_at: now }).where('id', '=', id).executeTakeFirst();
  }

  async replaceRoles(db: Db, userId: string, roles: readonly Role[]): Promise<void> {
    await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
    if (roles.length > 0) await db.insertInto('user_role').values(roles.map((role) => ({ user_id: userId, role }))).execute();
  }

  // ── data officers ──────────────────────────────────────────────────────────────────────────
  listDataOfficers(db: Db, departmentId: string, includeHistory: boolean) {
    let query = db
      .selectFrom('data_officer as o')
      .innerJoin('app_user as u', 'u.id', 'o.user_id')
      .select(['o.id', 'o.department_id', 'o.user_id', 'u.name as user_name', 'u.phone_masked', 'o.started_at', 'o.ended_at', 'o.note'])
      .where('o.department_id', '=', departmentId);
    if (!includeHistory) query = query.where('o.ended_at', 'is', null);
    return query.orderBy('o.started_at', 'desc').execute();
  }

  findCurrentDataOfficer(db: Db, departmentId: string, userId: string) {
    return db
      .selectFrom('data_officer')
      .selectAll()
      .where('department_id', '=', departmentId)
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
  }

  startDataOfficer(db: Db, values: { department_id: string; user_id: string; started_at: Date; note: string | null; assigned_by: string | null }) {
    return db.insertInto('data_officer').values(values).returning('id').executeTakeFirstOrThrow();
  }

  endDataOfficers(db: Db, userId: string, departmentId: string | null, endedAt: Date, endedBy: string | null) {
    let query = db.updateTable('data_officer').set({ ended_at: endedAt, ended_by: endedBy }).where('user_id', '=', userId).where('ended_at', 'is', null);
    if (departmentId) query = query.where('department_id', '=', departmentId);
    return query.execute();
  }

  // ── application systems ────────────────────────────────────────────────────────────────────
  private systemQuery(db: Db) {
    return db
      .selectFrom('application_system as s')
      .innerJoin('department as d', 'd.id', 's.department_id')
      .select(['s.id', 's.department_id', 'd.name as department_name', 's.name', 's.description', 's.client_id', 's.secret_hash', 's.secret_rotated_at', 's.active', 's.created_at']);
  }

  listSystems(db: Db, departmentIds?: string[]) {
    let query = this.systemQuery(db);
    if (departmentIds) query = query.where('s.department_id', 'in', departmentIds.length ? departmentIds : ['00000000-0000-0000-0000-000000000000']);
    return query.orderBy('d.name').orderBy('s.name').execute();
  }

  findSystem(db: Db, id: string) {
    return this.systemQuery(db).where('s.id', '=', id).executeTakeFirst();
  }

  findSystemByClientId(db: Db, clientId: string) {
    return this.systemQuery(db).where('s.client_id', '=', clientId).executeTakeFirst();
  }

  insertSystem(db: Db, values: { department_id: string; name: string; description: string | null; client_id: string; secret_hash: string; secret_rotated_at: Date }) {
    return db.insertInto('application_system').values(values).returning('id').executeTakeFirstOrThrow();
  }

  updateSystem(db: Db, id: string, values: Partial<{ secret_hash: string; secret_rotated_at: Date; active: boolean; description: string | null }>) {
    return db.updateTable('application_system').set(values).where('id', '=', id).executeTakeFirst();
  }
}
