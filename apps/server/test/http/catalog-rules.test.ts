import type { CatalogContent } from '@huitong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, departmentId, testItem, validContent } from '../helpers/catalog.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { namedTestApp } from '../helpers/named-city.ts';

/**
 * Every catalog rule of SPEC §2/§11: the invalid combination is a 400 that names the field,
 * nothing is written, and the failed attempt is on the audit trail.
 */
async function expectRejected(t: TestApp, content: unknown, field: string, as = 'ga_officer') {
  const entries = await countRows(t.database.db, 'catalog_entry');
  const versions = await countRows(t.database.db, 'catalog_version');
  const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as, body: { content } });
  expect(response.statusCode, response.body).toBe(400);
  const body = response.json();
  const fields = (body.error.details ?? []).map((d: { field?: string }) => d.field);
  expect(fields, JSON.stringify(body.error)).toContain(field);
  expect(body.requestId).toBeTruthy();
  expect(await countRows(t.database.db, 'catalog_entry')).toBe(entries);
  expect(await countRows(t.database.db, 'catalog_version')).toBe(versions);
  const attempt = await t.database.db
    .selectFrom('audit_log')
    .select(['operation', 'outcome', 'details'])
    .where('request_id', '=', body.requestId)
    .executeTakeFirst();
  expect(attempt).toMatchObject({ operation: 'catalog:entry:create', outcome: 'failure' });
  return body;
}

