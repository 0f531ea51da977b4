import ExcelJS from 'exceljs';
import {
  DOMAINS,
  FORMAT_CATEGORIES,
  IDENTIFIER_KINDS,
  ITEM_DATA_TYPES,
  labelOf,
  MASKING_RULES,
  OPEN_TYPES,
  PROVISION_METHODS,
  SENSITIVITY_GRADES,
  SHARE_METHOD_TYPES,
  SHARE_MODES,
  SHARE_TYPES,
  UPDATE_CYCLES,
  type CatalogContent,
  type CodeListEntry,
  type ErrorDetail,
} from '@huitong/contracts';
import { ValidationError } from '../../platform/errors.ts';
import type { SheetRow, WorkbookRows } from '../../platform/spreadsheet/index.ts';

/**
 * The catalog spreadsheet template (目录信息 + 信息项 sheets, after the national guide's
 * 目录信息表 / 信息项表). Coded columns accept the Chinese label or the code. The same layout is
 * used for export, so an exported file can be edited and imported again.
 */

export const ENTRY_SHEET = '目录信息';
export const ITEM_SHEET = '信息项';
const GUIDE_SHEET = '填写说明';

type Kind = 'text' | 'int' | 'bool' | 'list' | 'code' | 'codes';

interface Column {
  header: string;
  field: string;
  kind: Kind;
  codes?: ReadonlyArray<CodeListEntry>;
  width?: number;
  note?: string;
}

const ENTRY_COLUMNS: Column[] = [
  { header: '序号', field: '#key', kind: 'text', width: 8, note: '本文件内的目录编号,信息项表用它关联' },
  { header: '资源名称', field: 'name', kind: 'text', width: 28 },
  { header: '资源分类代码', field: 'classCode', kind: 'text', width: 14, note: '如 101(基础·人口)、203(主题·社会保障)、3+部门代码' },
  { header: '内设机构', field: 'internalUnitId', kind: 'text', width: 16, note: '本部门内设机构名称,可空' },
  { header: '摘要', field: 'abstract', kind: 'text', width: 40 },
  { header: '关键词', field: 'keywords', kind: 'list', width: 18, note: '多个用、分隔' },
  { header: '格式分类', field: 'formatCategory', kind: 'code', codes: FORMAT_CATEGORIES, width: 12 },
  { header: '格式类型', field: 'formatType', kind: 'text', width: 12 },
  { header: '共享类型', field: 'shareType', kind: 'code', codes: SHARE_TYPES, width: 12 },
  { header: '共享条件', field: 'shareConditions', kind: 'text', width: 24 },
  { header: '共享依据', field: 'legalBasis', kind: 'text', width: 24, note: '有条件共享、不予共享须填写法律政策依据' },
  { header: '共享方式', field: 'shareModes', kind: 'codes', codes: SHARE_MODES, width: 20, note: '接口调用、直接下载、页面查询,多个用、分隔' },
  { header: '共享方式类型', field: 'shareMethodType', kind: 'code', codes: SHARE_METHOD_TYPES, width: 12 },
  { header: '开放类型', field: 'openType', kind: 'code', codes: OPEN_TYPES, width: 12 },
  { header: '开放条件', field: 'openConditions', kind: 'text', width: 20 },
  { header: '开放依据', field: 'openLegalBasis', kind: 'text', width: 20 },
  { header: '更新周期', field: 'updateCycle', kind: 'code', codes: UPDATE_CYCLES, width: 10 },
  { header: '时效要求', field: 'timeliness', kind: 'text', width: 14 },
  { header: '提供方式', field: 'provisionMethod', kind: 'code', codes: PROVISION_METHODS, width: 12 },
  { header: '所属领域', field: 'domain', kind: 'code', codes: DOMAINS, width: 12 },
  { header: '关联资源代码', field: 'relatedResourceCodes', kind: 'list', width: 18 },
  { header: '是否专用', field: 'dedicated', kind: 'bool', width: 10, note: '是/否' },
  { header: '专用部门', field: 'dedicatedDepartmentIds', kind: 'list', width: 24, note: '部门全称,多个用、分隔' },
];

