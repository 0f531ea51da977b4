import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogContent, CatalogEntryDetail, CatalogItem, Dataset } from '@huitong/contracts';
import { testItem } from '../helpers/catalog.ts';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** A new published catalog version migrates the dataset's table, all or nothing (ADR 0012). */
describe('datasets: a new catalog version migrates the table', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
  });
  afterAll(() => t.close());

  async function newDataset(): Promise<{ entry: CatalogEntryDetail; dataset: Dataset }> {
    const entry = await f.publishedEntry(city.sj.officer, marketEntityContent());
    const created = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } });
    expect(created.statusCode, created.body).toBe(201);
    const dataset = created.json() as Dataset;
    const data = [MARKET_HEADER, [f.randomUscc(), '晋中汇通科技', '100.5', '12', '2020-05-17', '2026-11-30 08:15:00', '否'], [f.randomUscc(), '榆次数据', '8', '3', '2021-01-02', '2026-11-30 08:15:00', '是']];
    const { payload, headers } = csvUpload(csvBytes(data, 'utf-8'));
    const loaded = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username, headers, payload });
    expect(loaded.json().state, loaded.body).toBe('loaded');
    return { entry, dataset };
  }

  async function publishVersion(entry: CatalogEntryDetail, items: (current: CatalogItem[]) => CatalogItem[]): Promise<CatalogEntryDetail> {
    const catalog = t.app.modules.catalog.service;
    const content = entry.current!.content as CatalogContent;
    await catalog.saveDraft(city.sj.officer.actor, entry.id, { content: { ...content, items: items(content.items) }, changeSummary: '信息项调整' });
    await catalog.submit(city.sj.officer.actor, entry.id);
    return catalog.review(city.operator.reviewer.actor, entry.id, 'approve', '同意调整。');
  }

  const table = (dataset: Dataset) => `${t.app.modules.datasets.service.repo.rowsSchema}.d_${dataset.id.replace(/-/g, '')}`;
  async function columnTypes(dataset: Dataset): Promise<Record<string, string>> {
    const [schema, name] = table(dataset).split('.');
    const r = await sql<{ column_name: string; data_type: string }>`select column_name, data_type from information_schema.columns where table_schema = ${schema} and table_name = ${name}`.execute(t.database.db);
    return Object.fromEntries(r.rows.map((c) => [c.column_name, c.data_type]));
  }

  it('adds nullable columns, casts a changed type, widens a length and hides a removed item with its data kept', async () => {
    const { entry, dataset } = await newDataset();
    const published = await publishVersion(entry, (items) => [
      ...items.filter((i) => i.code !== 'sfzx').map((i) => (i.code === 'cyrs' ? { ...i, dataType: 'N' as const } : i.code === 'qymc' ? { ...i, length: 20 } : i)),
      testItem('zcdz', '注册地址', { length: 50, required: true }),
    ]);
    expect(published.current!.content.items.map((i) => i.code)).toContain('zcdz');
    expect(await t.app.modules.datasets.migrations.run()).toEqual({ migrated: 1, failed: 0 });
    expect(await t.app.modules.datasets.migrations.run()).toEqual({ migrated: 0, failed: 0 });

    const types = await columnTypes(dataset);
    expect(types).toMatchObject({ c4: 'numeric', c7: 'boolean', c8: 'text' });
    const rows = await sql<Record<string, unknown>>`select c2, c4, c7, c8 from ${sql.table(table(dataset))} order by c2`.execute(t.database.db);
    // The removed item's values stay; the new column is empty for rows loaded before it.
    expect(rows.rows).toEqual([
      { c2: '晋中汇通科技', c4: '12', c7: false, c8: null },
      { c2: '榆次数据', c4: '3', c7: true, c8: null },
    ]);
    await sql`insert into ${sql.table(table(dataset))} (_key, c2, _batch_id, _updated_at) values ('k', ${'一二三四五六七八九十十一'}, gen_random_uuid(), now())`.execute(t.database.db);
    await expect(sql`insert into ${sql.table(table(dataset))} (_key, c2, _batch_id, _updated_at) values ('k2', ${'一'.repeat(21)}, gen_random_uuid(), now())`.execute(t.database.db)).rejects.toThrow(/check constraint/);
    await sql`delete from ${sql.table(table(dataset))} where _key = 'k'`.execute(t.database.db);

    const detail = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}`, as: city.sj.officer.username })).json() as Dataset;
    expect(detail.columns.map((c) => c.itemCode)).toEqual(['tyshxydm', 'qymc', 'zczb', 'cyrs', 'clrq', 'gxsj', 'zcdz']);
    expect(detail.columns.find((c) => c.itemCode === 'cyrs')!.dataType).toBe('N');
    const audit = await t.database.db.selectFrom('audit_log').select('details').where('operation', '=', 'dataset:migrate').where('target_id', '=', dataset.id).executeTakeFirstOrThrow();
    expect((audit.details as { changes: Array<{ item: string; change: string }> }).changes).toEqual(
      expect.arrayContaining([{ item: 'zcdz', change: 'added', column: 'c8' }, expect.objectContaining({ item: 'cyrs', change: 'type' }), { item: 'sfzx', change: 'hidden', column: 'c7' }]),
    );

    // A load under the new version uses its items: the new column is filled, the hidden one untouched.
    const header = ['统一社会信用代码', '企业名称', '注册资本', '从业人数', '成立日期', '更新时间', '注册地址'];
    const { payload, headers } = csvUpload(csvBytes([header, [f.randomUscc(), '新主体', '1', '2.5', '2022-02-02', '2026-12-01 09:00:00', '晋中市榆次区']], 'utf-8'));
    const loaded = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches?mode=upsert`, as: city.sj.officer.username, headers, payload });
    expect(loaded.json().state, loaded.body).toBe('loaded');
    const added = await sql<Record<string, unknown>>`select c4, c7, c8 from ${sql.table(table(dataset))} where c2 = '新主体'`.execute(t.database.db);
    expect(added.rows).toEqual([{ c4: '2.5', c7: null, c8: '晋中市榆次区' }]);
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/migration`, as: city.sj.officer.username })).json()).toEqual({ problem: null, versionId: null, at: null });
  });

  it('a change the existing data does not fit leaves the table as it was, the version published, and tells the provider once', async () => {
    const { entry, dataset } = await newDataset();
    const before = await columnTypes(dataset);
    // 企业名称 down to 3 characters (the loaded names are longer), and a new item in the same version.
    const published = await publishVersion(entry, (items) => [...items.map((i) => (i.code === 'qymc' ? { ...i, length: 3 } : i)), testItem('lxdh', '联系电话', { length: 20 })]);
    expect(await t.app.modules.datasets.migrations.run()).toEqual({ migrated: 0, failed: 1 });
    expect(await t.app.modules.datasets.migrations.run()).toEqual({ migrated: 0, failed: 1 });

    const entryNow = (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: city.sj.officer.username })).json() as CatalogEntryDetail;
    expect(entryNow.status).toBe('published');
    expect(entryNow.current!.id).toBe(published.current!.id);
    // Nothing half-migrated: no new column, the old length check and items in force.
    expect(await columnTypes(dataset)).toEqual(before);
    await sql`insert into ${sql.table(table(dataset))} (_key, c2, _batch_id, _updated_at) values ('k', ${'一二三四五六七八九十'}, gen_random_uuid(), now())`.execute(t.database.db);
    await sql`delete from ${sql.table(table(dataset))} where _key = 'k'`.execute(t.database.db);
    const detail = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}`, as: city.sj.officer.username })).json() as Dataset;
    expect(detail.columns.find((c) => c.itemCode === 'qymc')!.length).toBe(10);
    expect(detail.columns.map((c) => c.itemCode)).not.toContain('lxdh');

    const state = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/migration`, as: city.sj.officer.username })).json();
    expect(state.versionId).toBe(published.current!.id);
    expect(state.problem).toMatch(/qymc.*企业名称/);
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/migration`, as: city.rs.officer.username })).statusCode).toBe(404);
    const inbox = (await t.request({ method: 'GET', url: '/api/notifications?limit=200', as: city.sj.officer.username })).json().items as Array<{ kind: string; title: string }>;
    expect(inbox.filter((n) => n.kind === 'dataset.migration_failed' && n.title.includes(entry.resourceCode))).toHaveLength(1);

    // Correcting the catalog (a version the data fits) migrates and clears the problem.
    await publishVersion(published, (items) => items.map((i) => (i.code === 'qymc' ? { ...i, length: 12 } : i)));
    expect(await t.app.modules.datasets.migrations.run()).toEqual({ migrated: 1, failed: 0 });
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/migration`, as: city.sj.officer.username })).json().problem).toBeNull();
    expect((await columnTypes(dataset)).c8).toBe('text');
  });

  it('a type the existing values do not convert to (企业名称 → 整型) is refused the same way, naming the item', async () => {
    const { entry, dataset } = await newDataset();
    const before = await columnTypes(dataset);
    await publishVersion(entry, (items) => items.map((i) => (i.code === 'qymc' ? { ...i, dataType: 'I' as const, length: undefined } : i)));
    expect(await t.app.modules.datasets.migrations.run()).toEqual({ migrated: 0, failed: 1 });
    expect(await columnTypes(dataset)).toEqual(before);
    const state = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/migration`, as: city.sj.officer.username })).json();
    expect(state.problem).toMatch(/qymc「企业名称」类型改为整型/);
    const failed = await t.database.db.selectFrom('audit_log').select('details').where('operation', '=', 'dataset:migrate:failed').where('target_id', '=', dataset.id).execute();
    expect(failed).toHaveLength(1);
  });

  it('a version without the key item is refused: the key is every row\'s identity', async () => {
    const { entry, dataset } = await newDataset();
    const published = await publishVersion(entry, (items) => items.filter((i) => i.code !== 'tyshxydm'));
    // (The previous test's dataset still fails too: the job retries it each run.)
    expect((await t.app.modules.datasets.migrations.run()).migrated).toBe(0);
    const state = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/migration`, as: city.sj.officer.username })).json();
    expect(state).toMatchObject({ versionId: published.current!.id, problem: expect.stringMatching(/tyshxydm/) });
    const detail = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}`, as: city.sj.officer.username })).json() as Dataset;
    expect(detail.columns.map((c) => c.itemCode)).toContain('tyshxydm');
  });
});
