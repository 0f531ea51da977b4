import { checkCitizenIdNumber, checkUscc, type BatchRowError, type ItemDataType, type RowRule } from '@huitong/contracts';
import { ValidationError } from '../../platform/errors.ts';

/** One generated column of a dataset, as the validator needs it. */
export interface ColumnSpec {
  columnName: string;
  itemCode: string;
  itemName: string;
  dataType: ItemDataType;
  length: number | null;
  required: boolean;
  identifierKind: string;
}

export type CellValue = string | number | boolean | Buffer | null;

const INT64_MAX = 9223372036854775807n;
const DATE = /^(\d{4})[-/]?(\d{1,2})[-/]?(\d{1,2})$/;
const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TRUE = new Set(['是', 'true', 't', '1', 'y', 'yes']);
const FALSE = new Set(['否', 'false', 'f', '0', 'n', 'no']);

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1 && y <= 9999 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: string | number, width = 2) => String(n).padStart(width, '0');

type Converted = { value: CellValue } | { rule: RowRule; message: string };

/** Text of a cell to the column's type; the message says what was expected, in both languages. */
export function convertCell(column: ColumnSpec, raw: string, today: Date): Converted {
  const text = raw.trim();
  if (text === '') return column.required ? { rule: 'required', message: `${column.itemName}: 必填 (required)` } : { value: null };
  switch (column.dataType) {
    case 'C':
    case 'M': {
      if (column.length !== null && [...text].length > column.length) return { rule: 'length', message: `${column.itemName}: 超过长度 ${column.length} (longer than ${column.length})` };
      if (column.identifierKind === 'id_number') {
        const check = checkCitizenIdNumber(text, today);
        if (!check.valid) return { rule: 'id_number', message: `${column.itemName}: ${check.message} (invalid citizen ID number)` };
        return { value: text.toUpperCase() };
      }
      if (column.identifierKind === 'uscc') {
        const check = checkUscc(text);
        if (!check.valid) return { rule: 'uscc', message: `${column.itemName}: ${check.message} (invalid USCC)` };
        return { value: text.toUpperCase() };
      }
      return { value: text };
    }
    case 'N':
    case 'Y': {
      const plain = text.replace(/,/g, '');
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(plain)) return { rule: 'type', message: `${column.itemName}: 应为数值 (expected a number)` };
      return { value: plain };
    }
    case 'I': {
      if (!/^[+-]?\d{1,19}$/.test(text) || BigInt(text) > INT64_MAX || BigInt(text) < -INT64_MAX - 1n) return { rule: 'type', message: `${column.itemName}: 应为整数 (expected an integer)` };
      return { value: BigInt(text).toString() };
    }
    case 'B':
    case 'F': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { rule: 'type', message: `${column.itemName}: 应为数值 (expected a number)` };
      return { value: n };
    }
    case 'D': {
      const m = DATE.exec(text);
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { rule: 'type', message: `${column.itemName}: 应为有效日期 YYYY-MM-DD (expected a real date)` };
      return { value: `${m[1]}-${pad(m[2]!)}-${pad(m[3]!)}` };
    }
    case 'T': {
      const m = DATE_TIME.exec(text);
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) {
        return { rule: 'type', message: `${column.itemName}: 应为有效日期时间 YYYY-MM-DD HH:mm:ss (expected a real date-time)` };
      }
      // A value without a zone is Beijing time, as every provider writes it.
      const zone = m[8] ? (m[8] === 'Z' ? 'Z' : m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '+08:00';
      return { value: `${m[1]}-${pad(m[2]!)}-${pad(m[3]!)}T${pad(m[4]!)}:${m[5]}:${pad(m[6] ?? '0')}${m[7] ?? ''}${zone}` };
    }
    case 'L': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { rule: 'type', message: `${column.itemName}: 应为 是/否 (expected yes or no)` };
    }
    case 'G': {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return { rule: 'type', message: `${column.itemName}: 应为 Base64 编码 (expected base64)` };
      return { value: Buffer.from(text, 'base64') };
    }
  }
}

/**
 * Which file column feeds which dataset column: headers match an item's name or its code (case
 * does not matter for codes). Unknown, repeated or missing required columns refuse the file.
 */
export function matchHeader(header: string[], columns: ColumnSpec[]): Array<ColumnSpec | null> {
  const byName = new Map<string, ColumnSpec>();
  for (const column of columns) {
    byName.set(column.itemName.trim(), column);
    byName.set(column.itemCode.toLowerCase(), column);
  }
  const seen = new Set<string>();
  const problems: Array<{ field: string; column: string; message: string }> = [];
  const mapped = header.map((cell, index) => {
    const text = cell.trim();
    const column = byName.get(text) ?? byName.get(text.toLowerCase());
    const label = text || `#${index + 1}`;
    if (!column) {
      if (text === '') return null;
      problems.push({ field: 'file', column: label, message: `列「${label}」不是本目录的信息项 (unknown column)` });
      return null;
    }
    if (seen.has(column.itemCode)) problems.push({ field: 'file', column: label, message: `信息项「${column.itemName}」的列重复 (column appears twice)` });
    seen.add(column.itemCode);
    return column;
  });
  for (const column of columns) {
    if ((column.required || column.identifierKind !== 'none') && !seen.has(column.itemCode)) {
      problems.push({ field: 'file', column: column.itemName, message: `缺少必填信息项「${column.itemName}」(${column.itemCode}) 的列 (required column missing)` });
    }
  }
  if (problems.length > 0) throw new ValidationError('file: 表头与目录信息项不符 (the header does not match the items)', problems, 'WRONG_COLUMNS');
  return mapped;
}

/** Converts one data row; errors carry row, column, value and rule. */
export function convertRow(rowNo: number, cells: string[], mapping: Array<ColumnSpec | null>, columns: ColumnSpec[], today: Date): { values: Map<string, CellValue>; errors: BatchRowError[] } {
  const values = new Map<string, CellValue>();
  const errors: BatchRowError[] = [];
  if (cells.length > mapping.length) {
    errors.push({ row: rowNo, column: null, value: null, rule: 'columns', message: `第 ${rowNo} 行有 ${cells.length} 列,表头只有 ${mapping.length} 列 (more cells than headers)` });
  }
  mapping.forEach((column, index) => {
    if (!column) return;
    const raw = cells[index] ?? '';
    const converted = convertCell(column, raw, today);
    if ('rule' in converted) errors.push({ row: rowNo, column: column.itemName, value: raw.slice(0, 200), rule: converted.rule, message: converted.message });
    else values.set(column.columnName, converted.value);
  });
  for (const column of columns) if (!values.has(column.columnName) && !errors.some((e) => e.column === column.itemName)) values.set(column.columnName, null);
  return { values, errors };
}
