import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetBatchDetail } from '@huitong/contracts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { mariaSource, MARKET_MAPPING, SOURCE_MARIADB, syncDataset } from '../helpers/table-sync.ts';

/** Table sync from the real MariaDB of this machine: an increasing id as the cursor, and the schedule. */
describe('table sync: MariaDB source', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  let source: Awaited<ReturnType<typeof mariaSource>>;
  let connectionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
    source = await mariaSource();
    await source.query(`create table \`${source.table}\` (id int auto_increment primary key, uscc varchar(18) not null, name varchar(50), capital decimal(12,2), staff int, founded date, updated_at datetime, closed tinyint(1))`);
    const created = await t.request({ method: 'POST', url: '/api/datasets/connections', as: city.sj.officer.username, body: { name: '市场主体库(MariaDB)', kind: 'mysql', ...SOURCE_MARIADB } });
    expect(created.statusCode, created.body).toBe(201);
    connectionId = created.json().id;
  });
  afterAll(async () => {
    await source?.drop();
    await t?.close();
  });

  const rowsOf = (datasetId: string) => t.app.modules.datasets.service.repo.liveRows(t.app.modules.datasets.service.db, `d_${datasetId.replace(/-/g, '')}`, 1000);
  const insert = (uscc: string, name: string, closed = 0) => source.query(`insert into \`${source.table}\` (uscc, name, capital, staff, founded, updated_at, closed) values (?, ?, 2500.75, 30, '2019-03-02', '2026-11-30 08:15:00', ?)`, [uscc, name, closed]);

  it('tests the connection: ok on 3306, a clear refusal on a wrong port within the timeout', async () => {
    const ok = await t.request({ method: 'POST', url: `/api/datasets/connections/${connectionId}/test`, as: city.sj.officer.username });
    expect(ok.json()).toMatchObject({ ok: true, error: null });
    expect(ok.json().version).toMatch(/MariaDB|^\d+\./);
    const wrong = await t.request({ method: 'POST', url: '/api/datasets/connections', as: city.sj.officer.username, body: { name: '错误端口', kind: 'mysql', ...SOURCE_MARIADB, port: 3 } });
    const started = Date.now();
    const failed = await t.request({ method: 'POST', url: `/api/datasets/connections/${wrong.json().id}/test`, as: city.sj.officer.username });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(failed.json().ok).toBe(false);
    expect(failed.json().error).toMatch(/mysql 127\.0\.0\.1:3 .*ECONNREFUSED/);
  });

  it('full then incremental by an increasing id: typed rows, only new rows, cursor advanced', async () => {
    const dataset = await syncDataset(t, f, city);
    const [a, b, c] = [f.randomUscc(), f.randomUscc(), f.randomUscc()];
    await insert(a, '甲公司');
    await insert(b, '乙公司', 1);
    const mapped = await t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username, body: { connectionId, sourceSchema: 'test', sourceTable: source.table, columns: MARKET_MAPPING, watermarkColumn: 'id' } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const full = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync?mode=full`, as: city.sj.officer.username });
    expect(full.json()).toMatchObject({ state: 'loaded', counts: { read: 2, inserted: 2 } });
    const rows = await rowsOf(dataset.id);
    const rowB = rows.find((r) => r.c1 === b)!;
    expect(String(rowB.c3)).toBe('2500.75');
    expect(Number(rowB.c4)).toBe(30);
    expect(rowB.c7).toBe(true);
    expect(rowB.c5 instanceof Date ? rowB.c5.toISOString().slice(0, 10) : String(rowB.c5)).toMatch(/2019-03-0[12]/);

    await insert(c, '丙公司');
    const inc = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync?mode=incremental`, as: city.sj.officer.username });
    expect(inc.json()).toMatchObject({ state: 'loaded', mode: 'upsert', counts: { read: 1, inserted: 1, updated: 0 } });
    expect(await rowsOf(dataset.id)).toHaveLength(3);
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username })).json().lastWatermark).toBe('3');
  });

  it('a row failing validation rejects the batch with row and column, as an upload would', async () => {
    const dataset = await syncDataset(t, f, city);
    await source.query(`delete from \`${source.table}\``);
    await insert(f.randomUscc(), '这个企业名称超过了十个字的长度限制');
    await t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username, body: { connectionId, sourceSchema: 'test', sourceTable: source.table, columns: MARKET_MAPPING } });
    const run = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/sync`, as: city.sj.officer.username });
    const batch = run.json() as DatasetBatchDetail;
    expect(batch.state).toBe('rejected');
    expect(batch.errors[0]).toMatchObject({ row: 2, column: '企业名称', rule: 'length' });
    expect(await rowsOf(dataset.id)).toHaveLength(0);
  });

  it('runs a scheduled mapping once per interval through the scheduler job', async () => {
    const dataset = await syncDataset(t, f, city);
    await source.query(`delete from \`${source.table}\``);
    await insert(f.randomUscc(), '定时公司');
    const mapped = await t.request({ method: 'PUT', url: `/api/datasets/${dataset.id}/sync-mapping`, as: city.sj.officer.username, body: { connectionId, sourceSchema: 'test', sourceTable: source.table, columns: MARKET_MAPPING, watermarkColumn: 'id', intervalMinutes: 60 } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(await t.app.modules.datasets.tableSync.runDue()).toBeGreaterThanOrEqual(1);
    const batches = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username })).json();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ source: 'sync', state: 'loaded', counts: { inserted: 1 } });
    // Not due again within the interval.
    await t.app.modules.datasets.tableSync.runDue();
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username })).json()).toHaveLength(1);
  });
});