const ITEM_COLUMNS: Column[] = [
  { header: '目录序号', field: '#key', kind: 'text', width: 10 },
  { header: '信息项编码', field: 'code', kind: 'text', width: 16, note: '字母开头,字母数字下划线' },
  { header: '信息项名称', field: 'name', kind: 'text', width: 18 },
  { header: '数据类型', field: 'dataType', kind: 'code', codes: ITEM_DATA_TYPES, width: 12 },
  { header: '数据长度', field: 'length', kind: 'int', width: 10 },
  { header: '是否必填', field: 'required', kind: 'bool', width: 10 },
  { header: '共享类型', field: 'shareType', kind: 'code', codes: SHARE_TYPES, width: 12 },
  { header: '敏感级别', field: 'sensitivity', kind: 'code', codes: SENSITIVITY_GRADES, width: 12 },
  { header: '脱敏规则', field: 'maskingRule', kind: 'code', codes: MASKING_RULES, width: 18 },
  { header: '标识类型', field: 'identifierKind', kind: 'code', codes: IDENTIFIER_KINDS, width: 14 },
  { header: '说明', field: 'description', kind: 'text', width: 30 },
];

export interface ParsedRow {
  row: number;
  content: Record<string, unknown>;
  /** Where a field of this entry sits in the workbook, for error messages. */
  locate: (field: string) => { sheet: string; row: number; column: string } | undefined;
}

export interface NameLookups {
  /** Internal units of the importing organisation, by name. */
  internalUnits: Map<string, string>;
  /** All departments, by full name. */
  departments: Map<string, string>;
}

function splitList(text: string): string[] {
  return text.split(/[、,，;；\n]+/).map((part) => part.trim()).filter(Boolean);
}

function toCode(text: string, codes: ReadonlyArray<CodeListEntry>): string {
  const found = codes.find((entry) => entry.code === text || entry.zh === text || entry.en.toLowerCase() === text.toLowerCase());
  return found ? found.code : text; // unknown values stay as typed, so validation names them
}

function parseCell(text: string, column: Column): unknown {
  switch (column.kind) {
    case 'text':
      return text;
    case 'int':
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'bool':
      if (['是', 'y', 'yes', 'true', '1'].includes(text.toLowerCase())) return true;
      if (['否', 'n', 'no', 'false', '0'].includes(text.toLowerCase())) return false;
      return text;
    case 'list':
      return splitList(text);
    case 'code':
      return toCode(text, column.codes!);
    case 'codes':
      return splitList(text).map((part) => toCode(part, column.codes!));
  }
}

function checkHeaders(rows: SheetRow[] | undefined, name: string, columns: Column[]): { problems: ErrorDetail[]; indexOf: Map<string, number> } {
  const indexOf = new Map<string, number>();
  if (!rows) return { problems: [{ sheet: name, message: `缺少工作表「${name}」(missing sheet ${name})` }], indexOf };
  const header = rows[0]?.row === 1 ? rows[0].cells : [];
  const found: string[] = [];
  header.forEach((text, index) => {
    if (text) {
      found.push(text);
      indexOf.set(text, index);
    }
  });
  const expected = columns.map((c) => c.header);
  const problems: ErrorDetail[] = [];
  for (const missing of expected.filter((h) => !found.includes(h))) {
    problems.push({ sheet: name, row: 1, column: missing, message: `工作表「${name}」缺少列「${missing}」(missing column)` });
  }
  for (const extra of found.filter((h) => !expected.includes(h))) {
    problems.push({ sheet: name, row: 1, column: extra, message: `工作表「${name}」有无法识别的列「${extra}」(unexpected column; use the template)` });
  }
  return { problems, indexOf };
}

/** The sheets the import reads; the reader (platform/spreadsheet) returns only these. */
export const IMPORT_SHEETS = [ENTRY_SHEET, ITEM_SHEET];

/**
 * Maps the template's sheets (already read as text rows, off the event loop, by the
 * spreadsheet reader) to entry contents. Column-level problems (missing or unknown columns,
 * orphan items) are reported here; field rules are checked by the catalog service.
 */
