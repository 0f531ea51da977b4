import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { BatchRowError, Dataset, DatasetBatch, DatasetBatchDetail, DatasetChangePage, ErrorPolicy, LoadMode } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { SpreadsheetReader } from '../../platform/spreadsheet/index.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { DatasetsRepository } from './datasets.repository.ts';
import { datasetDb, platformDb, rowTableName, type DatasetDb } from './datasets.schema.ts';
import { rowsSchemaOf } from './rows-schema.repository.ts';
import { loadFile, type ReceivedFile } from './batch-loader.ts';
import { csvTemplate, xlsxTemplate } from './dataset-template.ts';
import type { ColumnSpec } from './row-validator.ts';

type DatasetRow = NonNullable<Awaited<ReturnType<DatasetsRepository['findDataset']>>>;
type BatchRow = NonNullable<Awaited<ReturnType<DatasetsRepository['findBatch']>>>;

/** Row errors returned by the API; the rest are counted (and go to the downloadable report). */
export const API_ERROR_LIMIT = 1000;
/** An unfinished batch older than this is taken as interrupted. */
export const INTERRUPTED_AFTER_MS = 60 * 60_000;

function toBatch(row: BatchRow): DatasetBatch {
  return {
    id: row.id,
    datasetId: row.dataset_id,
    batchNo: row.batch_no,
    state: row.state,
    source: row.source,
    mode: row.mode,
    onError: row.on_error,
    fileName: row.file_name,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    encoding: row.encoding,
    counts: {
      read: Number(row.rows_read),
      inserted: Number(row.rows_inserted),
      updated: Number(row.rows_updated),
      deleted: Number(row.rows_deleted),
      unchanged: Number(row.rows_unchanged),
      rejected: Number(row.rows_rejected),
    },
    errorCount: Number(row.error_count),
    failure: row.failure,
    rollbackOf: row.rollback_of,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/**
 * The data resource center (数据资源中心, SPEC §4; ADR 0012): a dataset per published entry,
 * stored as a typed table, loaded in batches that become visible in one commit.
 */
export class DatasetsService {
  readonly repo = new DatasetsRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly catalog: CatalogDataPort,
    private readonly spreadsheets: SpreadsheetReader,
  ) {}

  #schemaResolved: Promise<void> | undefined;
  /** Resolves where the row tables live, once per app (ADR 0012). */
  private ready(): Promise<void> {
    this.#schemaResolved ??= rowsSchemaOf(this.deps.db).then((schema) => {
      this.repo.rowsSchema = schema;
    });
    return this.#schemaResolved;
  }

  get db(): DatasetDb {
    return datasetDb(this.deps.db);
  }

  /** The department whose datasets the actor reaches for the operation; null = every department (platform scope). */
  private scope(actor: Actor, operation: 'dataset:read' | 'dataset:load' | 'dataset:manage'): string | null {
    if (hasPlatformScope(actor, operation)) return null;
    authorize(actor, operation, actor.organisationId);
    return actor.organisationId;
  }

  /** A dataset the actor may reach, or 404: another department's dataset does not exist for it. */
  private async loadDataset(actor: Actor, id: string, operation: 'dataset:read' | 'dataset:load'): Promise<DatasetRow> {
    await this.ready();
    const row = await this.repo.findDataset(this.db, id, this.scope(actor, operation));
    if (!row) throw new NotFoundError('数据集 dataset', id);
    return row;
  }

  async create(actor: Actor, entryId: string): Promise<Dataset> {
    await this.ready();
    const entry = await this.catalog.publishedEntry(this.deps.db, entryId);
    if (!entry) throw new NotFoundError('已发布目录 published catalog entry', entryId);
    authorize(actor, 'dataset:manage', entry.providerDepartmentId);
    if (entry.provisionMethod === 'api') {
      throw ValidationError.field('entryId', 'entryId: 该目录以接口代理方式提供,不建立数据集 (an API-provided entry has no dataset)', 'NOT_A_DATA_ENTRY');
    }
    const id = crypto.randomUUID();
    const tableName = rowTableName(id);
    const columns: ColumnSpec[] = entry.items.map((item, index) => ({
      columnName: `c${index + 1}`,
      itemCode: item.code,
      itemName: item.name,
      dataType: item.dataType,
      length: item.length ?? null,
      required: item.required ?? false,
      identifierKind: item.identifierKind ?? 'none',
    }));
    const key = columns.find((c) => c.identifierKind !== 'none');
    const now = this.deps.clock.now();
    await this.db.transaction().execute(async (trx) => {
      if (await this.repo.findByEntry(trx, entryId)) throw new ConflictError('该目录已建立数据集 (the entry already has a dataset)', 'DATASET_EXISTS');
      await this.repo.insertDataset(trx, {
        id,
        entry_id: entry.id,
        provider_department_id: entry.providerDepartmentId,
        table_name: tableName,
        entry_version_id: entry.versionId,
        key_item_code: key?.itemCode ?? null,
        key_kind: key ? (key.identifierKind === 'id_number' || key.identifierKind === 'uscc' ? key.identifierKind : 'other') : 'generated',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await this.repo.insertColumns(trx, id, columns);
      await this.repo.createRowsTable(trx, tableName, columns);
      await this.deps.audit.record(platformDb(trx), actor, { operation: 'dataset:create', targetType: 'dataset', targetId: id, details: { entryId, resourceCode: entry.resourceCode, columns: columns.length, key: key?.itemCode ?? null } });
    }).catch((error: unknown) => {
      // Two creations racing for one entry: the unique constraint decides.
      if ((error as { code?: string }).code === '23505') throw new ConflictError('该目录已建立数据集 (the entry already has a dataset)', 'DATASET_EXISTS');
      throw error;
    });
    return this.detail(actor, id);
  }

  /** The dataset of the published entry with this resource code (the CLI names entries by code), created on first use. */
  async forEntryCode(actor: Actor, resourceCode: string): Promise<Dataset> {
    await this.ready();
    const entry = await this.catalog.publishedEntryByCode(this.deps.db, resourceCode);
    if (!entry) throw new NotFoundError('已发布目录 published catalog entry', resourceCode);
    const existing = await this.repo.findByEntry(this.db, entry.id);
    return existing ? this.detail(actor, existing.id) : this.create(actor, entry.id);
  }

  async detail(actor: Actor, id: string): Promise<Dataset> {
    const row = await this.loadDataset(actor, id, 'dataset:read');
    return this.toDataset(row);
  }

  async list(actor: Actor): Promise<Dataset[]> {
    const rows = await this.repo.listDatasets(this.db, this.scope(actor, 'dataset:read'));
    return Promise.all(rows.map((row) => this.toDataset(row)));
  }

  private async toDataset(row: DatasetRow): Promise<Dataset> {
    const entry = await this.catalog.publishedEntry(this.deps.db, row.entry_id);
    const columns = await this.repo.columns(this.db, row.id);
    return {
      id: row.id,
      entryId: row.entry_id,
      entryName: entry?.name ?? '',
      resourceCode: entry?.resourceCode ?? '',
      providerDepartmentId: row.provider_department_id,
      keyItemCode: row.key_item_code,
      keyKind: row.key_kind,
      rowCount: Number(row.row_count),
      lastLoadedAt: row.last_loaded_at ? row.last_loaded_at.toISOString() : null,
      columns: columns.map((c) => ({ itemCode: c.itemCode, itemName: c.itemName, dataType: c.dataType, length: c.length, required: c.required, isKey: c.itemCode === row.key_item_code })),
      createdAt: row.created_at.toISOString(),
    };
  }

  /** Checked before the upload body is read: the dataset exists for the actor and may be loaded. */
  async assertCanLoad(actor: Actor, id: string): Promise<void> {
    await this.loadDataset(actor, id, 'dataset:load');
  }

  async upload(actor: Actor, id: string, file: ReceivedFile, options: { mode: LoadMode; onError: ErrorPolicy }): Promise<DatasetBatchDetail> {
    const dataset = await this.loadDataset(actor, id, 'dataset:load');
    if (options.mode === 'upsert' && dataset.key_kind === 'generated') {
      throw ValidationError.field('mode', 'mode: 该目录没有标识信息项,只能全量替换 (no key item: only replace is possible)', 'NO_KEY');
    }
    const batchId = await loadFile(this.deps, this.repo, this.catalog, actor, dataset, file, options, this.spreadsheets);
    return this.batch(actor, id, batchId);
  }

  /**
   * Rolls back the dataset's last loaded batch: one transaction reverts its changes as a new batch
   * (source rollback, loaded at once) and marks it rolled_back. Only the newest loaded batch can
   * be rolled back, so the old values in the change log are the values in force before it.
   */
  async rollback(actor: Actor, id: string, batchId: string): Promise<DatasetBatchDetail> {
    const dataset = await this.loadDataset(actor, id, 'dataset:load');
    const now = this.deps.clock.now();
    const created = await this.db.transaction().execute(async (trx) => {
      await this.repo.lockDataset(trx, dataset.id);
      const target = await this.repo.findBatch(trx, dataset.id, batchId);
      if (!target) throw new NotFoundError('入库批次 batch', batchId);
      const last = await this.repo.lastLoadedBatch(trx, dataset.id);
      if (target.state !== 'loaded' || last?.id !== target.id) {
        throw new ConflictError('只能回退最近一次已入库的批次 (only the last loaded batch can be rolled back)', 'NOT_LAST_BATCH');
      }
      const row = await this.repo.insertBatch(trx, {
        dataset_id: dataset.id,
        batch_no: await this.repo.nextBatchNo(trx, dataset.id),
        state: 'loaded',
        source: 'rollback',
        mode: target.mode,
        on_error: 'reject',
        rollback_of: target.id,
        created_by: actor.userId,
        created_at: now,
        finished_at: now,
      });
      const counts = await this.repo.revert(trx, { datasetId: dataset.id, tableName: dataset.table_name, target: target.id, batchId: row.id, columns: await this.repo.columns(trx, dataset.id), baseSeq: await this.repo.lastSeq(trx, dataset.id), now });
      await this.repo.transition(trx, target.id, 'loaded', 'rolled_back');
      const live = await this.repo.countLive(trx, dataset.table_name);
      await this.repo.setBatchCounts(trx, row.id, counts);
      await this.repo.recordLoad(trx, dataset.id, { row_count: live, last_batch_id: row.id, updated_at: now });
      await this.deps.audit.record(platformDb(trx), actor, { operation: 'dataset:batch:rollback', targetType: 'dataset', targetId: dataset.id, details: { batchId: row.id, rolledBack: target.id, batchNo: target.batch_no, ...counts, rows: live } });
      return row.id;
    });
    return this.batch(actor, id, created);
  }

  /**
   * Scheduled: a batch left receiving or validating for longer than INTERRUPTED_AFTER_MS was cut
   * off by a crash or restart. Its rows were never committed; the batch is marked failed so the
   * history says so. A load still running past that time fails its own guarded transition and
   * rolls back, so the two never disagree.
   */
  async failInterruptedBatches(): Promise<number> {
    const now = this.deps.clock.now();
    const ids = await this.repo.failInterrupted(this.db, new Date(now.getTime() - INTERRUPTED_AFTER_MS), now);
    return ids.length;
  }

  /** The upload template of a dataset, for its provider: CSV or XLSX, with the file name to offer. */
  async template(actor: Actor, id: string, format: 'csv' | 'xlsx'): Promise<{ filename: string; content: Buffer }> {
    const dataset = await this.loadDataset(actor, id, 'dataset:load');
    const columns = await this.repo.columns(this.db, dataset.id);
    const entry = await this.catalog.publishedEntry(this.deps.db, dataset.entry_id);
    const base = `${entry?.name ?? '数据'}-上传模板`;
    return format === 'csv' ? { filename: `${base}.csv`, content: csvTemplate(columns) } : { filename: `${base}.xlsx`, content: await xlsxTemplate(columns, dataset.key_item_code) };
  }

  /**
   * The change log after a sequence number, for the provider's data officer (raw values of its own
   * data). Consumers will read the same log through their grants and the field-visibility policy.
   */
  async changes(actor: Actor, id: string, after: number, limit: number): Promise<DatasetChangePage> {
    const dataset = await this.loadDataset(actor, id, 'dataset:load');
    const rows = await this.repo.changes(this.db, dataset.id, after, limit + 1);
    const page = rows.slice(0, limit).map((r) => ({ seq: Number(r.seq), batchId: r.batch_id, key: r.record_key, op: r.op, data: (r.data ?? null) as Record<string, unknown> | null, changedAt: r.changed_at.toISOString() }));
    return { changes: page, next: rows.length > limit ? page[page.length - 1]!.seq : null };
  }

  /**
   * Every stored row error of a batch as CSV (UTF-8 with BOM), read in pages so a large report
   * streams. Cell values that a spreadsheet would run as a formula are neutralised.
   */
  async errorReport(actor: Actor, id: string, batchId: string): Promise<{ filename: string; stream: Readable }> {
    const dataset = await this.loadDataset(actor, id, 'dataset:read');
    const batch = await this.repo.findBatch(this.db, dataset.id, batchId);
    if (!batch) throw new NotFoundError('入库批次 batch', batchId);
    const { db, repo } = this;
    const csvCell = (v: string | number | null) => {
      const text = v === null ? '' : String(v).replace(/^([=+\-@\t\r])/, "'$1");
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    async function* lines() {
      yield '\ufeff行号 row,列 column,值 value,规则 rule,说明 message\r\n';
      let after = 0;
      for (;;) {
        const page = await repo.errorsAfter(db, batchId, after, 5000);
        if (page.length === 0) break;
        yield page.map((e) => [e.row_no === null ? null : Number(e.row_no), e.column_name, e.value, e.rule, e.message].map(csvCell).join(',') + '\r\n').join('');
        after = page[page.length - 1]!.ordinal;
      }
    }
    return { filename: `入库批次${batch.batch_no}-错误报告.csv`, stream: Readable.from(lines()) };
  }

  async batches(actor: Actor, id: string): Promise<DatasetBatch[]> {
    const dataset = await this.loadDataset(actor, id, 'dataset:read');
    return (await this.repo.listBatches(this.db, dataset.id)).map(toBatch);
  }

  async batch(actor: Actor, id: string, batchId: string): Promise<DatasetBatchDetail> {
    const dataset = await this.loadDataset(actor, id, 'dataset:read');
    const row = await this.repo.findBatch(this.db, dataset.id, batchId);
    if (!row) throw new NotFoundError('入库批次 batch', batchId);
    const errors: BatchRowError[] = (await this.repo.errors(this.db, batchId, API_ERROR_LIMIT)).map((e) => ({
      row: e.row_no === null ? null : Number(e.row_no),
      column: e.column_name,
      value: e.value,
      rule: e.rule,
      message: e.message,
    }));
    return { ...toBatch(row), errors, errorsTruncated: Number(row.error_count) > errors.length };
  }
}
