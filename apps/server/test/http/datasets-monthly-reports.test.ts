import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogEntryDetail, Dataset } from '@huitong/contracts';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Monthly reports under jinzhong (004 五.3: by the 5th of each month, a zero report when nothing is
 * new). The clock starts Monday 2026-11-02; a dataset created then owes October's report by 2026-11-05.
 */
describe('datasets: monthly reports', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  afterEach(async () => {
    await t?.close();
  });

  async function start(policy = 'jinzhong'): Promise<void> {
    t = await createTestApp({ policy });
    f = factories(t);
    city = await f.city();
  }

  async function newDataset(content = marketEntityContent()): Promise<{ entry: CatalogEntryDetail; dataset: Dataset }> {
    const entry = await f.publishedEntry(city.sj.officer, content);
    const created = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } });
    expect(created.statusCode, created.body).toBe(201);
    return { entry, dataset: created.json() as Dataset };
  }

  const notices = async (as: string, kind: string, resourceCode: string) =>
    ((await t.request({ method: 'GET', url: '/api/notifications?limit=200', as })).json().items as Array<{ kind: string; title: string; body: string }>).filter((n) => n.kind === kind && n.title.includes(resourceCode));
  const records = async (resourceCode: string) =>
    ((await t.request({ method: 'GET', url: '/api/supervision/records', as: city.operator.supervisor.username })).json() as Array<{ id: string; kind: string; reference: string; dueOn: string; resolvedAt: string | null; department: { id: string } }>).filter(
      (r) => r.kind === 'monthly_report_missing' && r.reference.includes(resourceCode),
    );
  const zero = (datasetId: string, body: Record<string, unknown>, as = city.sj.officer.username) =>
    t.request({ method: 'POST', url: `/api/datasets/${datasetId}/monthly-reports/zero`, as, body });

  it('[rule:exchange.monthly_report_day] reminds before the 5th, records the missing report on the 6th, once, and a late zero report resolves it', async () => {
    await start();
    const { entry, dataset } = await newDataset();

    // 3 natural days before the 5th: the provider's data officers are reminded, once however often the job runs.
    await t.app.scheduler.runAll();
    await t.app.scheduler.runAll();
    const reminders = await notices(city.sj.officer.username, 'dataset.monthly_report.reminder', entry.resourceCode);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.title).toContain('2026-10');
    expect(reminders[0]!.body).toContain('2026-11-05');
    expect(await notices(city.rs.officer.username, 'dataset.monthly_report.reminder', entry.resourceCode)).toHaveLength(0);

    // The due day itself is still in time.
    t.clock.set('2026-11-05T23:30:00+08:00');
    await t.app.scheduler.runAll();
    expect(await records(entry.resourceCode)).toHaveLength(0);

    t.clock.advanceDays(1);
    await t.app.scheduler.runAll();
    await t.app.scheduler.runAll();
    const [record, ...more] = await records(entry.resourceCode);
    expect(more).toHaveLength(0);
    expect(record).toMatchObject({ dueOn: '2026-11-05', resolvedAt: null, department: { id: city.sj.id } });
    expect(record!.reference).toContain('2026-10');
    expect(await notices(city.operator.supervisor.username, 'dataset.monthly_report.missing', entry.resourceCode)).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_name', 'details']).where('operation', '=', 'dataset:monthly-report:missing').where('target_id', '=', dataset.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_name).toBe('task:dataset-monthly-reports');

    const late = await zero(dataset.id, { period: '2026-10', note: '十月无新增数据' });
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json()).toMatchObject({ period: '2026-10', status: 'zero', zeroNote: '十月无新增数据' });
    expect((await records(entry.resourceCode))[0]!.resolvedAt).toBeTruthy();
    const zeroAudit = await t.database.db.selectFrom('audit_log').select(['actor_name', 'details']).where('operation', '=', 'dataset:monthly-report:zero').where('target_id', '=', dataset.id).executeTakeFirstOrThrow();
    expect(zeroAudit.details).toMatchObject({ period: '2026-10', late: true });
  });

  it('[rule:exchange.monthly_report_day] a zero report satisfies the month: no reminder, no record', async () => {
    await start();
    const { entry, dataset } = await newDataset();
    const submitted = await zero(dataset.id, { period: '2026-10' });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_name', 'details']).where('operation', '=', 'dataset:monthly-report:zero').where('target_id', '=', dataset.id).executeTakeFirstOrThrow();
    expect(audit.actor_name).toContain(city.sj.officer.username);
    expect(audit.details).toMatchObject({ period: '2026-10', late: false });

    await t.app.scheduler.runAll();
    t.clock.set('2026-11-06T09:00:00+08:00');
    await t.app.scheduler.runAll();
    expect(await notices(city.sj.officer.username, 'dataset.monthly_report.reminder', entry.resourceCode)).toHaveLength(0);
    expect(await records(entry.resourceCode)).toHaveLength(0);
    const list = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/monthly-reports`, as: city.sj.leader.username })).json();
    expect(list).toEqual([expect.objectContaining({ period: '2026-11', dueOn: '2026-12-05', status: 'open' }), expect.objectContaining({ period: '2026-10', status: 'zero' })]);
  });

  it('[rule:exchange.monthly_report_day] a batch loaded in the window is the report, for that month only', async () => {
    await start();
    const { entry, dataset } = await newDataset();
    t.clock.set('2026-11-03T10:00:00+08:00');
    const { payload, headers } = csvUpload(csvBytes([MARKET_HEADER, [f.randomUscc(), '晋中汇通', '1', '2', '2020-01-01', '2026-11-01 08:00:00', '否']], 'utf-8'));
    const loaded = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username, headers, payload });
    expect(loaded.json().state, loaded.body).toBe('loaded');

    t.clock.set('2026-11-06T09:00:00+08:00');
    await t.app.scheduler.runAll();
    expect(await records(entry.resourceCode)).toHaveLength(0);
    const refused = await zero(dataset.id, { period: '2026-10' });
    expect(refused.statusCode).toBe(409);

    // November's report is owed separately: the batch of 3 November counted for October.
    t.clock.set('2026-12-06T09:00:00+08:00');
    await t.app.scheduler.runAll();
    expect((await records(entry.resourceCode)).map((r) => r.dueOn)).toEqual(['2026-12-05']);
    const list = (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/monthly-reports`, as: city.sj.officer.username })).json();
    expect(list.map((r: { period: string; status: string }) => [r.period, r.status])).toEqual([['2026-12', 'open'], ['2026-11', 'missing'], ['2026-10', 'batch']]);
  });

  it('refuses bad zero reports with a clear answer, and only file-provided datasets under a profile with the day owe reports', async () => {
    await start();
    const { dataset } = await newDataset();
    const bad = await zero(dataset.id, { period: '2026-13' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('period');
    const future = await zero(dataset.id, { period: '2026-11' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'PERIOD_NOT_OPEN', details: [{ field: 'period' }] });
    const before = await zero(dataset.id, { period: '2026-09' });
    expect(before.statusCode).toBe(400);
    expect((await zero(dataset.id, { period: '2026-10' }, city.rs.officer.username)).statusCode).toBe(404);
    expect((await zero(dataset.id, { period: '2026-10' }, city.sj.leader.username)).statusCode).toBe(403);
    expect((await zero(dataset.id, { period: '2026-10' })).statusCode).toBe(201);
    expect((await zero(dataset.id, { period: '2026-10' })).statusCode).toBe(409);

    const table = await newDataset({ ...marketEntityContent(), provisionMethod: 'table' });
    t.clock.set('2026-11-06T09:00:00+08:00');
    await t.app.scheduler.runAll();
    expect(await records(table.entry.resourceCode)).toHaveLength(0);
    expect((await zero(table.dataset.id, { period: '2026-10' })).statusCode).toBe(400);
  });

  it('under a profile without a report day (longnan) nothing is owed', async () => {
    await start('longnan');
    const { entry, dataset } = await newDataset();
    t.clock.set('2026-11-06T09:00:00+08:00');
    await t.app.scheduler.runAll();
    expect(await notices(city.sj.officer.username, 'dataset.monthly_report.reminder', entry.resourceCode)).toHaveLength(0);
    expect(await records(entry.resourceCode)).toHaveLength(0);
    expect((await zero(dataset.id, { period: '2026-10' })).statusCode).toBe(409);
    expect((await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/monthly-reports`, as: city.sj.officer.username })).json()).toEqual([]);
  });
});
