import type { ColumnType, Generated, Kysely } from 'kysely';
import type { ItemDataType } from '@huitong/contracts';
import type { Database } from '../../platform/db/schema.ts';

/** Tables owned by the datasets module (migration 20261204_0010_datasets, ADR 0012). */
export interface DatasetTable {
  id: Generated<string>;
  entry_id: string;
  provider_department_id: string;
  table_name: string;
  entry_version_id: string;
  key_item_code: string | null;
  key_kind: 'id_number' | 'uscc' | 'other' | 'generated';
  is_base: Generated<boolean>;
  row_count: ColumnType<string, string | number | undefined, string | number>;
  last_batch_id: string | null;
  last_loaded_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  /** Why the newest published version could not migrate the table (migration 20261204_0041). */
  migration_problem: string | null;
  migration_problem_version_id: string | null;
  migration_problem_at: Date | null;
}

export interface DatasetColumnTable {
  dataset_id: string;
  ordinal: number;
  column_name: string;
  item_code: string;
  item_name: string;
  data_type: ItemDataType;
  length: number | null;
  required: boolean;
  identifier_kind: string;
  /** The item left the catalog: the column and its data stay, out of loads and templates. */
  hidden: Generated<boolean>;
}

type Count = ColumnType<string, number | undefined, number>;

export interface DatasetBatchTable {
  id: Generated<string>;
  dataset_id: string;
  batch_no: number;
  state: 'receiving' | 'validating' | 'loaded' | 'rejected' | 'failed' | 'rolled_back';
  source: 'upload' | 'sync' | 'api' | 'rollback';
  rollback_of: string | null;
  mode: 'replace' | 'upsert';
  on_error: 'reject' | 'load_valid';
  file_name: string | null;
  file_size: ColumnType<string | null, number | null | undefined, number | null>;
  file_sm3: string | null;
  encoding: string | null;
  rows_read: Count;
  rows_inserted: Count;
  rows_updated: Count;
  rows_deleted: Count;
  rows_unchanged: Count;
  rows_rejected: Count;
  error_count: Count;
  failure: string | null;
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface DatasetBatchErrorTable {
  batch_id: string;
  ordinal: number;
  row_no: ColumnType<string | null, number | null, number | null>;
  column_name: string | null;
  value: string | null;
  rule: string;
  message: string;
}

export interface DatasetChangeTable {
  dataset_id: string;
  seq: ColumnType<string, number | string, never>;
  batch_id: string;
  record_key: string;
  op: 'create' | 'update' | 'delete';
  data: unknown;
  old_data: unknown;
  changed_at: Date;
}

/** Monthly reports of file-provided datasets (migration 20261204_0040, 004 五.3). */
export interface DatasetMonthlyReportTable {
  id: Generated<string>;
  dataset_id: string;
  period: string;
  due_on: ColumnType<string, string, string>;
  zero_reported_by: string | null;
  zero_reported_at: Date | null;
  zero_note: string | null;
  reminded_at: Date | null;
  missing_recorded_at: Date | null;
}

export type DatasetTables = {
  dataset: DatasetTable;
  dataset_column: DatasetColumnTable;
  dataset_batch: DatasetBatchTable;
  dataset_batch_error: DatasetBatchErrorTable;
  dataset_change: DatasetChangeTable;
  dataset_monthly_report: DatasetMonthlyReportTable;
};

export type DatasetDb = Kysely<Database & DatasetTables>;

/** The module's tables on the platform's handle (the shared schema.ts stays untouched). */
export function datasetDb(db: Kysely<Database>): DatasetDb {
  return db.withTables<DatasetTables>();
}

/** The same executor seen as the platform's, for the audit trail and other modules' ports. */
export function platformDb(db: DatasetDb): Kysely<Database> {
  return db as unknown as Kysely<Database>;
}

/** The generated, never user-typed, name of a dataset's row table. */
export function rowTableName(datasetId: string): string {
  const name = `d_${datasetId.replace(/-/g, '').toLowerCase()}`;
  if (!/^d_[0-9a-f]{32}$/.test(name)) throw new Error(`not a dataset id: ${datasetId}`);
  return name;
}

/** SQL column type for each catalog item type (ADR 0012). */
export function columnSqlType(dataType: ItemDataType): string {
  switch (dataType) {
    case 'C':
    case 'M':
      return 'text';
    case 'N':
    case 'Y':
      return 'numeric';
    case 'I':
      return 'bigint';
    case 'B':
    case 'F':
      return 'double precision';
    case 'D':
      return 'date';
    case 'T':
      return 'timestamptz';
    case 'L':
      return 'boolean';
    case 'G':
      return 'bytea';
  }
}