export function parseCatalogWorkbook(workbook: WorkbookRows, lookups: NameLookups): ParsedRow[] {
  const entrySheet = workbook[ENTRY_SHEET];
  const itemSheet = workbook[ITEM_SHEET];
  const entryHeaders = checkHeaders(entrySheet, ENTRY_SHEET, ENTRY_COLUMNS);
  const itemHeaders = checkHeaders(itemSheet, ITEM_SHEET, ITEM_COLUMNS);
  const headerProblems = [...entryHeaders.problems, ...itemHeaders.problems];
  if (headerProblems.length > 0) {
    throw new ValidationError(`表格列不符合模板: ${headerProblems.map((p) => p.message).join('; ')}`, headerProblems, 'TEMPLATE_MISMATCH');
  }

  const problems: ErrorDetail[] = [];
  const entries = new Map<string, ParsedRow & { itemRows: number[] }>();
  for (const { row: rowNumber, cells } of entrySheet!) {
    if (rowNumber === 1) continue;
    const content: Record<string, unknown> = { items: [], relatedResourceCodes: [], dedicatedDepartmentIds: [], shareModes: [], dedicated: false };
    let key = '';
    for (const column of ENTRY_COLUMNS) {
      const text = cells[entryHeaders.indexOf.get(column.header)!] ?? '';
      if (column.field === '#key') {
        key = text;
        continue;
      }
      if (!text) continue;
      let value = parseCell(text, column);
      if (column.field === 'internalUnitId') {
        const id = lookups.internalUnits.get(text);
        if (!id) problems.push({ sheet: ENTRY_SHEET, row: rowNumber, column: column.header, message: `第 ${rowNumber} 行「${column.header}」: 本部门没有名为「${text}」的内设机构 (unknown internal unit)` });
        value = id ?? null;
      }
      if (column.field === 'dedicatedDepartmentIds') {
        value = (value as string[]).map((name) => {
          const id = lookups.departments.get(name);
          if (!id) problems.push({ sheet: ENTRY_SHEET, row: rowNumber, column: column.header, message: `第 ${rowNumber} 行「${column.header}」: 部门「${name}」不存在 (unknown department)` });
          return id ?? name;
        });
      }
      content[column.field] = value;
    }
    if (!key) key = `#${rowNumber}`;
    if (entries.has(key)) {
      problems.push({ sheet: ENTRY_SHEET, row: rowNumber, column: '序号', message: `第 ${rowNumber} 行「序号」: ${key} 重复 (duplicate key)` });
      continue;
    }
    const itemRows: number[] = [];
    entries.set(key, {
      row: rowNumber,
      content,
      itemRows,
      locate: (field) => locateField(field, rowNumber, itemRows),
    });
  }

  for (const { row: rowNumber, cells } of itemSheet!) {
    if (rowNumber === 1) continue;
    const item: Record<string, unknown> = {};
    let key = '';
    for (const column of ITEM_COLUMNS) {
      const text = cells[itemHeaders.indexOf.get(column.header)!] ?? '';
      if (column.field === '#key') {
        key = text;
        continue;
      }
      if (!text) continue;
      item[column.field] = parseCell(text, column);
    }
    if (item.required === undefined) item.required = false;
    const entry = entries.get(key);
    if (!entry) {
      problems.push({ sheet: ITEM_SHEET, row: rowNumber, column: '目录序号', message: `「${ITEM_SHEET}」第 ${rowNumber} 行「目录序号」: 找不到序号为「${key}」的目录 (no entry with this key)` });
      continue;
    }
    (entry.content.items as unknown[]).push(item);
    entry.itemRows.push(rowNumber);
  }

  if (problems.length > 0) throw new ValidationError(`导入失败,共 ${problems.length} 处错误,未导入任何数据 (nothing imported)`, problems, 'IMPORT_REJECTED');
  return [...entries.values()].map(({ row, content, locate }) => ({ row, content, locate }));
}

/** Maps `content.items[2].shareType` to the 信息项 sheet row and column, other fields to the entry row. */
function locateField(field: string, entryRow: number, itemRows: number[]): { sheet: string; row: number; column: string } | undefined {
  const itemMatch = /^content\.items\[(\d+)\]\.?([A-Za-z]+)?/.exec(field);
  if (itemMatch) {
    const row = itemRows[Number(itemMatch[1])];
    const column = ITEM_COLUMNS.find((c) => c.field === itemMatch[2])?.header ?? '信息项';
    return row === undefined ? { sheet: ENTRY_SHEET, row: entryRow, column: '信息项' } : { sheet: ITEM_SHEET, row, column };
  }
  const top = /^content\.([A-Za-z]+)/.exec(field)?.[1];
  const column = ENTRY_COLUMNS.find((c) => c.field === top)?.header;
  if (top === 'items') return { sheet: ITEM_SHEET, row: entryRow, column: '信息项' };
  return column ? { sheet: ENTRY_SHEET, row: entryRow, column } : { sheet: ENTRY_SHEET, row: entryRow, column: field };
}

