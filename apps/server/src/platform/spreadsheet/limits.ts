import os from 'node:os';
import { DomainError } from '../errors.ts';

/**
 * Limits on an uploaded spreadsheet. An XLSX file is a zip of XML: a 1 MB upload can unpack to
 * hundreds of megabytes (a "zip bomb"), so the upload size limit alone bounds nothing. Every
 * limit here is checked before or while the content is inflated, never after.
 */
export interface SpreadsheetLimits {
  /** Files in the zip (a workbook has a dozen or so). */
  maxEntries: number;
  /** Sum of the unpacked sizes of all files in the zip. */
  maxUnpackedBytes: number;
  /** Unpacked ÷ packed size of one file; checked only for files above `ratioCheckAboveBytes`. */
  maxCompressionRatio: number;
  ratioCheckAboveBytes: number;
  /** Rows over all sheets, and non-empty cells over all sheets. */
  maxRows: number;
  maxCells: number;
  /** Characters in one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
  /** Wall-clock time for one workbook; the worker is terminated after it. */
  timeoutMs: number;
  /** Heap of one parsing worker: the last guard if the content still grows beyond the limits. */
  workerHeapMb: number;
  /** Workbooks parsed at the same time; further uploads wait their turn. */
  concurrency: number;
}

export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetLimits = {
  maxEntries: 1000,
  maxUnpackedBytes: 100 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioCheckAboveBytes: 1024 * 1024,
  maxRows: 20_000,
  maxCells: 400_000,
  maxCellChars: 32_767,
  timeoutMs: 60_000,
  workerHeapMb: 256,
  // One core stays free for the event loop: on two cores, one workbook at a time.
  concurrency: Math.max(1, Math.min(4, os.availableParallelism() - 1)),
};

/** Why a workbook was refused; the `reason` is in the error details so clients can act on it. */
export type RejectionReason =
  | 'not-xlsx'
  | 'too-many-entries'
  | 'unpacked-too-large'
  | 'compression-ratio'
  | 'too-many-rows'
  | 'too-many-cells'
  | 'cell-too-long'
  | 'timeout'
  | 'memory';

/** 400 for a file that is not a workbook, 413 for one that exceeds a limit. */
export class SpreadsheetRejectedError extends DomainError {
  readonly status: number;
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(reason === 'not-xlsx' ? 'INVALID_SPREADSHEET' : 'SPREADSHEET_TOO_LARGE', message, [{ field: 'file', message: `${reason}: ${message}` }]);
    this.status = reason === 'not-xlsx' ? 400 : 413;
  }
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** The bilingual message for each reason, with the numbers that broke the limit. */
export function rejection(reason: RejectionReason, limits: SpreadsheetLimits, found?: number | string): SpreadsheetRejectedError {
  const messages: Record<RejectionReason, string> = {
    'not-xlsx': `文件不是有效的 XLSX 工作簿 (not a valid .xlsx workbook${found ? `: ${found}` : ''})`,
    'too-many-entries': `工作簿包含的文件过多(上限 ${limits.maxEntries}) (the workbook holds more than ${limits.maxEntries} files)`,
    'unpacked-too-large': `工作簿解压后超过 ${mb(limits.maxUnpackedBytes)} (the workbook unpacks to more than ${mb(limits.maxUnpackedBytes)}${typeof found === 'number' ? `: ${mb(found)}` : ''})`,
    'compression-ratio': `工作簿压缩比异常(超过 ${limits.maxCompressionRatio}:1),疑似压缩炸弹 (compression ratio above ${limits.maxCompressionRatio}:1${found ? ` in ${found}` : ''}; refused as a zip bomb)`,
    'too-many-rows': `工作簿超过 ${limits.maxRows} 行,请拆分后分批导入 (more than ${limits.maxRows} rows; split the file)`,
    'too-many-cells': `工作簿超过 ${limits.maxCells} 个单元格,请拆分后分批导入 (more than ${limits.maxCells} cells; split the file)`,
    'cell-too-long': `单元格内容超过 ${limits.maxCellChars} 个字符${found ? `(${found})` : ''} (a cell holds more than ${limits.maxCellChars} characters${found ? `: ${found}` : ''})`,
    timeout: `工作簿解析超过 ${Math.round(limits.timeoutMs / 1000)} 秒 (parsing took longer than ${Math.round(limits.timeoutMs / 1000)} s)`,
    memory: `工作簿解析所需内存超过上限 (parsing needs more memory than allowed)`,
  };
  return new SpreadsheetRejectedError(reason, messages[reason]);
}