async function expectAccepted(t: TestApp, content: unknown, as = 'ga_officer') {
  const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as, body: { content } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('catalog rules under the default profile (longnan)', () => {
  let t: TestApp;
  let mz: string;
  let ga: string;
  beforeAll(async () => {
    t = await namedTestApp();
    mz = await departmentId(t.database.db, '龙南市民政局');
    ga = await departmentId(t.database.db, '龙南市公安局');
  });
  afterAll(() => t.close());

  it('accepts a valid entry (the baseline every other case breaks)', async () => {
    const detail = await expectAccepted(t, validContent());
    expect(detail).toMatchObject({ status: 'draft', mount: { status: 'none' } });
    expect(detail.resourceCode).toMatch(/^201\/\d{6}$/);
  });

  it('[rule:catalog.open_requires_unconditional_share] rejects opening a conditionally shared resource', async () => {
    const body = await expectRejected(t, validContent({ shareType: 'conditional', shareConditions: '仅限执法', legalBasis: '《某法》第一条', openType: 'unconditional', items: [testItem('a', '甲', { shareType: 'conditional' }), testItem('b', '乙')] }), 'content.openType');
    expect(body.error.message).toMatch(/第七条/);
  });

  it('[rule:catalog.open_requires_unconditional_share] rejects opening a not-shared resource on conditions', async () => {
    await expectRejected(t, validContent({ shareType: 'none', shareModes: [], legalBasis: '《某法》第一条', openType: 'conditional', openConditions: '申请', items: [testItem('a', '甲', { shareType: 'none' })] }), 'content.openType');
  });

  it('keeps item share types inside the entry share type (partial sharing is conditional)', async () => {
    await expectRejected(t, validContent({ items: [testItem('a', '甲'), testItem('b', '乙', { shareType: 'conditional' })] }), 'content.items[1].shareType');
    await expectRejected(t, validContent({ shareType: 'none', shareModes: [], legalBasis: '《某法》', items: [testItem('a', '甲', { shareType: 'none' }), testItem('b', '乙')] }), 'content.items[1].shareType');
    await expectRejected(t, validContent({ shareType: 'conditional', shareConditions: '条件', legalBasis: '《某法》', items: [testItem('a', '甲', { shareType: 'none' })] }), 'content.shareType');
  });

  it('[rule:catalog.legal_basis_required_for_share_types] rejects conditional and not-shared resources without a legal basis', async () => {
    const body = await expectRejected(t, validContent({ shareType: 'conditional', shareConditions: '仅限执法', items: [testItem('a', '甲', { shareType: 'conditional' })] }), 'content.legalBasis');
    expect(body.error.message).toMatch(/第十一条/);
    await expectRejected(t, validContent({ shareType: 'conditional', shareConditions: '仅限执法', legalBasis: '   ', items: [testItem('a', '甲', { shareType: 'conditional' })] }), 'content.legalBasis');
    await expectRejected(t, validContent({ shareType: 'none', shareModes: [], items: [testItem('a', '甲', { shareType: 'none' })] }), 'content.legalBasis');
  });

  it('needs share conditions for conditional sharing and open conditions for conditional opening', async () => {
    await expectRejected(t, validContent({ shareType: 'conditional', legalBasis: '《某法》', items: [testItem('a', '甲', { shareType: 'conditional' })] }), 'content.shareConditions');
    await expectRejected(t, validContent({ openType: 'conditional' }), 'content.openConditions');
  });

  it('needs at least one share mode for a shareable resource', async () => {
    await expectRejected(t, validContent({ shareModes: [] }), 'content.shareModes');
  });

  it('[rule:catalog.dedicated_requires_department_list] rejects a 专用 entry without its department list', async () => {
    await expectRejected(t, validContent({ dedicated: true, dedicatedDepartmentIds: [] }), 'content.dedicatedDepartmentIds');
    await expectRejected(t, validContent({ dedicated: false, dedicatedDepartmentIds: [mz] }), 'content.dedicated');
    await expectRejected(t, validContent({ dedicated: true, dedicatedDepartmentIds: ['7d1e1c30-8d0b-4f6a-9a53-0d8f0a3f2b11'] }), 'content.dedicatedDepartmentIds[0]');
    await expectRejected(t, validContent({ dedicated: true, dedicatedDepartmentIds: [ga] }), 'content.dedicatedDepartmentIds[0]');
    const ok = await expectAccepted(t, validContent({ name: '专用资源示例', dedicated: true, dedicatedDepartmentIds: [mz] }));
    expect(ok.dedicatedDepartments).toEqual([{ id: mz, name: '龙南市民政局' }]);
  });

  it('shares file resources by file and databases by database or interface', async () => {
    await expectRejected(t, validContent({ formatCategory: 'document', formatType: 'PDF', shareMethodType: 'database', provisionMethod: 'file' }), 'content.shareMethodType');
    await expectRejected(t, validContent({ formatCategory: 'database', shareMethodType: 'file' }), 'content.shareMethodType');
    await expectRejected(t, validContent({ formatCategory: 'service', formatType: 'REST', shareMethodType: 'interface', provisionMethod: 'file' }), 'content.provisionMethod');
  });

  it('rejects duplicate item codes and names', async () => {
    await expectRejected(t, validContent({ items: [testItem('a', '甲'), testItem('A', '乙')] }), 'content.items[1].code');
    await expectRejected(t, validContent({ items: [testItem('a', '甲'), testItem('b', '甲')] }), 'content.items[1].name');
  });

  it('requires masking of sensitive items in an open resource (000 Art. 18)', async () => {
    await expectRejected(t, validContent({ openType: 'unconditional', items: [testItem('xm', '姓名', { sensitivity: 'L3' })] }), 'content.items[0].maskingRule');
  });

  it('checks the classification, internal unit and related resources against the database', async () => {
    await expectRejected(t, validContent({ classCode: '109' }), 'content.classCode');
    const sj = (await t.app.modules.org.service.getDepartment(await departmentId(t.database.db, '龙南市市场监督管理局'))).classCode;
    await expectRejected(t, validContent({ classCode: `3${sj}` }), 'content.classCode');
    const sjUnit = await departmentId(t.database.db, '登记注册股');
    await expectRejected(t, validContent({ internalUnitId: sjUnit }), 'content.internalUnitId');
    await expectRejected(t, validContent({ relatedResourceCodes: ['101/999999'] }), 'content.relatedResourceCodes[0]');
  });

  it('rejects unknown enum values and missing items through the schema', async () => {
    await expectRejected(t, { ...validContent(), shareType: 'partial' }, 'content.shareType');
    await expectRejected(t, { ...validContent(), items: [] }, 'content.items');
    await expectRejected(t, { ...validContent(), items: [{ ...testItem('a', '甲'), dataType: 'X' }] }, 'content.items[0].dataType');
  });

  it('applies the same rules when a draft is saved and when it is submitted', async () => {
    const created = await expectAccepted(t, validContent({ name: '规则复核示例' }));
    const bad: CatalogContent = validContent({ name: '规则复核示例', shareType: 'conditional', shareConditions: '条件', items: [testItem('a', '甲', { shareType: 'conditional' })] });
    const response = await t.request({ method: 'PUT', url: `/api/catalog/entries/${created.id}/draft`, as: 'ga_officer', body: { content: bad } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain('content.legalBasis');
    const stored = await t.request({ method: 'GET', url: `/api/catalog/entries/${created.id}`, as: 'ga_officer' });
    expect(stored.json().current.content.shareType).toBe('unconditional');
  });
});

describe('catalog rules differ by profile', () => {
  it('[rule:catalog.legal_basis_required_for_share_types] under jinzhong only 不予共享 needs a legal basis (办法第十条)', async () => {
    const t = await namedTestApp({ policy: 'jinzhong' });
    try {
      await expectAccepted(t, validContent({ shareType: 'conditional', shareConditions: '仅限执法', items: [testItem('a', '甲', { shareType: 'conditional' })] }));
      await expectRejected(t, validContent({ name: '不予共享示例', shareType: 'none', shareModes: [], items: [testItem('a', '甲', { shareType: 'none' })] }), 'content.legalBasis');
    } finally {
      await t.close();
    }
  });

  it('[rule:catalog.legal_basis_required_for_open_types] under yunnan restricted opening needs a legal basis (第二十二条), under longnan it does not', async () => {
    const yunnan = await namedTestApp({ policy: 'yunnan' });
    try {
      const body = await expectRejected(yunnan, validContent({ openType: 'conditional', openConditions: '申请开放' }), 'content.openLegalBasis');
      expect(body.error.message).toMatch(/第二十二条/);
      await expectAccepted(yunnan, validContent({ openType: 'conditional', openConditions: '申请开放', openLegalBasis: '《云南省政务数据共享开放管理暂行办法》第二十二条' }));
    } finally {
      await yunnan.close();
    }
    const longnan = await namedTestApp();
    try {
      await expectAccepted(longnan, validContent({ openType: 'conditional', openConditions: '申请开放' }));
    } finally {
      await longnan.close();
    }
  });
});
