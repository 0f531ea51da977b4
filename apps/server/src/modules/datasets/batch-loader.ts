import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BatchRowError, ErrorPolicy, LoadMode } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { DomainError, PayloadTooLargeError, ValidationError } from '../../platform/errors.ts';
import { incompleteUpload, isIncompleteUpload } from '../../platform/http/route-helpers.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import type { SpreadsheetReader } from '../../platform/spreadsheet/index.ts';
import { csvRecords, detectEncoding, type DetectedEncoding } from './csv-source.ts';
import type { DatasetsRepository } from './datasets.repository.ts';
import { datasetDb, platformDb, type DatasetDb, type DatasetTable } from './datasets.schema.ts';
import { convertRow, matchHeader, type CellValue } from './row-validator.ts';

export interface ReceivedFile {
  filename: string;
  stream: Readable;
  /** Whether the upload stopped at the size limit (@fastify/multipart sets `truncated`). */
  truncated(): boolean;
}

type DatasetRow = Omit<DatasetTable, 'id' | 'is_base' | 'row_count'> & { id: string; row_count: string };

/**
 * Row errors stored per batch, written as they are found (memory stays flat): the API shows the
 * first 1,000, the error report all of them; beyond this cap they are only counted.
 */
export const STORED_ERRORS = 100_000;
const ERROR_FLUSH = 500;
/** A CSV record longer than this is refused rather than buffered (bounded memory per row). */
const MAX_RECORD_CHARS = 1_000_000;

/** A data row as the provider sees it: its row number in the file (the header is row 1) and its cells. */
export interface SourceRow {
  rowNo: number;
  cells: string[];
}

/** Sheet names a data workbook may use: the template's, then what Excel and WPS call a new sheet. */
export const DATA_SHEETS = ['数据', 'Sheet1', 'sheet1', 'data'];

async function* csvRows(filePath: string, encoding: DetectedEncoding): AsyncGenerator<SourceRow> {
  let rowNo = 0;
  for await (const cells of csvRecords(filePath, encoding, MAX_RECORD_CHARS)) yield { rowNo: ++rowNo, cells };
}

async function isZip(filePath: string): Promise<boolean> {
  const fd = await fs.promises.open(filePath, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fd.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await fd.close();
  }
}

/**
 * The data sheet of a workbook. The platform reader holds the sheet as text rows (bounded by the
 * spreadsheet row and cell limits, HUITONG_SPREADSHEET_MAX_ROWS); CSV is the format for large files.
 */
async function workbookRows(spreadsheets: SpreadsheetReader, filePath: string): Promise<AsyncIterable<SourceRow>> {
  const sheets = await spreadsheets.read(await fs.promises.readFile(filePath), DATA_SHEETS);
  const name = DATA_SHEETS.find((n) => sheets[n]);
  if (!name) throw new ValidationError(`file: 工作簿中没有数据工作表 (no data sheet; expected one named ${DATA_SHEETS.join(' / ')})`, [{ field: 'file', sheet: DATA_SHEETS[0], message: `工作表应命名为 ${DATA_SHEETS.join(' / ')}` }], 'NO_DATA_SHEET');
  const rows = sheets[name]!;
  return (async function* () {
    for (const row of rows) yield { rowNo: row.row, cells: row.cells };
  })();
}

/** Streams the upload to a temporary file (never to memory), with its size and SM3. */
async function receive(file: ReceivedFile, dir: string): Promise<{ path: string; size: number; sm3: string }> {
  const target = path.join(dir, 'upload');
  const hash = crypto.createHash('sm3');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(file.stream, meter, fs.createWriteStream(target));
  return { path: target, size, sm3: hash.digest('hex') };
}

/**
 * One upload as one batch (ADR 0012): receive to disk (receiving), then in ONE transaction parse,
 * validate, stage and merge (validating → loaded | rejected). Any failure rolls the transaction
 * back, so no row of the batch is visible, and the batch is marked failed.
 */
