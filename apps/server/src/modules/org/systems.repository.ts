import type { Db } from './departments.repository.ts';

/** Queries on application systems. */
export class SystemsRepository {
  /** Never selects the secret hash: these rows leave the module through the directory. */
  private systemQuery(db: Db) {
    return db
      .selectFrom('application_system as s')
      .innerJoin('department as d', 'd.id', 's.department_id')
      .select(['s.id', 's.department_id', 'd.name as department_name', 's.name', 's.description', 's.client_id', 's.secret_rotated_at', 's.active', 's.created_at']);
  }

  listSystems(db: Db, departmentIds?: string[]) {
    let query = this.systemQuery(db);
    if (departmentIds) query = query.where('s.department_id', 'in', departmentIds.length ? departmentIds : ['00000000-0000-0000-0000-000000000000']);
    return query.orderBy('d.name').orderBy('s.name').execute();
  }

  findSystem(db: Db, id: string) {
    return this.systemQuery(db).where('s.id', '=', id).executeTakeFirst();
  }

  /** A system by client id with its secret hash, for issuing tokens only. */
  findSystemCredentials(db: Db, clientId: string) {
    return this.systemQuery(db).select('s.secret_hash').where('s.client_id', '=', clientId).executeTakeFirst();
  }

  insertSystem(db: Db, values: { department_id: string; name: string; description: string | null; client_id: string; secret_hash: string; secret_rotated_at: Date }) {
    return db.insertInto('application_system').values(values).returning('id').executeTakeFirstOrThrow();
  }

  /** Returns how many rows changed (0: the system is gone). */
  async updateSystem(db: Db, id: string, values: Partial<{ secret_hash: string; secret_rotated_at: Date; active: boolean; description: string | null }>): Promise<number> {
    const result = await db.updateTable('application_system').set(values).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

export type SystemRow = NonNullable<Awaited<ReturnType<SystemsRepository['findSystem']>>>;
