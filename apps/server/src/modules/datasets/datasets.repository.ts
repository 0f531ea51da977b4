import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { BatchRowError } from '@huitong/contracts';
import { InvalidTransitionError } from '../../platform/errors.ts';
import type { CellValue, ColumnSpec } from './row-validator.ts';
import { columnSqlType, type DatasetBatchTable, type DatasetDb, type DatasetTable } from './datasets.schema.ts';

type BatchState = DatasetBatchTable['state'];

/** The staging table of the load in progress: temporary, dropped at commit (ADR 0012). */
const STAGE = 'dataset_stage';
/** jsonb_build_object takes at most 100 arguments: build the values object in slices of 50 items. */
const JSON_SLICE = 50;


/** `jsonb_build_object('code', alias.cN, …) || …` for the columns; codes are parameters, columns generated names. */
function valuesObject(alias: string, columns: ColumnSpec[]): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  for (let i = 0; i < columns.length; i += JSON_SLICE) {
    const pairs = columns.slice(i, i + JSON_SLICE).flatMap((c) => [sql`${c.itemCode}::text`, sql.ref(`${alias}.${c.columnName}`)]);
    parts.push(sql`jsonb_build_object(${sql.join(pairs)})`);
  }
  return sql.join(parts, sql` || `);
}

function tuple(alias: string, columns: ColumnSpec[]) {
  return sql`(${sql.join(columns.map((c) => sql.ref(`${alias}.${c.columnName}`)))})`;
}

/** Queries of the datasets module. Every method takes the executor (db or transaction) first. */
export class DatasetsRepository {
  /** Set once by the service (`rowsSchemaOf`) before the first query on row tables. */
  rowsSchema = 'dataset_rows';

  private rowsTable(tableName: string) {
    return sql.table(`${this.rowsSchema}.${tableName}`);
  }

  // ── datasets ───────────────────────────────────────────────────────────────────────────────
  findDataset(db: DatasetDb, id: string, departmentId: string | null) {
    let q = db.selectFrom('dataset').selectAll().where('id', '=', id);
    if (departmentId !== null) q = q.where('provider_department_id', '=', departmentId);
    return q.executeTakeFirst();
  }

  findByEntry(db: DatasetDb, entryId: string) {
    return db.selectFrom('dataset').selectAll().where('entry_id', '=', entryId).executeTakeFirst();
  }

  listDatasets(db: DatasetDb, departmentId: string | null) {
    let q = db.selectFrom('dataset').selectAll();
    if (departmentId !== null) q = q.where('provider_department_id', '=', departmentId);
    return q.orderBy('created_at', 'desc').execute();
  }

  /** Serialises loads of one dataset (and numbers its changes without gaps). */
  async lockDataset(db: DatasetDb, id: string): Promise<void> {
    await db.selectFrom('dataset').select('id').where('id', '=', id).forUpdate().execute();
  }

  insertDataset(db: DatasetDb, values: Insertable<DatasetTable>) {
    return db.insertInto('dataset').values(values).returning('id').executeTakeFirstOrThrow();
  }

  insertColumns(db: DatasetDb, datasetId: string, columns: ColumnSpec[]) {
    return db
      .insertInto('dataset_column')
      .values(
        columns.map((c, index) => ({
          dataset_id: datasetId,
          ordinal: index + 1,
          column_name: c.columnName,
          item_code: c.itemCode,
          item_name: c.itemName,
          data_type: c.dataType,
          length: c.length,
          required: c.required,
          identifier_kind: c.identifierKind,
        })),
      )
      .execute();
  }

  async columns(db: DatasetDb, datasetId: string): Promise<ColumnSpec[]> {
    const rows = await db.selectFrom('dataset_column').selectAll().where('dataset_id', '=', datasetId).where('hidden', '=', false).orderBy('ordinal').execute();
    return rows.map((r) => ({ columnName: r.column_name, itemCode: r.item_code, itemName: r.item_name, dataType: r.data_type, length: r.length, required: r.required, identifierKind: r.identifier_kind }));
  }

