import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPREADSHEET_LIMITS, SpreadsheetReader, SpreadsheetRejectedError, type SpreadsheetLimits } from '../../src/platform/spreadsheet/index.ts';
import { lyingXlsxBomb, xlsxBomb } from '../helpers/xlsx-bomb.ts';

async function workbook(rows: number, columns = 3): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('目录信息');
  for (let r = 0; r < rows; r++) sheet.addRow(Array.from({ length: columns }, (_, c) => `r${r}c${c}`));
  book.addWorksheet('其他').addRow(['ignored']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function refusal(promise: Promise<unknown>): Promise<SpreadsheetRejectedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpreadsheetRejectedError);
  return error as SpreadsheetRejectedError;
}

const reader = (limits: Partial<SpreadsheetLimits> = {}) => new SpreadsheetReader({ ...DEFAULT_SPREADSHEET_LIMITS, ...limits });

describe('spreadsheet limits (platform/spreadsheet)', () => {
  it('reads the wanted sheets as text rows in a worker thread', async () => {
    const rows = await reader().read(await workbook(3), ['目录信息']);
    expect(Object.keys(rows)).toEqual(['目录信息']);
    expect(rows['目录信息']!.map(({ row, cells }) => ({ row, cells }))).toEqual([
      { row: 1, cells: ['r0c0', 'r0c1', 'r0c2'] },
      { row: 2, cells: ['r1c0', 'r1c1', 'r1c2'] },
      { row: 3, cells: ['r2c0', 'r2c1', 'r2c2'] },
    ]);
  });

  it('refuses a bomb by the sizes its central directory declares, before inflating it (413)', async () => {
    const bomb = await xlsxBomb(400 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const error = await refusal(reader().read(bomb, ['目录信息']));
    expect(error.status).toBe(413);
    expect(error.reason).toBe('unpacked-too-large');
  });

  it('refuses a highly compressed sheet by its compression ratio even under the size limit', async () => {
    const error = await refusal(reader().read(await xlsxBomb(50 * 1024 * 1024), ['目录信息']));
    expect(error.reason).toBe('compression-ratio');
  });

  it('refuses a bomb that declares a small size, by counting bytes while inflating', async () => {
    const error = await refusal(reader({ maxUnpackedBytes: 8 * 1024 * 1024 }).read(await lyingXlsxBomb(40 * 1024 * 1024), ['目录信息']));
    expect(error.reason).toBe('unpacked-too-large');
  });

  it('stops at the row and cell limits, counted over every sheet while streaming', async () => {
    expect((await refusal(reader({ maxRows: 50 }).read(await workbook(60), ['目录信息']))).reason).toBe('too-many-rows');
    expect((await refusal(reader({ maxCells: 100 }).read(await workbook(40), ['目录信息']))).reason).toBe('too-many-cells');
    // 50 rows on the wanted sheet plus one on the other sheet: the other sheet counts too.
    expect((await refusal(reader({ maxRows: 50 }).read(await workbook(50), ['目录信息']))).reason).toBe('too-many-rows');
  });

  it('answers 400 for a file that is not a workbook', async () => {
    const error = await refusal(reader().read(Buffer.from('PK\u0003\u0004 not really a zip'), ['目录信息']));
    expect(error.status).toBe(400);
    expect(error.reason).toBe('not-xlsx');
  });

  it('terminates a parse that runs past its deadline', async () => {
    const error = await refusal(reader({ timeoutMs: 1 }).read(await workbook(2000), ['目录信息']));
    expect(error.reason).toBe('timeout');
  });
});
