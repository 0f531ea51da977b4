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
import type { CatalogDataPort } from '../catalog/index.ts';
import { csvRecords, detectEncoding } from './csv-source.ts';
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

/** Row errors kept per batch (the API shows the first 1,000); beyond that they are only counted. */
const STORED_ERRORS = 1000;
/** A CSV record longer than this is refused rather than buffered (bounded memory per row). */
const MAX_RECORD_CHARS = 1_000_000;

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
    const received = await receive(file, dir);
    if (file.truncated()) throw new PayloadTooLargeError(`file: 上传文件超过 ${deps.config.uploadLimitBytes} 字节的限制 (file larger than the upload limit)`);
    if (received.size === 0) throw ValidationError.field('file', 'file: 文件为空 (the file is empty)', 'EMPTY_FILE');
    const encoding = await detectEncoding(received.path);
    await repo.transition(db, batchId, 'receiving', 'validating', { file_size: received.size, file_sm3: received.sm3, encoding });
    await db.transaction().execute((trx) => validateAndLoad(deps, repo, catalog, trx, actor, dataset, batchId, received.path, encoding, options));
    return batchId;
  } catch (error) {
    const rejected = error instanceof DomainError && error.status < 500;
    await db.transaction().execute(async (trx) => {
      const message = error instanceof Error ? error.message : String(error);
      if (rejected) {
        const details = (error as DomainError).details ?? [];
        await repo.insertErrors(trx, batchId, details.slice(0, STORED_ERRORS).map((d) => ({ row: d.row ?? null, column: d.column ?? null, value: null, rule: 'file', message: d.message })));
        await trx.updateTable('dataset_batch').set({ state: 'rejected', failure: message.slice(0, 2000), error_count: details.length, finished_at: now() }).where('id', '=', batchId).where('state', 'in', ['receiving', 'validating']).execute();
      } else {
        await repo.fail(trx, batchId, message, now());
      }
      await deps.audit.record(platformDb(trx), actor, { operation: 'dataset:batch:upload', targetType: 'dataset', targetId: dataset.id, outcome: 'failure', details: { batchId, file: file.filename, error: message.slice(0, 500) } });
    });
    if (!rejected) file.stream.resume();
    throw error;
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function validateAndLoad(
  deps: PlatformDeps,
  repo: DatasetsRepository,
  catalog: CatalogDataPort,
  trx: DatasetDb,
  actor: Actor,
  dataset: DatasetRow,
  batchId: string,
  filePath: string,
  encoding: Awaited<ReturnType<typeof detectEncoding>>,
  options: { mode: LoadMode; onError: ErrorPolicy },
): Promise<void> {
  const now = deps.clock.now();
  await repo.lockDataset(trx, dataset.id);
  const columns = await repo.columns(trx, dataset.id);
  const keyColumn = columns.find((c) => c.itemCode === dataset.key_item_code) ?? null;
  await repo.createStage(trx, columns);
  const chunkRows = Math.max(1, Math.min(1000, Math.floor(20_000 / (columns.length + 2))));
  const errors: BatchRowError[] = [];
  let errorCount = 0;
  let badRows = 0;
  let read = 0;
  let mapping: ReturnType<typeof matchHeader> | null = null;
  let chunk: Array<[number, string, ...CellValue[]]> = [];
  const addError = (e: BatchRowError) => {
    errorCount++;
    if (errors.length < STORED_ERRORS) errors.push(e);
  };
  for await (const record of csvRecords(filePath, encoding, MAX_RECORD_CHARS)) {
    if (!mapping) {
      mapping = matchHeader(record, columns);
      continue;
    }
    read++;
    // Row numbers as the provider sees them in the file: the header is row 1.
    const rowNo = read + 1;
    const converted = convertRow(rowNo, record, mapping, columns, now);
    if (converted.errors.length > 0) {
      badRows++;
      converted.errors.forEach(addError);
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
    const duplicates = await repo.duplicateKeys(trx, STORED_ERRORS);
    for (const d of duplicates.rows) addError({ row: d.row, column: keyColumn.itemName, value: d.key, rule: 'unique', message: `${keyColumn.itemName}: 与前面的行重复 (duplicate key)` });
    errorCount += duplicates.total - duplicates.rows.length;
    badRows += duplicates.total;
    if (duplicates.total > 0) await repo.dropDuplicateKeys(trx);
  }
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  await repo.insertErrors(trx, batchId, errors);

  if (badRows > 0 && options.onError === 'reject') {
    await repo.transition(trx, batchId, 'validating', 'rejected', { rows_read: read, rows_rejected: badRows, error_count: errorCount, finished_at: now });
    await deps.audit.record(platformDb(trx), actor, {
      operation: 'dataset:batch:upload',
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
  const firstLoad = dataset.last_batch_id === null && (await trx.selectFrom('dataset').select('last_batch_id').where('id', '=', dataset.id).executeTakeFirstOrThrow()).last_batch_id === null;
  await trx.updateTable('dataset').set({ row_count: live, last_batch_id: batchId, last_loaded_at: now, updated_at: now }).where('id', '=', dataset.id).execute();
  if (firstLoad) await catalog.markMounted(platformDb(trx), dataset.entry_id, `文件上传 第1批 ${live} 条 (file upload)`, now);
  await deps.audit.record(platformDb(trx), actor, {
    operation: 'dataset:batch:upload',
    targetType: 'dataset',
    targetId: dataset.id,
    details: { batchId, state: 'loaded', mode: options.mode, onError: options.onError, read, ...counts, rejected: badRows, rows: live },
  });
}
