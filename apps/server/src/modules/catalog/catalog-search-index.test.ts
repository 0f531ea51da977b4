import { describe, expect, it } from 'vitest';
import { CatalogSearchIndex, type IndexedEntry, type IndexQuery } from './catalog-search-index.ts';
import { queryClauses, queryWords } from './catalog-search.ts';

function entry(id: string, name: string, overrides: Partial<IndexedEntry> = {}): IndexedEntry {
  return {
    id,
    status: 'published',
    providerId: 'ga',
    classCode: '101',
    shareType: 'unconditional',
    openType: 'none',
    domain: 'credit',
    formatCategory: 'database',
    updateCycle: 'daily',
    mountStatus: 'none',
    publishedAt: 1000,
    updatedAt: 1000,
    name,
    ...overrides,
    texts: [name, ...(overrides.texts ?? [])],
  };
}

function query(q: string | null, overrides: Partial<IndexQuery> = {}): IndexQuery {
  return {
    clauses: q ? queryClauses(q) : null,
    phrase: q,
    words: q ? queryWords(q) : [],
    scope: { kind: 'published' },
    offset: 0,
    limit: 20,
    ...overrides,
  };
}

describe('in-memory catalog search index', () => {
  const build = () => {
    const index = new CatalogSearchIndex();
    index.upsert(entry('a', '居民身份证签发信息', { publishedAt: 3000 }));
    index.upsert(entry('b', '常住人口基本信息', { texts: ['公民身份号码', '住址'], publishedAt: 2000, shareType: 'conditional' }));
    index.upsert(entry('c', '营业执照电子证照', { providerId: 'sj', classCode: '105', publishedAt: 1000 }));
    index.upsert(entry('d', '草稿:身份核验记录', { status: 'draft', providerId: 'sj' }));
    return index;
  };

  it('matches one character, two characters and longer words, names first', () => {
    const index = build();
    expect(index.search(query('证')).ids).toEqual(['a', 'c']);
    expect(index.search(query('身份')).ids).toEqual(['a', 'b']);
    expect(index.search(query('公民身份号码')).ids).toEqual(['b']);
    expect(index.search(query('执照 营业')).ids).toEqual(['c']);
    expect(index.search(query('不存在')).total).toBe(0);
  });

  it('ranks names that contain the whole query before newer entries that only mention it', () => {
    const index = new CatalogSearchIndex();
    index.upsert(entry('old', '社保缴费信息', { publishedAt: 1 }));
    index.upsert(entry('new', '就业登记', { texts: ['社保状态'], publishedAt: 9 }));
    expect(index.search(query('社保')).ids).toEqual(['old', 'new']);
  });

  it('applies the scope: published for everyone, everything of one organisation, or all', () => {
    const index = build();
    expect(index.search(query('身份')).ids).not.toContain('d');
    expect(index.search(query('身份', { scope: { kind: 'organisation', organisationId: 'sj' } })).ids).toEqual(['d']);
    expect(index.search(query('身份', { scope: { kind: 'all' } })).ids.sort()).toEqual(['a', 'b', 'd']);
  });

  it('counts every facet over all matches and filters by facet values', () => {
    const index = build();
    const all = index.search(query(null));
    expect(all.total).toBe(3);
    expect(Object.fromEntries(all.facets.department)).toEqual({ ga: 2, sj: 1 });
    expect(Object.fromEntries(all.facets.resourceClass)).toEqual({ '1': 3 });
    expect(Object.fromEntries(all.facets.shareType)).toEqual({ unconditional: 2, conditional: 1 });
    expect(index.search(query(null, { shareType: 'conditional' })).ids).toEqual(['b']);
    expect(index.search(query(null, { classCode: '105' })).ids).toEqual(['c']);
    expect(index.search(query(null, { departmentId: 'sj' })).ids).toEqual(['c']);
  });

  it('pages through results in a stable order', () => {
    const index = new CatalogSearchIndex();
    for (let i = 0; i < 1000; i++) index.upsert(entry(`e${String(i).padStart(4, '0')}`, `资源${i}`, { publishedAt: i % 7 }));
    const pages = [0, 1, 2, 3].flatMap((page) => index.search(query('资源', { offset: page * 20, limit: 20 })).ids);
    const full = index.search(query('资源', { offset: 0, limit: 1000 })).ids;
    expect(pages).toEqual(full.slice(0, 80));
    expect(new Set(full).size).toBe(1000);
  });

  it('replaces an entry on update and forgets it on removal, compacting as it goes', () => {
    const index = build();
    index.upsert(entry('a', '居民户口簿信息'));
    expect(index.search(query('证')).ids).toEqual(['c']);
    expect(index.search(query('户口')).ids).toEqual(['a']);
    index.remove('c');
    expect(index.search(query('证')).total).toBe(0);
    for (let round = 0; round < 3; round++) for (let i = 0; i < 1500; i++) index.upsert(entry(`x${i}`, `批量${round}号`));
    expect(index.size).toBe(1503); // a, b, d and the 1500 batch entries
    expect(index.search(query('批量2')).total).toBe(1500);
    expect(index.search(query('批量0')).total).toBe(0);
  });

  it('matches Latin words by prefix', () => {
    const index = new CatalogSearchIndex();
    index.upsert(entry('api', '公交线路 REST API'));
    index.upsert(entry('num', '12345热线工单'));
    expect(index.search(query('rest')).ids).toEqual(['api']);
    expect(index.search(query('RE')).ids).toEqual(['api']);
    expect(index.search(query('1234')).ids).toEqual(['num']);
  });
});
