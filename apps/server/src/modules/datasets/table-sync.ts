import { anonymousActor, type Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { decryptField, encryptField } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { validateAndLoad, type SourceRow } from './batch-loader.ts';
import { datasetDb, platformDb } from './datasets.schema.ts';
import type { DatasetsRepository } from './datasets.repository.ts';
import type { ColumnSpec } from './row-validator.ts';
import { sourceColumns, sourceRows, testSource, type SourceConfig } from './table-sync.source.ts';
import { syncDb, TableSyncRepository, type ConnectionRow, type MappingRow } from './table-sync.repository.ts';

export interface ConnectionInput {
  name: string;
  kind: 'postgres' | 'mysql';
  host: string;
  port: number;
  database: string;
  username: string;
  password?: string;
}

export interface MappingInput {
  connectionId: string;
  sourceSchema: string;
  sourceTable: string;
  /** itemCode → source column */
  columns: Record<string, string>;
  keyColumn?: string;
  watermarkColumn?: string;
  intervalMinutes?: number;
}

/** The API view of a connection: never the password, only whether one is stored. */
export function toConnection(row: ConnectionRow) {
  return {
    id: row.id,
    providerDepartmentId: row.provider_department_id,
    name: row.name,
    kind: row.kind,
    host: row.host,
    port: row.port,
    database: row.database_name,
    username: row.username,
    hasPassword: row.password_enc !== null,
    createdAt: row.created_at.toISOString(),
  };
}

export function toMapping(row: MappingRow) {
  return {
    datasetId: row.dataset_id,
    connectionId: row.connection_id,
    sourceSchema: row.source_schema,
    sourceTable: row.source_table,
    columns: row.columns,
    keyColumn: row.key_column,
    watermarkColumn: row.watermark_column,
    intervalMinutes: row.interval_minutes,
    lastWatermark: row.last_watermark,
    lastRunAt: row.last_run_at ? row.last_run_at.toISOString() : null,
  };
}

/** Source types each item type accepts (information_schema data_type); text columns are converted by the row validator. */
const TEXT = /char|text|string|enum|set|uuid|json/i;
const COMPATIBLE: Record<string, RegExp> = {
  N: /int|numeric|decimal|real|double|float|money/i,
  Y: /int|numeric|decimal|real|double|float|money/i,
  I: /int|serial/i,
  B: /int|numeric|decimal|real|double|float/i,
  F: /int|numeric|decimal|real|double|float/i,
  D: /date|timestamp/i,
  T: /timestamp|datetime/i,
  L: /bool|tinyint|bit/i,
  G: /bytea|blob|binary/i,
};
const WATERMARK = /int|serial|numeric|decimal|date|time/i;

/**
 * Table sync (库表对接): provider connections, a source table mapped to a dataset, and sync runs
 * loaded as batches through the dataset loader (validateAndLoad), so a synced row is checked and
 * merged exactly like an uploaded one.
 */
export class TableSyncService {
  readonly repo = new TableSyncRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly datasets: DatasetsRepository,
    private readonly catalog: CatalogDataPort,
    private readonly ready: () => Promise<void>,
  ) {}

  private get db() {
    return syncDb(this.deps.db);
  }

  private scope(actor: Actor, operation: 'dataset:manage' | 'dataset:load'): string | null {
    if (hasPlatformScope(actor, operation)) return null;
    authorize(actor, operation, actor.organisationId);
    return actor.organisationId;
  }

  private config(row: ConnectionRow): SourceConfig {
    return { kind: row.kind, host: row.host, port: row.port, database: row.database_name, username: row.username, password: row.password_enc ? decryptField(this.deps.keys.data, row.password_enc) : null };
  }

  private async connectionOf(actor: Actor, id: string, operation: 'dataset:manage' | 'dataset:load' = 'dataset:manage'): Promise<ConnectionRow> {
    const row = await this.repo.findConnection(this.db, id, this.scope(actor, operation));
    if (!row) throw new NotFoundError('源数据库连接 source connection', id);
    return row;
  }

  private async datasetOf(actor: Actor, id: string, operation: 'dataset:manage' | 'dataset:load') {
    await this.ready();
    const row = await this.datasets.findDataset(datasetDb(this.deps.db), id, this.scope(actor, operation));
    if (!row) throw new NotFoundError('数据集 dataset', id);
    return row;
  }

  async createConnection(actor: Actor, input: ConnectionInput) {
    authorize(actor, 'dataset:manage', actor.organisationId);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertConnection(syncDb(trx), {
        id: crypto.randomUUID(),
        provider_department_id: actor.organisationId!,
        name: input.name,
        kind: input.kind,
        host: input.host,
        port: input.port,
        database_name: input.database,
        username: input.username,
        password_enc: input.password ? encryptField(this.deps.keys.data, input.password) : null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      // The audit names the server, never the password.
      await this.deps.audit.record(trx, actor, { operation: 'dataset:connection:create', targetType: 'dataset_source_connection', targetId: row.id, details: { name: input.name, kind: input.kind, host: input.host, port: input.port, database: input.database, username: input.username } });
      return toConnection(row);
    });
  }

  async listConnections(actor: Actor) {
    return (await this.repo.listConnections(this.db, this.scope(actor, 'dataset:manage'))).map(toConnection);
  }

  async connection(actor: Actor, id: string) {
    return toConnection(await this.connectionOf(actor, id));
  }

  /** Connects within CONNECT_TIMEOUT_MS and reports: ok with the server version, or the host, port and reason. */
  async testConnection(actor: Actor, id: string): Promise<{ ok: boolean; ms: number; version: string | null; error: string | null }> {
    const row = await this.connectionOf(actor, id);
    const started = Date.now();
    try {
      const result = await testSource(this.config(row));
      return { ok: true, ms: result.ms, version: result.version, error: null };
    } catch (error) {
      return { ok: false, ms: Date.now() - started, version: null, error: (error as Error).message };
    }
  }

  async mapping(actor: Actor, datasetId: string) {
    const dataset = await this.datasetOf(actor, datasetId, 'dataset:load');
    const row = await this.repo.findMapping(this.db, dataset.id);
    if (!row) throw new NotFoundError('库表映射 table mapping', datasetId);
    return toMapping(row);
  }

  /** Checks the mapping against the dataset's items and the source's information_schema; each problem names its field. */
  async setMapping(actor: Actor, datasetId: string, input: MappingInput) {
    const dataset = await this.datasetOf(actor, datasetId, 'dataset:manage');
    const connection = await this.repo.findConnection(this.db, input.connectionId, dataset.provider_department_id);
    if (!connection) throw ValidationError.field('connectionId', 'connectionId: 本部门没有该源数据库连接 (no such connection of the provider department)', 'UNKNOWN_CONNECTION');
    const source = new Map((await sourceColumns(this.config(connection), input.sourceSchema, input.sourceTable)).map((c) => [c.name, c.type]));
    if (source.size === 0) throw ValidationError.field('sourceTable', `sourceTable: 源库中没有表 ${input.sourceSchema}.${input.sourceTable} (no such table or view in the source)`, 'UNKNOWN_TABLE');
    const items = await this.datasets.columns(datasetDb(this.deps.db), dataset.id);
    const problems: Array<{ field: string; message: string }> = [];
    for (const [code, column] of Object.entries(input.columns)) {
      const item = items.find((i) => i.itemCode === code);
      const type = source.get(column);
      if (!item) problems.push({ field: `columns.${code}`, message: `columns.${code}: 不是本目录的信息项 (not an item of the entry)` });
      else if (type === undefined) problems.push({ field: `columns.${code}`, message: `columns.${code}: 源表没有列 ${column} (no such source column)` });
      else if (!TEXT.test(type) && !(COMPATIBLE[item.dataType]?.test(type) ?? false)) problems.push({ field: `columns.${code}`, message: `columns.${code}: 源列 ${column} 的类型 ${type} 不能转换为 ${item.dataType} (source type cannot convert)` });
    }
    for (const item of items) {
      if ((item.required || item.itemCode === dataset.key_item_code) && !input.columns[item.itemCode]) problems.push({ field: `columns.${item.itemCode}`, message: `columns.${item.itemCode}: 必填信息项「${item.itemName}」未映射 (required item not mapped)` });
    }
    const keyColumn = dataset.key_item_code ? (input.columns[dataset.key_item_code] ?? null) : null;
    if (input.keyColumn !== undefined && input.keyColumn !== keyColumn) problems.push({ field: 'keyColumn', message: `keyColumn: 应为标识信息项 ${dataset.key_item_code ?? '—'} 所映射的列 ${keyColumn ?? '—'} (must be the column of the key item)` });
    if (input.watermarkColumn !== undefined) {
      const type = source.get(input.watermarkColumn);
      if (type === undefined) problems.push({ field: 'watermarkColumn', message: `watermarkColumn: 源表没有列 ${input.watermarkColumn} (no such source column)` });
      else if (!WATERMARK.test(type)) problems.push({ field: 'watermarkColumn', message: `watermarkColumn: 类型 ${type} 不能作为增量游标,应为时间或递增整数 (must be a timestamp or an increasing number)` });
      if (!keyColumn) problems.push({ field: 'watermarkColumn', message: 'watermarkColumn: 没有标识信息项的目录只能全量同步 (incremental sync needs a key item)' });
    }
    if (problems.length > 0) throw new ValidationError(problems[0]!.message, problems, 'INVALID_MAPPING');
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.upsertMapping(syncDb(trx), {
        id: crypto.randomUUID(),
        dataset_id: dataset.id,
        connection_id: connection.id,
        source_schema: input.sourceSchema,
        source_table: input.sourceTable,
        columns: input.columns,
        key_column: keyColumn,
        watermark_column: input.watermarkColumn ?? null,
        interval_minutes: input.intervalMinutes ?? null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await this.deps.audit.record(trx, actor, { operation: 'dataset:sync:configure', targetType: 'dataset', targetId: dataset.id, details: { connectionId: connection.id, source: `${input.sourceSchema}.${input.sourceTable}`, columns: Object.keys(input.columns).length, watermark: input.watermarkColumn ?? null } });
      return toMapping(row);
    });
  }

  /**
   * One sync run as one batch. full = replace the dataset with the source table; incremental =
   * upsert rows past the stored (watermark, key). The cursor advances in the batch's own
   * transaction, so a failed or rejected run leaves it where it was.
   */
  async run(actor: Actor, datasetId: string, kind: 'full' | 'incremental'): Promise<string> {
    return this.runDataset(actor, await this.datasetOf(actor, datasetId, 'dataset:load'), kind);
  }

  private async runDataset(actor: Actor, dataset: NonNullable<Awaited<ReturnType<DatasetsRepository['findDataset']>>>, kind: 'full' | 'incremental'): Promise<string> {
    const found = await this.repo.findMapping(this.db, dataset.id);
    if (!found) throw ValidationError.field('datasetId', 'datasetId: 该数据集尚未配置库表映射 (no table mapping)', 'NO_MAPPING');
    const mapping = found;
    if (kind === 'incremental' && !mapping.watermark_column) throw ValidationError.field('mode', 'mode: 映射没有增量游标列,只能全量同步 (no watermark column: full sync only)', 'NO_WATERMARK');
    const connection = (await this.repo.findConnection(this.db, mapping.connection_id, null))!;
    const config = this.config(connection);
    const db = datasetDb(this.deps.db);
    const now = this.deps.clock.now();
    const mode = kind === 'full' ? 'replace' : 'upsert';
    const items = await this.datasets.columns(db, dataset.id);
    const mapped = items.filter((i) => mapping.columns[i.itemCode]);
    const batchId = await db.transaction().execute(async (trx) => {
      await this.datasets.lockDataset(trx, dataset.id);
      const row = await this.datasets.insertBatch(trx, { dataset_id: dataset.id, batch_no: await this.datasets.nextBatchNo(trx, dataset.id), state: 'validating', source: 'sync', mode, on_error: 'reject', file_name: `${mapping.source_schema}.${mapping.source_table}`.slice(0, 255), encoding: connection.kind, created_by: actor.userId, created_at: now });
      return row.id;
    });
    await this.repo.markRun(this.db, mapping.id, now);
    const cursor = mapping.watermark_column && mapping.key_column ? { watermark: mapping.watermark_column, key: mapping.key_column, after: kind === 'incremental' && mapping.last_watermark !== null ? { watermark: mapping.last_watermark, key: mapping.last_key ?? '' } : null } : null;
    const last: { watermark: string; key: string } = { watermark: '', key: '' };
    let count = 0;
    const columnsOut = [...mapped.map((i) => mapping.columns[i.itemCode]!), ...(cursor ? [cursor.watermark, cursor.key] : [])];
    async function* rows(): AsyncGenerator<SourceRow> {
      yield { rowNo: 1, cells: mapped.map((i: ColumnSpec) => i.itemCode) };
      for await (const cells of sourceRows(config, { schema: mapping.source_schema, table: mapping.source_table, columns: columnsOut, cursor })) {
        count++;
        if (cursor) {
          last.watermark = cells[mapped.length]!;
          last.key = cells[mapped.length + 1]!;
        }
        yield { rowNo: count + 1, cells: cells.slice(0, mapped.length) };
      }
    }
    try {
      await db.transaction().execute(async (trx) => {
        try {
          await validateAndLoad(this.deps, this.datasets, this.catalog, trx, actor, dataset, batchId, rows(), { mode, onError: 'reject', sync: true });
        } catch (error) {
          // Nothing new since the last run: an empty incremental batch, loaded with no changes.
          if (!(kind === 'incremental' && count === 0 && error instanceof ValidationError)) throw error;
          await this.datasets.transition(trx, batchId, 'validating', 'loaded', { rows_read: 0, finished_at: now });
          await this.deps.audit.record(platformDb(trx), actor, { operation: 'dataset:batch:sync', targetType: 'dataset', targetId: dataset.id, details: { batchId, state: 'loaded', mode, read: 0 } });
          return;
        }
        const state = await this.datasets.batchState(trx, batchId);
        if (state === 'loaded' && cursor && count > 0) await this.repo.advanceCursor(syncDb(trx), mapping.id, last.watermark, last.key, now);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const rejected = error instanceof DomainError && error.status < 500;
      await db.transaction().execute(async (trx) => {
        if (rejected) {
          const details = (error as DomainError).details ?? [];
          await this.datasets.insertErrors(trx, batchId, details.map((d) => ({ row: d.row ?? null, column: d.column ?? null, value: null, rule: 'source', message: d.message })));
          await this.datasets.reject(trx, batchId, ['validating'], message, details.length, now);
        } else {
          await this.datasets.fail(trx, batchId, message, now);
        }
        await this.deps.audit.record(platformDb(trx), actor, { operation: 'dataset:batch:sync', targetType: 'dataset', targetId: dataset.id, outcome: 'failure', details: { batchId, mode, read: count, error: message.slice(0, 500) } });
      });
    }
    return batchId;
  }

  /** Scheduled: every mapping whose interval has passed runs once (incremental when it has a watermark). */
  async runDue(): Promise<number> {
    await this.ready();
    const actor: Actor = { ...anonymousActor(), kind: 'system', name: 'scheduler:table-sync', username: 'scheduler:table-sync' };
    const due = await this.repo.dueMappings(this.db, this.deps.clock.now());
    for (const mapping of due) {
      const dataset = await this.datasets.findDataset(datasetDb(this.deps.db), mapping.dataset_id, null);
      // A failed run is recorded on its batch and in the audit trail; the next mapping still runs.
      if (dataset) await this.runDataset(actor, dataset, mapping.watermark_column ? 'incremental' : 'full');
    }
    return due.length;
  }
}