function displayValue(value: unknown, column: Column, names: Map<string, string>): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (column.kind === 'code') return labelOf(column.codes!, String(value));
  if (column.kind === 'codes') return (value as string[]).map((v) => labelOf(column.codes!, v)).join('、');
  if (column.kind === 'bool') return value ? '是' : '否';
  if (column.field === 'dedicatedDepartmentIds') return (value as string[]).map((id) => names.get(id) ?? id).join('、');
  if (column.field === 'internalUnitId') return names.get(String(value)) ?? String(value);
  if (column.kind === 'list') return (value as string[]).join('、');
  return value as string | number;
}

/**
 * Writes entries in the template layout; with no entries it is the blank template. Coded
 * columns get drop-down lists so a form filled in Excel or WPS stays importable.
 */
export async function writeCatalogWorkbook(entries: Array<{ resourceCode?: string; content: CatalogContent }>, departmentNames: Map<string, string>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Huitong 汇通';
  const entrySheet = workbook.addWorksheet(ENTRY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const itemSheet = workbook.addWorksheet(ITEM_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const guide = workbook.addWorksheet(GUIDE_SHEET);
  entrySheet.columns = ENTRY_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width ?? 14 }));
  itemSheet.columns = ITEM_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width ?? 14 }));
  for (const sheet of [entrySheet, itemSheet]) sheet.getRow(1).font = { bold: true };

  entries.forEach((entry, index) => {
    const key = entry.resourceCode ?? String(index + 1);
    entrySheet.addRow(ENTRY_COLUMNS.map((c) => (c.field === '#key' ? key : displayValue((entry.content as Record<string, unknown>)[c.field], c, departmentNames))));
    for (const item of entry.content.items) {
      itemSheet.addRow(ITEM_COLUMNS.map((c) => (c.field === '#key' ? key : displayValue((item as Record<string, unknown>)[c.field], c, departmentNames))));
    }
  });

  // Drop-down lists reference the code lists on the guide sheet (Excel limits inline lists to 255 characters).
  guide.columns = [
    { header: '字段', key: 'field', width: 16 },
    { header: '说明', key: 'note', width: 60 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const column of [...ENTRY_COLUMNS, ...ITEM_COLUMNS]) {
    if (column.note) guide.addRow([column.header, column.note]);
  }
  const listStart = guide.rowCount + 2;
  let listColumn = 4;
  const listRef = new Map<ReadonlyArray<CodeListEntry>, string>();
  for (const column of [...ENTRY_COLUMNS, ...ITEM_COLUMNS]) {
    if (!column.codes || column.kind !== 'code' || listRef.has(column.codes)) continue;
    const letter = guide.getColumn(listColumn).letter;
    guide.getCell(`${letter}${listStart}`).value = column.header;
    column.codes.forEach((entry, i) => {
      guide.getCell(`${letter}${listStart + 1 + i}`).value = entry.zh;
    });
    listRef.set(column.codes, `'${GUIDE_SHEET}'!$${letter}$${listStart + 1}:$${letter}$${listStart + column.codes.length}`);
    listColumn++;
  }
  const addValidation = (sheet: ExcelJS.Worksheet, columns: Column[]) => {
    columns.forEach((column, index) => {
      const ref = column.codes && column.kind === 'code' ? listRef.get(column.codes) : column.kind === 'bool' ? '"是,否"' : undefined;
      if (!ref) return;
      const letter = sheet.getColumn(index + 1).letter;
      const lastRow = Math.max(1000, sheet.rowCount + 500);
      // A range-wide rule: ExcelJS supports it at run time but its type definitions omit it.
      const rules = (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
      rules.add(`${letter}2:${letter}${lastRow}`, { type: 'list', allowBlank: true, formulae: [ref] });
    });
  };
  addValidation(entrySheet, ENTRY_COLUMNS);
  addValidation(itemSheet, ITEM_COLUMNS);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
