import { sql, type Insertable, type Updateable } from 'kysely';
import type { ItemDataType } from '@huitong/contracts';
import { columnSqlType, type DatasetColumnTable, type DatasetDb } from './datasets.schema.ts';

/** Length of a 字符型 item as a column check; other types carry none. */
export function lengthOf(dataType: ItemDataType, length: number | null): number | null {
  return dataType === 'C' && length !== null && Number.isInteger(length) ? length : null;
}

/** SQL of the table migration (ADR 0012). Names are generated (`d_<hex>`, `c<n>`), never user text. */
export class DatasetMigrationRepository {
  constructor(private readonly rowsSchema: () => string) {}

  private table(tableName: string) {
    return sql.table(`${this.rowsSchema()}.${tableName}`);
  }

  /** Every dataset with the version its table was built for. */
  allDatasets(db: DatasetDb) {
    return db.selectFrom('dataset').select(['id', 'entry_id', 'entry_version_id', 'table_name', 'provider_department_id', 'migration_problem_version_id']).execute();
  }

  /** Locks the dataset row: no load runs on the table while it changes, and a second node waits. */
  lockDataset(db: DatasetDb, datasetId: string) {
    return db.selectFrom('dataset').select(['entry_version_id', 'key_item_code']).where('id', '=', datasetId).forUpdate().executeTakeFirstOrThrow();
  }

  /** The table now matches `versionId`: any earlier problem is resolved. */
  async setVersion(db: DatasetDb, datasetId: string, versionId: string, at: Date): Promise<void> {
    await db.updateTable('dataset').set({ entry_version_id: versionId, migration_problem: null, migration_problem_version_id: null, migration_problem_at: null, updated_at: at }).where('id', '=', datasetId).execute();
  }

  async recordProblem(db: DatasetDb, datasetId: string, problem: string, versionId: string, at: Date): Promise<void> {
    await db.updateTable('dataset').set({ migration_problem: problem, migration_problem_version_id: versionId, migration_problem_at: at }).where('id', '=', datasetId).execute();
  }

  problem(db: DatasetDb, datasetId: string) {
    return db.selectFrom('dataset').select(['migration_problem', 'migration_problem_version_id', 'migration_problem_at']).where('id', '=', datasetId).executeTakeFirstOrThrow();
  }

  async insertColumn(db: DatasetDb, values: Insertable<DatasetColumnTable>): Promise<void> {
    await db.insertInto('dataset_column').values(values).execute();
  }

  async updateColumn(db: DatasetDb, datasetId: string, itemCode: string, values: Updateable<DatasetColumnTable>): Promise<void> {
    await db.updateTable('dataset_column').set(values).where('dataset_id', '=', datasetId).where('item_code', '=', itemCode).execute();
  }

  allColumns(db: DatasetDb, datasetId: string) {
    return db.selectFrom('dataset_column').selectAll().where('dataset_id', '=', datasetId).orderBy('ordinal').execute();
  }

  /** The length check keeps the name PostgreSQL gave it at creation, so either path finds it. */
  private checkName(tableName: string, column: string): string {
    return `${tableName}_${column}_check`;
  }

  async addColumn(db: DatasetDb, tableName: string, column: string, dataType: ItemDataType, length: number | null): Promise<void> {
    // Nullable whatever the item says: the rows already loaded have no value for it.
    await sql`alter table ${this.table(tableName)} add column ${sql.id(column)} ${sql.raw(columnSqlType(dataType))}`.execute(db);
    await this.setLength(db, tableName, column, length);
  }

  /** A changed type: cast in place; the statement fails (and the transaction with it) when a value does not convert. */
  async changeType(db: DatasetDb, tableName: string, column: string, dataType: ItemDataType): Promise<void> {
    const type = sql.raw(columnSqlType(dataType));
    await sql`alter table ${this.table(tableName)} drop constraint if exists ${sql.id(this.checkName(tableName, column))}`.execute(db);
    await sql`alter table ${this.table(tableName)} alter column ${sql.id(column)} type ${type} using ${sql.id(column)}::${type}`.execute(db);
  }

  /** Replaces the length check; adding it validates every existing row. */
  async setLength(db: DatasetDb, tableName: string, column: string, length: number | null): Promise<void> {
    const name = sql.id(this.checkName(tableName, column));
    await sql`alter table ${this.table(tableName)} drop constraint if exists ${name}`.execute(db);
    if (length !== null) await sql`alter table ${this.table(tableName)} add constraint ${name} check (char_length(${sql.id(column)}) <= ${sql.raw(String(length))})`.execute(db);
  }

  /** The first value of a column that exceeds a length (for the problem message). */
  async firstTooLong(db: DatasetDb, tableName: string, column: string, length: number): Promise<{ key: string; value: string } | undefined> {
    const r = await sql<{ key: string; value: string }>`select _key as key, ${sql.id(column)}::text as value from ${this.table(tableName)} where char_length(${sql.id(column)}::text) > ${length} order by _key limit 1`.execute(db);
    return r.rows[0];
  }
}