  /** The dataset's row table: typed columns, length checks, and the system columns. */
  async createRowsTable(db: DatasetDb, tableName: string, columns: ColumnSpec[]): Promise<void> {
    const definitions = columns.map((c) => {
      const type = sql.raw(columnSqlType(c.dataType));
      const length = c.dataType === 'C' && c.length !== null && Number.isInteger(c.length) ? c.length : null;
      return length === null ? sql`${sql.id(c.columnName)} ${type}` : sql`${sql.id(c.columnName)} ${type} check (char_length(${sql.id(c.columnName)}) <= ${sql.raw(String(length))})`;
    });
    await sql`create table ${this.rowsTable(tableName)} (
      _key text primary key,
      ${sql.join(definitions)},
      _batch_id uuid not null,
      _version bigint not null default 1,
      _deleted boolean not null default false,
      _updated_at timestamptz not null
    )`.execute(db);
  }

  /** Live rows of a dataset, oldest key first (previews and tests; the data-access channels build their own queries). */
  async liveRows(db: DatasetDb, tableName: string, limit: number): Promise<Array<Record<string, unknown>>> {
    const result = await sql<Record<string, unknown>>`select * from ${this.rowsTable(tableName)} where not _deleted order by _key limit ${limit}`.execute(db);
    return result.rows;
  }

  async countLive(db: DatasetDb, tableName: string): Promise<number> {
    const result = await sql<{ n: string }>`select count(*) as n from ${this.rowsTable(tableName)} where not _deleted`.execute(db);
    return Number(result.rows[0]!.n);
  }

  // ── batches ────────────────────────────────────────────────────────────────────────────────
  async nextBatchNo(db: DatasetDb, datasetId: string): Promise<number> {
    const row = await db.selectFrom('dataset_batch').select((eb) => eb.fn.max('batch_no').as('max')).where('dataset_id', '=', datasetId).executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }

  insertBatch(db: DatasetDb, values: Insertable<DatasetBatchTable>) {
    return db.insertInto('dataset_batch').values(values).returning('id').executeTakeFirstOrThrow();
  }

  /** A guarded transition: the update happens only from the expected state. */
  async transition(db: DatasetDb, batchId: string, from: BatchState, to: BatchState, values: Partial<Insertable<DatasetBatchTable>> = {}): Promise<void> {
    const result = await db.updateTable('dataset_batch').set({ ...values, state: to }).where('id', '=', batchId).where('state', '=', from).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new InvalidTransitionError(from, `batch:${to}`);
  }

  /** Marks an unfinished batch failed, whatever step it reached. */
  async fail(db: DatasetDb, batchId: string, failure: string, at: Date): Promise<void> {
    await db.updateTable('dataset_batch').set({ state: 'failed', failure: failure.slice(0, 2000), finished_at: at }).where('id', '=', batchId).where('state', 'in', ['receiving', 'validating']).execute();
  }

  /** A batch the data refused: guarded so a batch already finished keeps its outcome. */
  async reject(db: DatasetDb, batchId: string, from: BatchState[], failure: string, errorCount: number, at: Date): Promise<void> {
    await db.updateTable('dataset_batch').set({ state: 'rejected', failure: failure.slice(0, 2000), error_count: errorCount, finished_at: at }).where('id', '=', batchId).where('state', 'in', from).execute();
  }

  async batchState(db: DatasetDb, batchId: string): Promise<BatchState> {
    return (await db.selectFrom('dataset_batch').select('state').where('id', '=', batchId).executeTakeFirstOrThrow()).state;
  }

  async setBatchCounts(db: DatasetDb, batchId: string, counts: { inserted: number; updated: number; deleted: number }): Promise<void> {
    await db.updateTable('dataset_batch').set({ rows_inserted: counts.inserted, rows_updated: counts.updated, rows_deleted: counts.deleted }).where('id', '=', batchId).execute();
  }

  /** Read inside the load transaction (the dataset row is locked), not from the row the request started with. */
  async lastBatchId(db: DatasetDb, datasetId: string): Promise<string | null> {
    return (await db.selectFrom('dataset').select('last_batch_id').where('id', '=', datasetId).executeTakeFirstOrThrow()).last_batch_id;
  }

  /** The dataset after a load or rollback: its live row count and latest batch. */
  async recordLoad(db: DatasetDb, datasetId: string, values: { row_count: number; last_batch_id: string; updated_at: Date; last_loaded_at?: Date }): Promise<void> {
    await db.updateTable('dataset').set(values).where('id', '=', datasetId).execute();
  }

