export { DEFAULT_SPREADSHEET_LIMITS, SpreadsheetRejectedError, type RejectionReason, type SpreadsheetLimits } from './limits.ts';
export { SpreadsheetReader } from './spreadsheet-reader.ts';
export type { SheetRow, WorkbookRows } from './xlsx-read.ts';

import type { Config } from '../../config/config.ts';
import { DEFAULT_SPREADSHEET_LIMITS as DEFAULTS, type SpreadsheetLimits as Limits } from './limits.ts';

/** The limits in force: the defaults with the HUITONG_SPREADSHEET_* settings applied. */
export function spreadsheetLimits(config: Config): Limits {
  return {
    ...DEFAULTS,
    maxUnpackedBytes: config.spreadsheetMaxUnpackedBytes,
    maxRows: config.spreadsheetMaxRows,
    maxCells: config.spreadsheetMaxCells,
    concurrency: config.spreadsheetWorkers,
  };
}
