import { sql } from 'kysely';
import type { Role } from '@huitong/contracts';
import type { Db } from './departments.repository.ts';

/** A user with the department's name, as the org directory shows it: never the password hash. */
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
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Departments acting for an organisation (it and its internal units), as a subquery for a WHERE clause. */
const unitsOf = (organisationId: string) => sql`(with recursive unit as (
    select id from department where id = ${organisationId}
    union all
    select d.id from department d join unit on d.parent_id = unit.id where d.kind = 'internal_unit'
  ) select id from unit)`;

/** Queries on users and their roles. */
export class UsersRepository {
  private userQuery(db: Db) {
    return db
      .selectFrom('app_user as u')
      .innerJoin('department as d', 'd.id', 'u.department_id')
      .select(['u.id', 'u.username', 'u.name', 'u.id_number_masked', 'u.phone_masked', 'u.email', 'u.department_id', 'd.name as department_name', 'u.active', 'u.locked_until', 'u.created_at', 'u.updated_at']);
  }

  findUser(db: Db, id: string): Promise<UserWithDepartment | undefined> {
    return this.userQuery(db).where('u.id', '=', id).executeTakeFirst();
  }

  /** The user if they belong to the organisation (or any organisation when `organisationId` is null). */
  findUserInScope(db: Db, id: string, organisationId: string | null): Promise<UserWithDepartment | undefined> {
    let query = this.userQuery(db).where('u.id', '=', id);
    if (organisationId) query = query.where(sql<boolean>`u.department_id in ${unitsOf(organisationId)}`);
    return query.executeTakeFirst();
  }

  findUserByUsername(db: Db, username: string): Promise<UserWithDepartment | undefined> {
    return this.userQuery(db).where(sql`lower(u.username)`, '=', username.toLowerCase()).executeTakeFirst();
  }

  /** A user by login with the password hash, for signing in only. */
  findLoginByUsername(db: Db, username: string) {
    return this.userQuery(db).select('u.password_hash').where(sql`lower(u.username)`, '=', username.toLowerCase()).executeTakeFirst();
  }

  async passwordHashOf(db: Db, userId: string): Promise<string | undefined> {
    const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirst();
    return row?.password_hash;
  }

  listUsers(db: Db, filter: { departmentIds?: string[]; search?: string; role?: Role }): Promise<UserWithDepartment[]> {
    let query = this.userQuery(db);
    if (filter.departmentIds) query = query.where('u.department_id', 'in', filter.departmentIds.length ? filter.departmentIds : ['00000000-0000-0000-0000-000000000000']);
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search)}%`;
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
  lookupActiveUsers(db: Db, organisationId: string, search: string, excludeUserId: string | null, limit: number): Promise<UserWithDepartment[]> {
    const pattern = `%${escapeLike(search)}%`;
    const own = sql<boolean>`u.department_id in ${unitsOf(organisationId)}`;
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

  /** Returns how many rows changed (0: the user is gone). */
  async updateUser(
    db: Db,
    id: string,
    values: Partial<{ name: string; phone_cipher: string; phone_masked: string; email: string | null; active: boolean; locked_until: Date | null; password_hash: string; password_changed_at: Date }>,
    now: Date,
  ): Promise<number> {
    const result = await db.updateTable('app_user').set({ ...values, updated_at: now }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteRoles(db: Db, userId: string): Promise<void> {
    await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  }

  async insertRoles(db: Db, userId: string, roles: readonly Role[]): Promise<void> {
    if (roles.length === 0) return;
    await db.insertInto('user_role').values(roles.map((role) => ({ user_id: userId, role }))).execute();
  }
}