export async function loadFile(
  deps: PlatformDeps,
  repo: DatasetsRepository,
  catalog: CatalogDataPort,
  actor: Actor,
  dataset: DatasetRow,
  file: ReceivedFile,
  options: { mode: LoadMode; onError: ErrorPolicy },
  spreadsheets: SpreadsheetReader,
): Promise<string> {
  const db = datasetDb(deps.db);
  const now = () => deps.clock.now();
  const batchId = await db.transaction().execute(async (trx) => {
    await repo.lockDataset(trx, dataset.id);
    const batchNo = await repo.nextBatchNo(trx, dataset.id);
    const row = await repo.insertBatch(trx, {
      dataset_id: dataset.id,
      batch_no: batchNo,
      state: 'receiving',
      source: 'upload',
      mode: options.mode,
      on_error: options.onError,
      file_name: file.filename.slice(0, 255),
      created_by: actor.userId,
      created_at: now(),
    });
    return row.id;
  });

  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'huitong-batch-'));
  try {
    const received = await receive(file, dir).catch((error: unknown) => {
      throw isIncompleteUpload(error) ? incompleteUpload() : error;
    });
    if (file.truncated()) throw new PayloadTooLargeError(`file: 上传文件超过 ${deps.config.uploadLimitBytes} 字节的限制 (file larger than the upload limit)`);
    if (received.size === 0) throw ValidationError.field('file', 'file: 文件为空 (the file is empty)', 'EMPTY_FILE');
    const xlsx = await isZip(received.path);
    const encoding = xlsx ? 'xlsx' : await detectEncoding(received.path);
    await repo.transition(db, batchId, 'receiving', 'validating', { file_size: received.size, file_sm3: received.sm3, encoding });
    // A workbook is parsed (in a worker, within the spreadsheet limits) before the transaction opens.
    const source = xlsx ? await workbookRows(spreadsheets, received.path) : csvRows(received.path, encoding as DetectedEncoding);
    await db.transaction().execute((trx) => validateAndLoad(deps, repo, catalog, trx, actor, dataset, batchId, source, options));
    return batchId;
  } catch (error) {
    const rejected = error instanceof DomainError && error.status < 500;
    await db.transaction().execute(async (trx) => {
      const message = error instanceof Error ? error.message : String(error);
      if (rejected) {
        const details = (error as DomainError).details ?? [];
        await repo.insertErrors(trx, batchId, details.slice(0, STORED_ERRORS).map((d) => ({ row: d.row ?? null, column: d.column ?? null, value: null, rule: 'file', message: d.message })));
        await repo.reject(trx, batchId, ['receiving', 'validating'], message, details.length, now());
      } else {
        await repo.fail(trx, batchId, message, now());
      }
      await deps.audit.record(platformDb(trx), actor, { operation: 'dataset:batch:upload', targetType: 'dataset', targetId: dataset.id, outcome: 'failure', details: { batchId, file: file.filename, error: message.slice(0, 500) } });
    }).catch(() => {
      // The database itself may be what failed: the caller gets the original error, and the
      // interrupted-batch sweep marks the batch failed once the database answers again.
    });
    if (!rejected) file.stream.resume();
    throw error;
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** Also the load of a table sync run (table-sync.ts): the same validation, staging and merge. */
export async function validateAndLoad(
  deps: PlatformDeps,
  repo: DatasetsRepository,
  catalog: CatalogDataPort,
  trx: DatasetDb,
  actor: Actor,
  dataset: DatasetRow,
  batchId: string,
  source: AsyncIterable<SourceRow>,
  options: { mode: LoadMode; onError: ErrorPolicy; sync?: boolean },
): Promise<void> {
  const operation = options.sync ? 'dataset:batch:sync' : 'dataset:batch:upload';
  const now = deps.clock.now();
  await repo.lockDataset(trx, dataset.id);
  const columns = await repo.columns(trx, dataset.id);
  const keyColumn = columns.find((c) => c.itemCode === dataset.key_item_code) ?? null;
  await repo.createStage(trx, columns);
  // About 200,000 cells per statement: few round trips, bounded memory.
  const chunkRows = Math.max(100, Math.min(5000, Math.floor(200_000 / (columns.length + 2))));
  const errors: BatchRowError[] = [];
  let errorCount = 0;
  let badRows = 0;
  let read = 0;
  let mapping: ReturnType<typeof matchHeader> | null = null;
  let chunk: Array<[number, string, ...CellValue[]]> = [];
  let stored = 0;
  const addError = (e: BatchRowError) => {
    errorCount++;
    if (stored + errors.length < STORED_ERRORS) errors.push(e);
  };
  const flushErrors = async () => {
    await repo.insertErrors(trx, batchId, errors, stored + 1);
    stored += errors.length;
    errors.length = 0;
  };
  for await (const { rowNo, cells: record } of source) {
    if (!mapping) {
      mapping = matchHeader(record, columns);
      continue;
    }
    read++;
    const converted = convertRow(rowNo, record, mapping, columns, now);
    if (converted.errors.length > 0) {
      badRows++;
      converted.errors.forEach(addError);
      if (errors.length >= ERROR_FLUSH) await flushErrors();
      continue;
    }
    const key = keyColumn ? String(converted.values.get(keyColumn.columnName)) : crypto.randomUUID();
    chunk.push([rowNo, key, ...columns.map((c) => converted.values.get(c.columnName) ?? null)]);
    if (chunk.length >= chunkRows) {
      await repo.stageRows(trx, columns, chunk);
      chunk = [];
    }
  }
  await repo.stageRows(trx, columns, chunk);
  if (!mapping) throw ValidationError.field('file', 'file: 文件没有表头 (the file has no header row)', 'EMPTY_FILE');
  if (read === 0) throw ValidationError.field('file', 'file: 文件没有数据行 (the file has no data rows)', 'EMPTY_FILE');

  if (keyColumn) {
    const duplicates = await repo.duplicateKeys(trx, Math.max(1, STORED_ERRORS - stored - errors.length));
    for (const d of duplicates.rows) addError({ row: d.row, column: keyColumn.itemName, value: d.key, rule: 'unique', message: `${keyColumn.itemName}: 与前面的行重复 (duplicate key)` });
    errorCount += duplicates.total - duplicates.rows.length;
    badRows += duplicates.total;
    if (duplicates.total > 0) await repo.dropDuplicateKeys(trx);
  }
  await flushErrors();

  if (badRows > 0 && options.onError === 'reject') {
    await repo.transition(trx, batchId, 'validating', 'rejected', { rows_read: read, rows_rejected: badRows, error_count: errorCount, finished_at: now });
    await deps.audit.record(platformDb(trx), actor, {
      operation,
      targetType: 'dataset',
      targetId: dataset.id,
      outcome: 'failure',
      details: { batchId, state: 'rejected', mode: options.mode, read, rejected: badRows, errors: errorCount },
    });
    return;
  }

  const staged = await repo.stagedCount(trx);
  const counts = await repo.merge(trx, { datasetId: dataset.id, tableName: dataset.table_name, batchId, columns, mode: options.mode, baseSeq: await repo.lastSeq(trx, dataset.id), now });
  const live = await repo.countLive(trx, dataset.table_name);
  await repo.transition(trx, batchId, 'validating', 'loaded', {
    rows_read: read,
    rows_inserted: counts.inserted,
    rows_updated: counts.updated,
    rows_deleted: counts.deleted,
    rows_unchanged: staged - counts.inserted - counts.updated,
    rows_rejected: badRows,
    error_count: errorCount,
    finished_at: now,
  });
  const firstLoad = dataset.last_batch_id === null && (await repo.lastBatchId(trx, dataset.id)) === null;
  await repo.recordLoad(trx, dataset.id, { row_count: live, last_batch_id: batchId, last_loaded_at: now, updated_at: now });
  if (firstLoad) await catalog.markMounted(platformDb(trx), dataset.entry_id, options.sync ? `库表对接 第1批 ${live} 条 (table sync)` : `文件上传 第1批 ${live} 条 (file upload)`, now);
  await deps.audit.record(platformDb(trx), actor, {
    operation,
    targetType: 'dataset',
    targetId: dataset.id,
    details: { batchId, state: 'loaded', mode: options.mode, onError: options.onError, read, ...counts, rejected: badRows, rows: live },
  });
}
