import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { rejection, SpreadsheetRejectedError, type SpreadsheetLimits } from './limits.ts';
import { checkZip } from './zip-check.ts';

/** One non-empty row: its 1-based number and the text of each cell (index 0 is column A). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** The wanted sheets by name; a wanted sheet missing from the workbook is absent. */
export type WorkbookRows = Record<string, SheetRow[]>;

/**
 * What the worker sends back: per sheet the row numbers and one string per row with its cells
 * joined by NUL (XML cannot contain U+0000, so no cell text does). Copying a few thousand
 * strings to the main thread is cheap; hundreds of thousands of cell strings and arrays would
 * take the event loop a noticeable time to deserialise. `unpack` splits rows only when read.
 */
export type PackedWorkbook = Record<string, { rows: Int32Array; cells: string[] }>;
const SEPARATOR = '\u0000';

export function pack(workbook: WorkbookRows): PackedWorkbook {
  const packed: PackedWorkbook = {};
  for (const [name, rows] of Object.entries(workbook)) {
    packed[name] = { rows: Int32Array.from(rows, (r) => r.row), cells: rows.map((r) => r.cells.join(SEPARATOR)) };
  }
  return packed;
}

class PackedRow implements SheetRow {
  #cells: string[] | undefined;
  constructor(
    readonly row: number,
    private readonly packed: string,
  ) {}
  get cells(): string[] {
    return (this.#cells ??= this.packed.split(SEPARATOR));
  }
}

export function unpack(packed: PackedWorkbook): WorkbookRows {
  const workbook: WorkbookRows = {};
  for (const [name, sheet] of Object.entries(packed)) {
    workbook[name] = Array.from(sheet.rows, (row, i) => new PackedRow(row, sheet.cells[i]!));
  }
  return workbook;
}

type CellValue = ExcelJS.CellValue;

/** The text a user sees in a cell: rich text joined, formula results, hyperlink text, dates as days. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return cellText((value.result ?? '') as CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value).trim();
}

/**
 * Reads the wanted sheets of an XLSX workbook as text rows, streaming: the zip is checked
 * against the limits first (checkZip), then ExcelJS's WorkbookReader hands over one row at a
 * time, and rows and cells are counted over every sheet as they come. Meant to run in the
 * parsing worker (xlsx-worker.ts), not on the server's event loop.
 */
export async function readSheets(buffer: Buffer, wanted: string[], limits: SpreadsheetLimits): Promise<WorkbookRows> {
  await checkZip(buffer, limits);
  const result: WorkbookRows = {};
  let rows = 0;
  let cells = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache', // date-formatted numbers come back as dates
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name: string }).name;
      const keep: SheetRow[] | null = wanted.includes(name) ? (result[name] = []) : null;
      for await (const row of sheet) {
        if (++rows > limits.maxRows) throw rejection('too-many-rows', limits);
        const texts: string[] = [];
        let any = false;
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          if (++cells > limits.maxCells) throw rejection('too-many-cells', limits);
          const text = cellText(cell.value);
          if (text.length > limits.maxCellChars) throw rejection('cell-too-long', limits, `${name}!${cell.address}`);
          if (!text) return;
          texts[column - 1] = text;
          any = true;
        });
        if (keep && any) keep.push({ row: row.number, cells: Array.from(texts, (t) => t ?? '') });
      }
    }
  } catch (error) {
    if (error instanceof SpreadsheetRejectedError) throw error;
    throw rejection('not-xlsx', limits, (error as Error).message);
  }
  return result;
}
