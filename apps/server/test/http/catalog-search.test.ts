import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface Summary {
  name: string;
  abstract: string;
  matchedItems?: string[];
  shareType: string;
  providerDepartmentName: string;
}

/** Chinese full-text search on the demo catalog. */
describe('catalog search', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  async function search(query: string, as = 'sj_officer') {
    const response = await t.request({ method: 'GET', url: `/api/catalog/entries?${query}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Summary[]; total: number; facets: Record<string, Array<{ value: string; label: string; count: number }>> };
  }

  /** Everything a search may legitimately find for a term: published entries whose name, abstract or items contain it. */
  async function likeBaseline(term: string): Promise<string[]> {
    const rows = await t.database.db
      .selectFrom('catalog_entry')
      .select('name')
      .where('status', '=', 'published')
      .where(sql<boolean>`(name like ${`%${term}%`} or abstract like ${`%${term}%`} or exists (select 1 from unnest(item_names) n where n like ${`%${term}%`}))`)
      .execute();
    return rows.map((r) => r.name).sort();
  }

  it('finds one-character queries (证) with every entry the LIKE baseline finds', async () => {
    const result = await search(`q=${encodeURIComponent('证')}&pageSize=100`);
    const baseline = await likeBaseline('证');
    expect(baseline.length).toBeGreaterThan(5);
    expect(result.items.map((i) => i.name).sort()).toEqual(expect.arrayContaining(baseline));
    // Names containing the query come first.
    const firstNonName = result.items.findIndex((i) => !i.name.includes('证'));
    const lastName = result.items.map((i) => i.name.includes('证')).lastIndexOf(true);
    expect(firstNonName === -1 || lastName < firstNonName).toBe(true);
  });

  it('finds two-character queries (社保) and shows the items that matched', async () => {
    const result = await search(`q=${encodeURIComponent('社保')}`);
    expect(result.items.map((i) => i.name)).toContain('社会保险参保缴费信息');
    const baseline = await likeBaseline('社保');
    expect(result.items.map((i) => i.name)).toEqual(expect.arrayContaining(baseline));
  });

  it('finds multi-character and multi-word queries', async () => {
    expect((await search(`q=${encodeURIComponent('营业执照')}`)).items.map((i) => i.name)).toEqual(expect.arrayContaining(['营业执照电子证照', '市场主体登记信息']));
    expect((await search(`q=${encodeURIComponent('不动产登记')}`)).items[0]!.name).toBe('不动产登记信息');
    // Words in another order than in the text: jieba splits the query into words.
    expect((await search(`q=${encodeURIComponent('登记 婚姻')}`)).items.map((i) => i.name)).toContain('婚姻登记信息');
    const items = await search(`q=${encodeURIComponent('公民身份号码')}&pageSize=50`);
    expect(items.total).toBeGreaterThan(5);
    expect(items.items.every((i) => (i.matchedItems ?? []).some((m) => m.includes('公民身份号码')) || i.name.includes('身份') || i.abstract.includes('身份'))).toBe(true);
  });

  it('finds by resource code and by numbers and Latin words', async () => {
    const code = (await search(`q=${encodeURIComponent('营业执照电子证照')}`)).items[0] as unknown as { resourceCode: string };
    expect((await search(`q=${encodeURIComponent(code.resourceCode)}`)).items.map((i) => (i as unknown as { resourceCode: string }).resourceCode)).toContain(code.resourceCode);
    expect((await search('q=12345')).items.map((i) => i.name)).toEqual(['12345政务服务便民热线工单']);
    // Latin words match by prefix, case-insensitively.
    expect((await search('q=1234')).items.map((i) => i.name)).toEqual(['12345政务服务便民热线工单']);
  });

  it('returns nothing (not everything) for a query with no searchable text', async () => {
    expect((await search(`q=${encodeURIComponent('！？')}`)).total).toBe(0);
  });

  it('gives facet counts that add up and filters by each facet', async () => {
    const all = await search('pageSize=1');
    for (const facet of ['department', 'resourceClass', 'shareType', 'openType', 'domain', 'formatCategory', 'updateCycle']) {
      const buckets = all.facets[facet]!;
      expect(buckets.length, facet).toBeGreaterThan(0);
      expect(buckets.reduce((sum, b) => sum + b.count, 0), facet).toBe(all.total);
    }
    const shareTypes = Object.fromEntries(all.facets.shareType!.map((b) => [b.value, b.label]));
    expect(shareTypes).toEqual({ unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享' });
    expect(all.facets.formatCategory!.map((b) => b.value).sort()).toEqual(['database', 'document', 'image', 'media', 'self_describing', 'service', 'spreadsheet']);
    expect(all.facets.updateCycle!.map((b) => b.value).sort()).toEqual(['annual', 'daily', 'monthly', 'other', 'quarterly', 'realtime', 'semiannual', 'weekly']);

    const conditional = await search('shareType=conditional&pageSize=100');
    expect(conditional.total).toBe(all.facets.shareType!.find((b) => b.value === 'conditional')!.count);
    expect(conditional.items.every((i) => i.shareType === 'conditional')).toBe(true);
    const police = all.facets.department!.find((b) => b.label === '龙南市公安局')!;
    const byDepartment = await search(`departmentId=${police.value}&pageSize=100`);
    expect(byDepartment.items.every((i) => i.providerDepartmentName === '龙南市公安局')).toBe(true);
    const combined = await search(`q=${encodeURIComponent('信息')}&openType=unconditional&domain=enterprise&pageSize=100`);
    expect(combined.items.length).toBeGreaterThan(0);
  });

  it('the demo catalog covers every share type, open type, format and update cycle in published entries', async () => {
    const all = await search('pageSize=1');
    expect(all.total).toBeGreaterThanOrEqual(35);
    expect(all.facets.openType!.map((b) => b.value).sort()).toEqual(['conditional', 'none', 'unconditional']);
  });
});
