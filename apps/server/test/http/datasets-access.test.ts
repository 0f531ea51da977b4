import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '@huitong/contracts';
import { testItem } from '../helpers/catalog.ts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';

/** Who may create, read and load datasets; another department's dataset does not exist for it. */
describe('datasets: access', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  let dataset: Dataset;
  let entryId: string;
  const goodFile = () => csvBytes([MARKET_HEADER, [f.randomUscc(), '汇通科技', '1', '2', '2020-01-01', '', '否']], 'utf-8');

  beforeAll(async () => {
    t = await createTestApp({ config: { uploadLimitBytes: 4096 } });
    f = factories(t);
    city = await f.city();
    const entry = await f.publishedEntry(city.sj.officer, marketEntityContent());
    entryId = entry.id;
    dataset = (await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId } })).json();
  });
  afterAll(() => t.close());

  it('creates a dataset only for the provider department, once, and not for an API-provided entry', async () => {
    const other = await f.publishedEntry(city.sj.officer, marketEntityContent());
    const foreign = await t.request({ method: 'POST', url: '/api/datasets', as: city.rs.officer.username, body: { entryId: other.id } });
    expect(foreign.statusCode).toBe(403);
    const reviewer = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.reviewer.username, body: { entryId: other.id } });
    expect(reviewer.statusCode).toBe(403);
    const again = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId } });
    expect(again.statusCode).toBe(409);
    const missing = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.statusCode).toBe(404);
    const draft = await f.draftEntry(city.sj.officer, marketEntityContent());
    expect((await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: draft.id } })).statusCode).toBe(404);
    const api = await f.publishedEntry(city.sj.officer, { formatCategory: 'service', formatType: 'REST', shareMethodType: 'interface', provisionMethod: 'api' });
    const refused = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: api.id } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].field).toBe('entryId');
  });

  it('answers 404 on every dataset route to another department, and 403 to a role without the permission', async () => {
    const { payload, headers } = csvUpload(goodFile());
    const routes = [
      { method: 'GET' as const, url: `/api/datasets/${dataset.id}` },
      { method: 'GET' as const, url: `/api/datasets/${dataset.id}/batches` },
      { method: 'POST' as const, url: `/api/datasets/${dataset.id}/batches`, headers, payload },
      { method: 'POST' as const, url: `/api/datasets/${dataset.id}/batches/00000000-0000-4000-8000-000000000000/rollback` },
      { method: 'GET' as const, url: `/api/datasets/${dataset.id}/changes` },
      { method: 'GET' as const, url: `/api/datasets/${dataset.id}/template.xlsx` },
      { method: 'GET' as const, url: `/api/datasets/${dataset.id}/batches/00000000-0000-4000-8000-000000000000/errors.csv` },
    ];
    for (const route of routes) {
      const foreign = await t.request({ ...route, as: city.rs.officer.username });
      expect(foreign.statusCode, `${route.method} ${route.url}`).toBe(404);
      // Another department's admin may read datasets, but not this one; loading it lacks the role (403 whether it exists or not).
      const foreignAdmin = await t.request({ ...route, as: city.rs.admin.username });
      const readOnly = route.method === 'GET' && !route.url.endsWith('/changes') && !route.url.includes('/template.');
      expect(foreignAdmin.statusCode, `${route.method} ${route.url}`).toBe(readOnly ? 404 : 403);
    }
    // Reading is for the department's officer, admin and leader; loading for the data officer only.
    expect((await t.request({ ...routes[0]!, as: city.sj.leader.username })).statusCode).toBe(200);
    expect((await t.request({ ...routes[2]!, as: city.sj.admin.username })).statusCode).toBe(403);
    expect((await t.request({ ...routes[3]!, as: city.sj.admin.username })).statusCode).toBe(403);
    // Raw values of the change log are for the provider's data officer, not for the operator's supervisor.
    expect((await t.request({ ...routes[4]!, as: city.operator.supervisor.username })).statusCode).toBe(403);
    expect((await t.request({ ...routes[0]!, as: city.sj.reviewer.username })).statusCode).toBe(403);
    const list = await t.request({ method: 'GET', url: '/api/datasets', as: city.rs.officer.username });
    expect(list.json().map((d: Dataset) => d.id)).not.toContain(dataset.id);
    // The operator's supervisor reads across departments.
    expect((await t.request({ ...routes[0]!, as: city.operator.supervisor.username })).statusCode).toBe(200);
    // Refused callers left no batch behind.
    const history = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username });
    expect(history.json()).toEqual([]);
  });

  it('refuses a file over the upload limit with nothing loaded, and audits every upload with its counts', async () => {
    const big = csvUpload(Buffer.concat([Buffer.from(MARKET_HEADER.join(',') + '\n'), Buffer.alloc(8192, 'a')]));
    const tooLarge = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username, ...big });
    expect(tooLarge.statusCode).toBe(413);
    const ok = csvUpload(goodFile());
    const loaded = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username, ...ok });
    expect(loaded.statusCode, loaded.body).toBe(201);
    const records = await t.database.db
      .selectFrom('audit_log')
      .select(['operation', 'outcome', 'details', 'request_id'])
      .where('operation', '=', 'dataset:batch:upload')
      .where('target_id', '=', dataset.id)
      .orderBy('seq')
      .execute();
    expect(records.map((r) => r.outcome)).toEqual(['failure', 'success']);
    expect(records[1]!.details).toMatchObject({ state: 'loaded', read: 1, inserted: 1, updated: 0, deleted: 0, rows: 1 });
    expect(records[1]!.request_id).toBe(loaded.headers['x-request-id']);
    const history = await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username });
    expect(history.json().map((b: { state: string }) => b.state)).toEqual(['loaded', 'rejected']);
  });

  it('a dataset without an identifier item accepts only full replacement', async () => {
    const entry = await f.publishedEntry(city.sj.officer, { ...marketEntityContent(), items: [testItem('bt', '标题', { required: true }), testItem('nr', '内容')] });
    const keyless: Dataset = (await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } })).json();
    expect(keyless.keyKind).toBe('generated');
    const file = csvUpload(csvBytes([['标题', '内容'], ['通知', '正文']], 'utf-8'));
    const upsert = await t.request({ method: 'POST', url: `/api/datasets/${keyless.id}/batches?mode=upsert`, as: city.sj.officer.username, ...file });
    expect(upsert.statusCode).toBe(400);
    expect(upsert.json().error.details[0].field).toBe('mode');
    const replace = await t.request({ method: 'POST', url: `/api/datasets/${keyless.id}/batches?mode=replace`, as: city.sj.officer.username, ...file });
    expect(replace.json()).toMatchObject({ state: 'loaded', counts: { inserted: 1 } });
  });
});