  /** Batches still receiving or validating since before `before`: their process died (or gave up). */
  async failInterrupted(db: DatasetDb, before: Date, at: Date): Promise<string[]> {
    const rows = await db
      .updateTable('dataset_batch')
      .set({ state: 'failed', failure: '入库中断(服务重启或超时),本批数据未生效 (interrupted; nothing of the batch is visible)', finished_at: at })
      .where('state', 'in', ['receiving', 'validating'])
      .where('created_at', '<', before)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  private batchQuery(db: DatasetDb) {
    return db.selectFrom('dataset_batch as b').leftJoin('app_user as u', 'u.id', 'b.created_by').selectAll('b').select('u.name as created_by_name');
  }

  findBatch(db: DatasetDb, datasetId: string, batchId: string) {
    return this.batchQuery(db).where('b.id', '=', batchId).where('b.dataset_id', '=', datasetId).executeTakeFirst();
  }

  listBatches(db: DatasetDb, datasetId: string) {
    return this.batchQuery(db).where('b.dataset_id', '=', datasetId).orderBy('b.batch_no', 'desc').execute();
  }

  /** Stores row errors numbered from `firstOrdinal` (errors are written as they are found). */
  async insertErrors(db: DatasetDb, batchId: string, errors: BatchRowError[], firstOrdinal = 1): Promise<void> {
    for (let i = 0; i < errors.length; i += 500) {
      await db
        .insertInto('dataset_batch_error')
        .values(errors.slice(i, i + 500).map((e, j) => ({ batch_id: batchId, ordinal: firstOrdinal + i + j, row_no: e.row, column_name: e.column, value: e.value, rule: e.rule, message: e.message })))
        .execute();
    }
  }

  /** Row errors in file order (duplicate keys are found last but belong to their rows); `afterOrdinal` pages the report. */
  errors(db: DatasetDb, batchId: string, limit: number) {
    return db.selectFrom('dataset_batch_error').selectAll().where('batch_id', '=', batchId).orderBy(sql`row_no nulls first`).orderBy('ordinal').limit(limit).execute();
  }

  errorsAfter(db: DatasetDb, batchId: string, afterOrdinal: number, limit: number) {
    return db.selectFrom('dataset_batch_error').selectAll().where('batch_id', '=', batchId).where('ordinal', '>', afterOrdinal).orderBy('ordinal').limit(limit).execute();
  }

  // ── staging and merge (inside the load transaction) ────────────────────────────────────────
  async createStage(trx: DatasetDb, columns: ColumnSpec[]): Promise<void> {
    const definitions = columns.map((c) => sql`${sql.id(c.columnName)} ${sql.raw(columnSqlType(c.dataType))}`);
    await sql`create temp table ${sql.table(STAGE)} (_row bigint not null, _key text not null, ${sql.join(definitions)}) on commit drop`.execute(trx);
  }

  /**
   * Rows are [rowNo, key, …values in column order]. One text array per column and one statement
   * per chunk (`rows from (unnest(…), …)`), cast to the column types in SQL: a few parameters
   * instead of one per cell, which the database parses far faster.
   */
  async stageRows(trx: DatasetDb, columns: ColumnSpec[], rows: Array<[number, string, ...CellValue[]]>): Promise<void> {
    if (rows.length === 0) return;
    const arrays: Array<Array<string | null>> = Array.from({ length: columns.length + 2 }, () => new Array<string | null>(rows.length));
    rows.forEach((row, r) => {
      row.forEach((value, c) => {
        arrays[c]![r] = value === null || value === undefined ? null : Buffer.isBuffer(value) ? `\\x${value.toString('hex')}` : String(value);
      });
    });
    const names = ['_row', '_key', ...columns.map((c) => c.columnName)];
    const unnests = arrays.map((values) => sql`unnest(${values}::text[])`);
    const casts = [sql`u._row::bigint`, sql`u._key`, ...columns.map((c) => sql`cast(${sql.ref(`u.${c.columnName}`)} as ${sql.raw(columnSqlType(c.dataType))})`)];
    await sql`insert into ${sql.table(STAGE)} (${sql.join(names.map((n) => sql.id(n)))})
      select ${sql.join(casts)} from rows from (${sql.join(unnests)}) as u(${sql.join(names.map((n) => sql.id(n)))})`.execute(trx);
  }

  /** Staged rows whose key already appeared on an earlier row of the file. */
  async duplicateKeys(trx: DatasetDb, limit: number): Promise<{ rows: Array<{ row: number; key: string }>; total: number }> {
    const dups = sql`select _row, _key from (select _row, _key, row_number() over (partition by _key order by _row) as n from ${sql.table(STAGE)}) x where n > 1`;
    const rows = await sql<{ _row: string; _key: string }>`${dups} order by _row limit ${limit}`.execute(trx);
    const total = await sql<{ n: string }>`select count(*) as n from (${dups}) d`.execute(trx);
    return { rows: rows.rows.map((r) => ({ row: Number(r._row), key: r._key })), total: Number(total.rows[0]!.n) };
  }

  async dropDuplicateKeys(trx: DatasetDb): Promise<void> {
    await sql`delete from ${sql.table(STAGE)} s using (select _row from (select _row, row_number() over (partition by _key order by _row) as n from ${sql.table(STAGE)}) x where n > 1) d where s._row = d._row`.execute(trx);
  }

  async stagedCount(trx: DatasetDb): Promise<number> {
    const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(STAGE)}`.execute(trx);
    return Number(result.rows[0]!.n);
  }

  async lastSeq(trx: DatasetDb, datasetId: string): Promise<number> {
    const row = await trx.selectFrom('dataset_change').select((eb) => eb.fn.max('seq').as('max')).where('dataset_id', '=', datasetId).executeTakeFirst();
    return Number(row?.max ?? 0);
  }

  /**
   * Merges the staging table into the dataset (ADR 0012): first the change log (creates, updates
   * and, for replace, deletes, numbered after `baseSeq`), then the rows. Unchanged rows are not
   * touched. Returns the counts.
   */
  async merge(
    trx: DatasetDb,
    input: { datasetId: string; tableName: string; batchId: string; columns: ColumnSpec[]; mode: 'replace' | 'upsert'; baseSeq: number; now: Date },
  ): Promise<{ inserted: number; updated: number; deleted: number }> {
    const { datasetId, batchId, columns, now } = input;
    const table = this.rowsTable(input.tableName);
    const stage = sql.table(STAGE);
    const isNew = sql`(t._key is null or t._deleted)`;
    const changed = await sql<{ op: string; n: string }>`
      with changed as (
        insert into dataset_change (dataset_id, seq, batch_id, record_key, op, data, old_data, changed_at)
        select ${datasetId}::uuid, ${input.baseSeq}::bigint + row_number() over (order by s._row), ${batchId}::uuid, s._key,
               case when ${isNew} then 'create' else 'update' end,
               ${valuesObject('s', columns)},
               case when ${isNew} then null else ${valuesObject('t', columns)} end,
               ${now}::timestamptz
        from ${stage} s left join ${table} t on t._key = s._key
        where ${isNew} or ${tuple('t', columns)} is distinct from ${tuple('s', columns)}
        returning op
      )
      select op, count(*) as n from changed group by op`.execute(trx);
    const count = (op: string) => Number(changed.rows.find((r) => r.op === op)?.n ?? 0);
    const inserted = count('create');
    const updated = count('update');
    let deleted = 0;
    if (input.mode === 'replace') {
      const gone = sql`from ${table} t where not t._deleted and not exists (select 1 from ${stage} s where s._key = t._key)`;
      const logged = await sql<{ n: string }>`
        with logged as (
          insert into dataset_change (dataset_id, seq, batch_id, record_key, op, data, old_data, changed_at)
          select ${datasetId}::uuid, ${input.baseSeq + inserted + updated}::bigint + row_number() over (order by t._key), ${batchId}::uuid, t._key, 'delete', null, ${valuesObject('t', columns)}, ${now}::timestamptz
          ${gone}
          returning 1
        )
        select count(*) as n from logged`.execute(trx);
      deleted = Number(logged.rows[0]!.n);
    }
    const names = columns.map((c) => sql.id(c.columnName));
    await sql`
      insert into ${table} as t (_key, ${sql.join(names)}, _batch_id, _version, _deleted, _updated_at)
      select s._key, ${sql.join(columns.map((c) => sql.ref(`s.${c.columnName}`)))}, ${batchId}::uuid, 1, false, ${now}::timestamptz from ${stage} s
      on conflict (_key) do update set
        ${sql.join(columns.map((c) => sql`${sql.id(c.columnName)} = ${sql.ref(`excluded.${c.columnName}`)}`))},
        _batch_id = excluded._batch_id, _version = t._version + 1, _deleted = false, _updated_at = excluded._updated_at
      where t._deleted or ${tuple('t', columns)} is distinct from ${tuple('excluded', columns)}`.execute(trx);
    if (input.mode === 'replace') {
      await sql`
        update ${table} t set _deleted = true, _version = t._version + 1, _batch_id = ${batchId}::uuid, _updated_at = ${now}::timestamptz
        where not t._deleted and not exists (select 1 from ${stage} s where s._key = t._key)`.execute(trx);
    }
    return { inserted, updated, deleted };
  }

  /** The newest loaded batch of a dataset: the only one that may be rolled back. */
  lastLoadedBatch(db: DatasetDb, datasetId: string) {
    return db.selectFrom('dataset_batch').select(['id', 'batch_no']).where('dataset_id', '=', datasetId).where('state', '=', 'loaded').orderBy('batch_no', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * Reverts every change of `target` as the new batch `batchId`: the change log gets the inverse
   * changes (newest first), updated and deleted rows get their old values back, created rows are
   * deleted again. Old values come from the change log's `old_data`.
   */
  async revert(
    trx: DatasetDb,
    input: { datasetId: string; tableName: string; target: string; batchId: string; columns: ColumnSpec[]; baseSeq: number; now: Date },
  ): Promise<{ inserted: number; updated: number; deleted: number }> {
    const { datasetId, target, batchId, columns, now } = input;
    const table = this.rowsTable(input.tableName);
    const logged = await sql<{ op: string; n: string }>`
      with logged as (
        insert into dataset_change (dataset_id, seq, batch_id, record_key, op, data, old_data, changed_at)
        select c.dataset_id, ${input.baseSeq}::bigint + row_number() over (order by c.seq desc), ${batchId}::uuid, c.record_key,
               case c.op when 'create' then 'delete' when 'delete' then 'create' else 'update' end,
               c.old_data, c.data, ${now}::timestamptz
        from dataset_change c where c.dataset_id = ${datasetId}::uuid and c.batch_id = ${target}::uuid
        returning op
      )
      select op, count(*) as n from logged group by op`.execute(trx);
    const count = (op: string) => Number(logged.rows.find((r) => r.op === op)?.n ?? 0);
    const restored = columns.map((c) => {
      const text = sql`c.old_data ->> ${c.itemCode}::text`;
      // to_jsonb(bytea) is the hex text '\x…'.
      const value = c.dataType === 'G' ? sql`decode(substr(${text}, 3), 'hex')` : sql`cast(${text} as ${sql.raw(columnSqlType(c.dataType))})`;
      return sql`${sql.id(c.columnName)} = ${value}`;
    });
    const ofTarget = sql`c.dataset_id = ${datasetId}::uuid and c.batch_id = ${target}::uuid and c.record_key = t._key`;
    await sql`
      update ${table} t set ${sql.join(restored)}, _deleted = false, _version = t._version + 1, _batch_id = ${batchId}::uuid, _updated_at = ${now}::timestamptz
      from dataset_change c where ${ofTarget} and c.op in ('update', 'delete')`.execute(trx);
    await sql`
      update ${table} t set _deleted = true, _version = t._version + 1, _batch_id = ${batchId}::uuid, _updated_at = ${now}::timestamptz
      from dataset_change c where ${ofTarget} and c.op = 'create'`.execute(trx);
    return { inserted: count('create'), updated: count('update'), deleted: count('delete') };
  }

  changes(db: DatasetDb, datasetId: string, afterSeq: number, limit: number) {
    return db.selectFrom('dataset_change').selectAll().where('dataset_id', '=', datasetId).where(sql<boolean>`seq > ${afterSeq}::bigint`).orderBy('seq').limit(limit).execute();
  }

  /** The newest sequence of each dataset's change log (0 when it has none). */
  headSeqs(db: DatasetDb, datasetIds: readonly string[]) {
    return db.selectFrom('dataset_change').select(['dataset_id', (eb) => eb.fn.max('seq').as('seq')]).where('dataset_id', 'in', datasetIds.length ? [...datasetIds] : ['00000000-0000-0000-0000-000000000000']).groupBy('dataset_id').execute();
  }
}
