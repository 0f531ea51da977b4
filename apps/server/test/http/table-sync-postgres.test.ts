import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetBatchDetail } from '@huitong/contracts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { MARKET_MAPPING, pgSourceSchema, SOURCE_PG, syncDataset } from '../helpers/table-sync.ts';

/** Table sync from a real PostgreSQL source: connection test, mapping checks, full and incremental runs. */
describe('table sync: PostgreSQL source', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  let source: Awaited<ReturnType<typeof pgSourceSchema>>;
  const secret = `pw-${Math.random().toString(36).slice(2)}-secret`;
  let connectionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
    source = await pgSourceSchema();
    await source.query(`create table ${source.schema}.market (id serial primary key, uscc text not null, name text, capital numeric(12,2), staff integer, founded date, updated_at timestamptz not null, closed boolean)`);
    // The source accepts any password for the local superuser (trust): a password is stored so the test can look for it.
    const created = await t.request({ method: 'POST', url: '/api/datasets/connections', as: city.sj.officer.username, body: { name: '市场主体库', kind: 'postgres', ...SOURCE_PG, password: secret } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = created.json().id;
  });
  afterAll(async () => {
    await source?.drop();
    await t?.close();
  });

  const rowsOf = (datasetId: string) => t.app.modules.datasets.service.repo.liveRows(t.app.modules.datasets.service.db, `d_${datasetId.replace(/-/g, '')}`, 1000);
  async function insert(uscc: string, name: string, updated: string, extra: { staff?: number | string } = {}) {
    await source.query(`insert into ${source.schema}.market (uscc, name, capital, staff, founded, updated_at, closed) values ($1, $2, 100.50, $3, '2020-05-17', $4, false)`, [uscc, name, extra.staff ?? 12, updated]);
  }

  it('tests a connection: the server version when it answers, host, port and reason quickly when it does not', async () => {
    const ok = await t.request({ method: 'POST', url: `/api/datasets/connections/${connectionId}/test`, as: city.sj.officer.username });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, error: null });
    expect(ok.json().version).toMatch(/PostgreSQL/);

    const wrong = await t.request({ method: 'POST', url: '/api/datasets/connections', as: city.sj.officer.username, body: { name: '错误端口', kind: 'postgres', ...SOURCE_PG, port: 1 } });
    const started = Date.now();
    const failed = await t.request({ method: 'POST', url: `/api/datasets/connections/${wrong.json().id}/test`, as: city.sj.officer.username });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(failed.statusCode).toBe(200);
    expect(failed.json().ok).toBe(false);
    expect(failed.json().error).toMatch(/127\.0\.0\.1:1\b.*ECONNREFUSED/);
  });

  it('never returns the password nor writes it to the audit log; the stored value is ciphertext', async () => {
    const listed = await t.request({ method: 'GET', url: '/api/datasets/connections', as: city.sj.officer.username });
    const one = await t.request({ method: 'GET', url: `/api/datasets/connections/${connectionId}`, as: city.sj.officer.username });
    for (const response of [listed, one]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toMatch(/password_enc|sm4:/);
    }
    expect(one.json().hasPassword).toBe(true);
    const stored = await t.database.db.selectFrom('dataset_source_connection' as never).select('password_enc' as never).where('id' as never, '=', connectionId as never).executeTakeFirstOrThrow();
    expect((stored as { password_enc: string }).password_enc).toMatch(/^sm4:/);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).toContain('dataset:connection:create');
  });

  it('another department sees neither the connection nor the mapping: 404', async () => {
    const dataset = await syncDataset(t, f, city);
    const as = city.rs.officer.username;
    expect((await t.request({ method: 'GET', url: `/api/datasets/connections/${connectionId}`, as })).statusCode).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/datasets/connections/${connectionId}/test`, as })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/datasets/connections', as })).json()).toEqual([]);
    const body = { connectionId, sourceSchema: source.schema, sourceTable: 'market', columns: MARKET_MAPPING };
    expect((await t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as, body })).statusCode).toBe(404);
    expect((await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync`, as })).statusCode).toBe(404);
  });

  it('checks a mapping against the items and the source information_schema, naming the field', async () => {
    const dataset = await syncDataset(t, f, city);
    const put = (body: Record<string, unknown>) => t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username, body: { connectionId, sourceSchema: source.schema, sourceTable: 'market', columns: MARKET_MAPPING, ...body } });
    const noTable = await put({ sourceTable: 'nope' });
    expect(noTable.statusCode).toBe(400);
    expect(noTable.json().error.details[0].field).toBe('sourceTable');
    const noColumn = await put({ columns: { ...MARKET_MAPPING, qymc: 'missing' } });
    expect(noColumn.statusCode).toBe(400);
    expect(noColumn.json().error.details.map((d: { field: string }) => d.field)).toEqual(['columns.qymc']);
    const badType = await put({ columns: { ...MARKET_MAPPING, cyrs: 'founded' } });
    expect(badType.json().error.details.map((d: { field: string }) => d.field)).toEqual(['columns.cyrs']);
    const unmappedKey = await put({ columns: { qymc: 'name' } });
    expect(unmappedKey.json().error.details.map((d: { field: string }) => d.field)).toContain('columns.tyshxydm');
    const badWatermark = await put({ watermarkColumn: 'name' });
    expect(badWatermark.json().error.details.map((d: { field: string }) => d.field)).toEqual(['watermarkColumn']);
    const badKey = await put({ keyColumn: 'name' });
    expect(badKey.json().error.details.map((d: { field: string }) => d.field)).toEqual(['keyColumn']);
    const ok = await put({ watermarkColumn: 'updated_at', keyColumn: 'uscc' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('full sync loads typed rows; incremental takes only rows past the cursor and advances it on commit', async () => {
    const dataset = await syncDataset(t, f, city);
    const [a, b, c] = [f.randomUscc(), f.randomUscc(), f.randomUscc()];
    await insert(a, '甲公司', '2026-11-30 08:00:00+08');
    await insert(b, '乙公司', '2026-11-30 08:00:00+08');
    const mapped = await t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username, body: { connectionId, sourceSchema: source.schema, sourceTable: 'market', columns: MARKET_MAPPING, watermarkColumn: 'updated_at' } });
    expect(mapped.statusCode, mapped.body).toBe(200);

    const full = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync?mode=full`, as: city.sj.officer.username });
    expect(full.statusCode, full.body).toBe(201);
    const fullBatch = full.json() as DatasetBatchDetail;
    expect(fullBatch).toMatchObject({ state: 'loaded', source: 'sync', mode: 'replace', counts: { read: 2, inserted: 2 } });
    const loaded = await rowsOf(dataset.id);
    const rowA = loaded.find((r) => r.c1 === a)!;
    expect(rowA.c2).toBe('甲公司');
    expect(String(rowA.c3)).toBe('100.50');
    expect(Number(rowA.c4)).toBe(12);
    expect(rowA.c6 instanceof Date ? rowA.c6.toISOString() : rowA.c6).toBe('2026-11-30T00:00:00.000Z');
    expect(rowA.c7).toBe(false);
    const cursor1 = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username })).json();
    expect(cursor1.lastWatermark).toMatch(/^2026-11-30 00:00:00\+00/);

    // One change and one new row; the row of a and the ties at the old watermark are not read again.
    await source.query(`update ${source.schema}.market set name = '乙公司(更名)', updated_at = '2026-12-01 09:00:00+08' where uscc = $1`, [b]);
    await insert(c, '丙公司', '2026-12-01 09:00:00+08');
    const inc = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync?mode=incremental`, as: city.sj.officer.username });
    expect(inc.json()).toMatchObject({ state: 'loaded', mode: 'upsert', counts: { read: 2, inserted: 1, updated: 1 } });
    const after = await rowsOf(dataset.id);
    expect(after.find((r) => r.c1 === b)!.c2).toBe('乙公司(更名)');
    expect(after).toHaveLength(3);
    const cursor2 = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username })).json();
    expect(cursor2.lastWatermark).toMatch(/^2026-12-01 01:00:00\+00/);

    const nothing = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync?mode=incremental`, as: city.sj.officer.username });
    expect(nothing.json()).toMatchObject({ state: 'loaded', counts: { read: 0 } });

    // A row failing validation rejects the batch like an upload, with row and column; the cursor stays.
    await source.query(`insert into ${source.schema}.market (uscc, name, updated_at) values ('91000000BADUSCC00', '丁公司', '2026-12-02 09:00:00+08')`);
    const bad = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync?mode=incremental`, as: city.sj.officer.username });
    const badBatch = bad.json() as DatasetBatchDetail;
    expect(badBatch.state).toBe('rejected');
    expect(badBatch.errors[0]).toMatchObject({ row: 2, column: '统一社会信用代码', rule: 'uscc' });
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username })).json().lastWatermark).toBe(cursor2.lastWatermark);
    expect(await rowsOf(dataset.id)).toHaveLength(3);

    const audit = await t.database.db.selectFrom('audit_log').select(['operation', 'details']).where('operation', '=', 'dataset:batch:sync').execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('a source that goes away mid-sync fails the batch with host, port and reason; nothing is visible', async () => {
    const dataset = await syncDataset(t, f, city);
    const codes = Array.from({ length: 3000 }, () => f.randomUscc());
    await source.query(`create table ${source.schema}.big (uscc text, updated_at timestamptz)`);
    await source.query(`insert into ${source.schema}.big select u, now() from unnest($1::text[]) u`, [codes]);
    // The view sleeps on its 2,500th row, past the first cursor fetch: the test ends the session then.
    await source.query(`create view ${source.schema}.slow as select uscc, case when row_number() over () = 2500 then pg_sleep(3)::text end as name from ${source.schema}.big`);
    const mapped = await t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username, body: { connectionId, sourceSchema: source.schema, sourceTable: 'slow', columns: { tyshxydm: 'uscc', qymc: 'name' } } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const running = t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync`, as: city.sj.officer.username });
    let killed = 0;
    for (let i = 0; i < 50 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const r = await source.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'huitong-table-sync' and query like '%slow%' and wait_event = 'PgSleep'`);
      killed = r.rowCount ?? 0;
    }
    expect(killed).toBe(1);
    const batch = (await running).json() as DatasetBatchDetail;
    expect(batch.state).toBe('failed');
    expect(batch.failure).toMatch(/postgres 127\.0\.0\.1:5432/);
    expect(await rowsOf(dataset.id)).toHaveLength(0);
  });
});
