import ExcelJS from 'exceljs';
import { ITEM_DATA_TYPES, labelOf } from '@huitong/contracts';
import { DATA_SHEETS } from './batch-loader.ts';
import type { ColumnSpec } from './row-validator.ts';

/** How to write a value of each type, for the description sheet. */
const FORMAT_HINTS: Record<string, string> = {
  C: '文本', M: '文本', N: '数值,如 100.50', Y: '金额,如 100.50', I: '整数', B: '数值', F: '数值',
  D: '日期 YYYY-MM-DD', T: '日期时间 YYYY-MM-DD HH:mm:ss(北京时间),请以文本填写', L: '是 / 否', G: 'Base64 编码',
};

function cell(text: string): string {
  // A header starting with a formula character would be run by a spreadsheet (CSV injection).
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

/** The CSV template: the item names as the header, UTF-8 with a BOM so Excel and WPS open it right. */
export function csvTemplate(columns: ColumnSpec[]): Buffer {
  const header = columns.map((c) => {
    const text = cell(c.itemName);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header.join(',') + '\r\n', 'utf8')]);
}

/**
 * The XLSX template: sheet 数据 with the item names as header (the upload matches names or codes),
 * sheet 信息项说明 with each item's code, type, length, required and key; 逻辑型 columns get a
 * 是/否 list validation.
 */
export async function xlsxTemplate(columns: ColumnSpec[], keyItemCode: string | null): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet(DATA_SHEETS[0]);
  data.addRow(columns.map((c) => cell(c.itemName)));
  data.getRow(1).font = { bold: true };
  columns.forEach((c, index) => {
    const column = data.getColumn(index + 1);
    column.width = Math.max(12, Math.min(40, c.itemName.length * 2 + 4));
    // Text format keeps ID numbers and codes from turning into numbers.
    if (c.dataType === 'C' || c.dataType === 'M' || c.dataType === 'T') column.numFmt = '@';
  });
  const last = 1000;
  columns.forEach((c, index) => {
    if (c.dataType !== 'L') return;
    const letter = data.getColumn(index + 1).letter;
    for (let row = 2; row <= last; row++) {
      data.getCell(`${letter}${row}`).dataValidation = { type: 'list', allowBlank: !c.required, formulae: ['"是,否"'], showErrorMessage: true, error: '请填写 是 或 否' };
    }
  });
  const guide = workbook.addWorksheet('信息项说明');
  guide.addRow(['信息项名称', '信息项代码', '数据类型', '长度', '必填', '主键', '填写说明']);
  guide.getRow(1).font = { bold: true };
  for (const c of columns) {
    guide.addRow([c.itemName, c.itemCode, labelOf(ITEM_DATA_TYPES, c.dataType), c.length ?? '', c.required ? '是' : '否', c.itemCode === keyItemCode ? '是' : '', FORMAT_HINTS[c.dataType] ?? '']);
  }
  guide.columns.forEach((column) => (column.width = 20));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
