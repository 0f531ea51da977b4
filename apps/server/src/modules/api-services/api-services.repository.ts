import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export type AuthKind = 'none' | 'header' | 'basic' | 'oauth2_client_credentials';

/** Table of migration 20261204_0070_api_services. */
export interface ApiServiceTable {
  id: Generated<string>;
  entry_id: string;
  provider_department_id: string;
  state: 'active' | 'inactive';
  base_url: string;
  openapi: Record<string, unknown>;
  operations: string[];
  probe_path: string | null;
  auth_kind: AuthKind;
  auth_config: Record<string, string>;
  auth_secret_enc: string | null;
  connect_timeout_ms: number;
  read_timeout_ms: number;
  last_probe: unknown;
  last_probe_ok: boolean | null;
  last_probe_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

type Tables = { api_service: ApiServiceTable };
export type ApiServiceDb = Kysely<Tables>;
export type ApiServiceRow = Selectable<ApiServiceTable>;
export const apiServiceDb = (db: Kysely<Database> | Kysely<any>): ApiServiceDb => (db as Kysely<any>).withTables<Tables>() as unknown as ApiServiceDb;
/** The same executor seen as the platform's, for the audit trail and the catalog port. */
export const platformDb = (db: ApiServiceDb): Kysely<Database> => db as unknown as Kysely<Database>;

/** SQL of the API services. Department scope is in every read: null = platform scope (every department). */
export class ApiServicesRepository {
  insert(db: ApiServiceDb, values: Insertable<ApiServiceTable>) {
    return db.insertInto('api_service').values(values).returningAll().executeTakeFirstOrThrow();
  }

  find(db: ApiServiceDb, id: string, departmentId: string | null) {
    let q = db.selectFrom('api_service').selectAll().where('id', '=', id);
    if (departmentId !== null) q = q.where('provider_department_id', '=', departmentId);
    return q.executeTakeFirst();
  }

  list(db: ApiServiceDb, departmentId: string | null, filter: { entryId?: string; state?: ApiServiceTable['state'] }) {
    let q = db.selectFrom('api_service').selectAll();
    if (departmentId !== null) q = q.where('provider_department_id', '=', departmentId);
    if (filter.entryId) q = q.where('entry_id', '=', filter.entryId);
    if (filter.state) q = q.where('state', '=', filter.state);
    return q.orderBy('created_at', 'desc').execute();
  }

  activeForEntry(db: ApiServiceDb, entryId: string) {
    return db.selectFrom('api_service').select('id').where('entry_id', '=', entryId).where('state', '=', 'active').executeTakeFirst();
  }

  /** Guarded: only an active registration changes; undefined when it is not (any more) active. */
  updateActive(db: ApiServiceDb, id: string, values: Updateable<ApiServiceTable>) {
    return db.updateTable('api_service').set(values).where('id', '=', id).where('state', '=', 'active').returningAll().executeTakeFirst();
  }

  /** The probe result of an active registration (a probe finishing after a deactivation changes nothing). */
  async recordProbe(db: ApiServiceDb, id: string, result: unknown, ok: boolean, at: Date): Promise<boolean> {
    const r = await db.updateTable('api_service').set({ last_probe: JSON.stringify(result) as never, last_probe_ok: ok, last_probe_at: at }).where('id', '=', id).where('state', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deactivate(db: ApiServiceDb, id: string, at: Date): Promise<boolean> {
    const r = await db.updateTable('api_service').set({ state: 'inactive', updated_at: at }).where('id', '=', id).where('state', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
