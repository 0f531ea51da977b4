import type { CatalogContent, CatalogItem } from '@huitong/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/platform/db/schema.ts';

export function testItem(code: string, name: string, overrides: Partial<CatalogItem> = {}): CatalogItem {
  return { code, name, dataType: 'C', length: 50, required: false, shareType: 'unconditional', sensitivity: 'L1', maskingRule: 'none', identifierKind: 'none', ...overrides };
}

/** A content document that passes every rule under every profile; tests break one rule at a time. */
export function validContent(overrides: Partial<CatalogContent> = {}): CatalogContent {
  return {
    name: '测试资源 网格员巡查记录',
    classCode: '201',
    internalUnitId: null,
    abstract: '社区网格员日常巡查发现的问题及处置结果。',
    keywords: ['网格', '巡查'],
    formatCategory: 'database',
    formatType: 'PostgreSQL',
    items: [testItem('xcbh', '巡查编号'), testItem('xcnr', '巡查内容', { dataType: 'M', length: undefined })],
    shareType: 'unconditional',
    shareModes: ['interface'],
    shareMethodType: 'interface',
    openType: 'none',
    updateCycle: 'daily',
    provisionMethod: 'table',
    domain: 'other',
    relatedResourceCodes: [],
    dedicated: false,
    dedicatedDepartmentIds: [],
    ...overrides,
  };
}

export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ids of demo departments by name. */
export async function departmentId(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db.selectFrom('department').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}
