import { parentPort, workerData } from 'node:worker_threads';
import type { SpreadsheetLimits } from './limits.ts';
import { SpreadsheetRejectedError } from './limits.ts';
import { pack, readSheets } from './xlsx-read.ts';

/** Runs in a worker thread (started through worker-boot.mjs): parses one workbook and answers once. */
const { buffer, wanted, limits } = workerData as { buffer: Uint8Array; wanted: string[]; limits: SpreadsheetLimits };

try {
  const rows = await readSheets(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength), wanted, limits);
  parentPort!.postMessage({ ok: true, rows: pack(rows) });
} catch (error) {
  const reason = error instanceof SpreadsheetRejectedError ? error.reason : 'not-xlsx';
  parentPort!.postMessage({ ok: false, reason, message: (error as Error).message });
}
