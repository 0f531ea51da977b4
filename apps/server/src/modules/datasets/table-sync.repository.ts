import type { Insertable, Kysely } from 'kysely';
import type { DatasetDb } from './datasets.schema.ts';

/** Tables of migration 20261204_0030_table_sync. */
export interface SourceConnectionTable {
  id: string;
  provider_department_id: string;
  name: string;
  kind: 'postgres' | 'mysql';
  host: string;
  port: number;
  database_name: string;
  username: string;
  password_enc: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SyncMappingTable {
  id: string;
  dataset_id: string;
  connection_id: string;
  source_schema: string;
  source_table: string;
  columns: Record<string, string>;
  key_column: string | null;
  watermark_column: string | null;
  interval_minutes: number | null;
  last_watermark: string | null;
  last_key: string | null;
  last_run_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

type SyncTables = { dataset_source_connection: SourceConnectionTable; dataset_sync_mapping: SyncMappingTable };
export type SyncDb = Kysely<SyncTables>;
export const syncDb = (db: DatasetDb | Kysely<any>): SyncDb => (db as Kysely<any>).withTables<SyncTables>() as unknown as SyncDb;
export type ConnectionRow = SourceConnectionTable;
export type MappingRow = SyncMappingTable;

/** SQL of table sync. Department scope is in every read: null = platform scope (every department). */
export class TableSyncRepository {
  insertConnection(db: SyncDb, values: Insertable<SourceConnectionTable>) {
    return db.insertInto('dataset_source_connection').values(values).returningAll().executeTakeFirstOrThrow();
  }

  findConnection(db: SyncDb, id: string, departmentId: string | null) {
    let q = db.selectFrom('dataset_source_connection').selectAll().where('id', '=', id);
    if (departmentId !== null) q = q.where('provider_department_id', '=', departmentId);
    return q.executeTakeFirst();
  }

  listConnections(db: SyncDb, departmentId: string | null) {
    let q = db.selectFrom('dataset_source_connection').selectAll();
    if (departmentId !== null) q = q.where('provider_department_id', '=', departmentId);
    return q.orderBy('created_at', 'desc').execute();
  }

  /** One mapping per dataset: a new one replaces the old and starts the cursor afresh. */
  async upsertMapping(db: SyncDb, values: Insertable<SyncMappingTable>) {
    return db
      .insertInto('dataset_sync_mapping')
      .values(values)
      .onConflict((oc) =>
        oc.column('dataset_id').doUpdateSet({
          connection_id: values.connection_id,
          source_schema: values.source_schema,
          source_table: values.source_table,
          columns: values.columns,
          key_column: values.key_column ?? null,
          watermark_column: values.watermark_column ?? null,
          interval_minutes: values.interval_minutes ?? null,
          last_watermark: null,
          last_key: null,
          updated_at: values.updated_at,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findMapping(db: SyncDb, datasetId: string) {
    return db.selectFrom('dataset_sync_mapping').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst();
  }

  /** Mappings with a schedule whose interval has passed since the last run. */
  dueMappings(db: SyncDb, now: Date) {
    return db
      .selectFrom('dataset_sync_mapping')
      .selectAll()
      .where('interval_minutes', 'is not', null)
      .execute()
      .then((rows) => rows.filter((r) => !r.last_run_at || r.last_run_at.getTime() + r.interval_minutes! * 60_000 <= now.getTime()));
  }

  markRun(db: SyncDb, id: string, now: Date) {
    return db.updateTable('dataset_sync_mapping').set({ last_run_at: now }).where('id', '=', id).execute();
  }

  /** Inside the batch's transaction: the cursor moves only if the batch commits. */
  advanceCursor(db: SyncDb, id: string, watermark: string, key: string, now: Date) {
    return db.updateTable('dataset_sync_mapping').set({ last_watermark: watermark, last_key: key, updated_at: now }).where('id', '=', id).execute();
  }
}
