/**
 * The ingest benchmark's data: a resident register of 20 items (ID number as the key, a work unit's
 * USCC, dates, numbers, a flag, a date-time, free text), written as CSV. Every ID number and USCC
 * carries a valid check digit, so the platform validates every row and rejects none. Deterministic:
 * row i has the same values in every run.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import type { CatalogItem } from '@huitong/contracts';
import { demoIdNumber, demoUscc } from '../../apps/server/src/seed/demo.ts';

const item = (code: string, name: string, dataType: CatalogItem['dataType'], extra: Partial<CatalogItem> = {}): CatalogItem => ({
  code,
  name,
  dataType,
  ...(dataType === 'C' ? { length: 100 } : {}),
  required: false,
  shareType: 'unconditional',
  sensitivity: 'L1',
  maskingRule: 'none',
  identifierKind: 'none',
  ...extra,
});

export const ITEMS: CatalogItem[] = [
  item('sfzhm', '公民身份号码', 'C', { length: 18, required: true, identifierKind: 'id_number' }),
  item('xm', '姓名', 'C', { length: 20, required: true }),
  item('xb', '性别', 'C', { length: 2 }),
  item('csrq', '出生日期', 'D'),
  item('mz', '民族', 'C', { length: 10 }),
  item('hjdz', '户籍地址', 'C', { length: 100 }),
  item('xzz', '现住址', 'C', { length: 100 }),
  item('lxdh', '联系电话', 'C', { length: 20 }),
  item('dwxydm', '工作单位统一社会信用代码', 'C', { length: 18, identifierKind: 'uscc' }),
  item('dwmc', '工作单位名称', 'C', { length: 50 }),
  item('zw', '职务', 'C', { length: 20 }),
  item('gzrq', '参加工作日期', 'D'),
  item('ysr', '月收入', 'N'),
  item('jtrs', '家庭人数', 'I'),
  item('sfcb', '是否参保', 'L'),
  item('cbrq', '参保日期', 'D'),
  item('gxsj', '更新时间', 'T'),
  item('qxdm', '区县代码', 'C', { length: 6 }),
  item('jd', '街道', 'C', { length: 30 }),
  item('bz', '备注', 'C', { length: 200 }),
];

/**
 * PostgreSQL column types of the baseline table, in item order: the platform's own mapping
 * (ADR 0012), except 逻辑型, which is text for `\copy` because 是/否 are not PostgreSQL booleans
 * (the platform converts them itself).
 */
export const BASELINE_TYPES = ITEMS.map((i) => ({ C: 'text', D: 'date', N: 'numeric', I: 'bigint', L: 'text', T: 'timestamptz' })[i.dataType as 'C'] ?? 'text');

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';
const STREETS = ['东城街道', '南亭街道', '龙华街道', '新城街道', '城关镇', '渡江镇'];
const UNITS = ['龙南市人民医院', '龙南市第一中学', '汇通科技有限公司', '龙南农商银行', '赣南稀土集团', '龙南市自来水公司'];
const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const UNIT_USCC = UNITS.map((_, i) => demoUscc(Array.from({ length: 9 }, (_, j) => ORG_ALPHABET[(i * 7 + j * 3) % ORG_ALPHABET.length]).join('')));
const DAY_MS = 86_400_000;
const BIRTH_START = Date.UTC(1960, 0, 1);

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Row i: a unique ID number (birth day = i / 1000 days after 1960-01-01, sequence i % 1000). */
export function row(i: number): string[] {
  const birthMs = BIRTH_START + Math.floor(i / 1000) * DAY_MS;
  const birth = isoDay(birthMs);
  const idNumber = demoIdNumber(birth.replace(/-/g, ''), String(i % 1000).padStart(3, '0'));
  const unit = i % UNITS.length;
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + (i % 3 === 0 ? '' : GIVEN[(i * 13) % GIVEN.length]!);
  const street = STREETS[i % STREETS.length]!;
  return [
    idNumber,
    name,
    i % 2 === 0 ? '男' : '女',
    birth,
    '汉族',
    `江西省龙南市${street}${(i % 300) + 1}号`,
    `江西省龙南市${street}幸福路${(i % 97) + 1}号${(i % 20) + 1}栋`,
    `139${String(i % 100_000_000).padStart(8, '0')}`,
    UNIT_USCC[unit]!,
    UNITS[unit]!,
    ['职员', '教师', '医生', '工程师', '经理'][i % 5]!,
    isoDay(birthMs + 22 * 365 * DAY_MS),
    (3000 + (i % 9000) + 0.5).toFixed(2),
    String(1 + (i % 6)),
    i % 4 === 0 ? '否' : '是',
    isoDay(birthMs + 23 * 365 * DAY_MS),
    `2026-11-${String(1 + (i % 28)).padStart(2, '0')} 08:${String(i % 60).padStart(2, '0')}:00`,
    '360727',
    street,
    i % 10 === 0 ? '' : '常住人口',
  ];
}

/** Writes the header and `rows` rows as CSV (no quoting needed: no value holds a comma or quote). */
export async function writeCsv(path: string, rows: number, encoding: 'utf-8' | 'gbk'): Promise<number> {
  const out = fs.createWriteStream(path);
  const encode = (text: string) => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'));
  out.write(encode(ITEMS.map((i) => i.name).join(',') + '\r\n'));
  const BLOCK = 5000;
  for (let start = 0; start < rows; start += BLOCK) {
    let text = '';
    for (let i = start; i < Math.min(rows, start + BLOCK); i++) text += row(i).join(',') + '\r\n';
    if (!out.write(encode(text))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return fs.statSync(path).size;
}
