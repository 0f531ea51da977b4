import { sql, type Kysely } from 'kysely';

/**
 * Reference data: the resource classes of the national catalog guide (发改高技〔2017〕1272号).
 * 部门信息资源 (class 3) gets one 项 per department, added when the department registers its
 * first entry.
 */
const CLASSES: Array<[code: string, name: string, parent: string | null]> = [
  ['1', '基础信息资源', null],
  ['101', '人口', '1'],
  ['102', '法人单位', '1'],
  ['103', '自然资源和空间地理', '1'],
  ['104', '社会信用', '1'],
  ['105', '电子证照', '1'],
  ['2', '主题信息资源', null],
  ['201', '公共服务', '2'],
  ['202', '健康保障', '2'],
  ['203', '社会保障', '2'],
  ['204', '食品药品安全', '2'],
  ['205', '安全生产', '2'],
  ['206', '价格监管', '2'],
  ['207', '能源安全', '2'],
  ['208', '信用体系', '2'],
  ['209', '城乡建设', '2'],
  ['210', '社区治理', '2'],
  ['211', '生态环保', '2'],
  ['212', '应急维稳', '2'],
  ['3', '部门信息资源', null],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.insertInto('catalog_classification').values(CLASSES.map(([code, name, parent]) => ({ code, name, parent_code: parent }))).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from catalog_classification where code in (${sql.join(CLASSES.map(([code]) => code))})`.execute(db);
}
