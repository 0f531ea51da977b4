import type { CatalogContent } from '@huitong/contracts';
import iconv from 'iconv-lite';
import { testItem } from './catalog.ts';
import { multipartFile } from './multipart.ts';

/** A 市场主体 register: one item of every common type, keyed by USCC. */
export function marketEntityContent(): Partial<CatalogContent> {
  return {
    formatCategory: 'spreadsheet',
    formatType: 'xlsx',
    shareMethodType: 'file',
    provisionMethod: 'file',
    items: [
      testItem('tyshxydm', '统一社会信用代码', { identifierKind: 'uscc', length: 18, required: true }),
      testItem('qymc', '企业名称', { length: 10, required: true }),
      testItem('zczb', '注册资本', { dataType: 'N', length: undefined }),
      testItem('cyrs', '从业人数', { dataType: 'I', length: undefined }),
      testItem('clrq', '成立日期', { dataType: 'D', length: undefined }),
      testItem('gxsj', '更新时间', { dataType: 'T', length: undefined }),
      testItem('sfzx', '是否注销', { dataType: 'L', length: undefined }),
    ],
  };
}

export const MARKET_HEADER = ['统一社会信用代码', '企业名称', '注册资本', '从业人数', '成立日期', '更新时间', '是否注销'];

export function csvText(rows: string[][]): string {
  return rows.map((r) => r.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n') + '\r\n';
}

export function csvBytes(rows: string[][], encoding: 'utf-8' | 'utf-8-bom' | 'gb18030'): Buffer {
  const text = csvText(rows);
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export function csvUpload(content: Buffer, filename = '市场主体.csv') {
  return multipartFile(filename, content, 'text/csv');
}
