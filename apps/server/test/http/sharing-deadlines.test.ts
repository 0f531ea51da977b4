import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { departmentId, validContent } from '../helpers/catalog.ts';
import { decide, submitApplication } from '../helpers/sharing.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import type { TestApp } from '../helpers/test-app.ts';

async function inbox(t: TestApp, as: string): Promise<Array<{ kind: string; title: string; body: string }>> {
  return (await t.request({ method: 'GET', url: '/api/notifications?limit=200', as })).json().items;
}

/** Time moves by a manual clock; the deadline job runs by hand. Nothing sleeps. */
describe('deadlines on the injectable clock', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('[rule:sharing.reminder_workdays_before_due] reminds a working day before, escalates once overdue, and keeps the record for supervision', async () => {
    // With the demo's application of 卫健委 on 婚姻登记信息 waiting at preliminary review too.
    t = await namedTestApp({}, { entries: ['常住人口基本信息'], applications: ['婚姻登记信息'] });
    const app = await submitApplication(t, 'wj_officer', '常住人口基本信息', { itemCodes: ['xm'] });
    await decide(t, 'wj_leader', app.id, 'leader_approval');
    // Preliminary review received Monday 2 November: due Wednesday 4 November.
    expect((await t.app.modules.sharing.deadlines.run()).reminded).toBe(0);

    t.clock.set('2026-11-03T09:00:00+08:00');
    // The demo has another application at preliminary review, due the same day.
    expect(await t.app.modules.sharing.deadlines.run()).toMatchObject({ reminded: 2, escalated: 0 });
    const ours = () => inbox(t, 'reviewer').then((items) => items.filter((n) => n.kind === 'application.reminder' && n.title.includes(app.number)));
    const reminders = await ours();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toMatch(/2026-11-04.*剩余 1 个工作日/);
    expect((await t.app.modules.sharing.deadlines.run()).reminded).toBe(0);
    expect(await ours()).toHaveLength(1);

    t.clock.set('2026-11-04T23:00:00+08:00');
    expect((await t.app.modules.sharing.deadlines.run()).escalated).toBe(0);

    t.clock.set('2026-11-05T09:00:00+08:00');
    expect((await t.app.modules.sharing.deadlines.run()).escalated).toBe(2);
    const detail = (await t.request({ method: 'GET', url: `/api/sharing/applications/${app.id}`, as: 'wj_officer' })).json();
    expect(detail.currentStep).toMatchObject({ kind: 'preliminary_review', overdue: true, remainingWorkdays: -1 });
    expect(detail.currentStep.escalatedAt).toBeTruthy();
    for (const as of ['reviewer', 'supervisor']) expect((await inbox(t, as)).some((n) => n.kind === 'application.overdue'), as).toBe(true);
    const records = (await t.request({ method: 'GET', url: '/api/supervision/records?openOnly=true', as: 'supervisor' })).json();
    const record = records.find((r: { reference: string }) => r.reference.startsWith(app.number));
    expect(record).toMatchObject({ kind: 'application_step_overdue', department: { name: '龙南市政务和数据服务中心' }, dueOn: '2026-11-04', resolvedAt: null });
    const overdueAudit = await t.database.db.selectFrom('audit_log').select(['operation', 'actor_name']).where('target_id', '=', app.id).where('operation', '=', 'sharing:step:overdue').executeTakeFirstOrThrow();
    expect(overdueAudit.actor_name).toBe('task:sharing-deadlines');
    expect((await t.request({ method: 'GET', url: '/api/supervision/records', as: 'ga_officer' })).statusCode).toBe(403);

    // Deciding late resolves the record, which stays for the assessment.
    await decide(t, 'reviewer', app.id, 'preliminary_review');
    const after = (await t.request({ method: 'GET', url: '/api/supervision/records', as: 'supervisor' })).json();
    expect(after.find((r: { id: string }) => r.id === record.id).resolvedAt).toBeTruthy();
    const lateDecision = await t.database.db.selectFrom('audit_log').select('details').where('target_id', '=', app.id).where('operation', '=', 'sharing:application:approve-step').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(lateDecision.details).toMatchObject({ step: 'preliminary_review', late: true });
  });

  it('a grant expires at the end of its last day: access stops, the consumer is told and may confirm destruction', async () => {
    // Under chongzhou unconditional data is granted right after the leader (第三十八條).
    t = await namedTestApp({ policy: 'chongzhou' }, { entries: ['市场主体登记信息'] });
    const app = await submitApplication(t, 'wj_officer', '市场主体登记信息', { shareMode: 'interface', periodEnd: '2026-11-10' });
    const approved = (await decide(t, 'wj_leader', app.id, 'leader_approval')).json();
    const wj = await departmentId(t.database.db, '龙南市卫生健康委员会');
    const access = () => t.app.modules.sharing.grants.access({ consumerDepartmentId: wj, systemId: null, entryId: approved.entry.id, shareMode: 'interface' });
    t.clock.set('2026-11-10T23:59:00+08:00');
    expect((await access()).allowed).toBe(true);
    t.clock.set('2026-11-11T00:00:01+08:00');
    expect((await access()).allowed).toBe(false);
    const grant = (await t.request({ method: 'GET', url: `/api/sharing/grants/${approved.grantId}`, as: 'wj_officer' })).json();
    expect(grant).toMatchObject({ status: 'expired', permissions: { revoke: false, confirmDestruction: true } });
    expect((await t.app.modules.sharing.deadlines.run()).expired).toBe(1);
    expect((await inbox(t, 'wj_officer')).some((n) => n.kind === 'grant.expired')).toBe(true);
    expect((await t.app.modules.sharing.deadlines.run()).expired).toBe(0);
    const confirmed = await t.request({ method: 'POST', url: `/api/sharing/grants/${approved.grantId}/confirm-destruction`, as: 'wj_officer', body: { note: '已清除' } });
    expect(confirmed.statusCode).toBe(200);
  });

  it('a deadline that reaches into a year without a published schedule is provisional, and becomes final once the year is added', async () => {
    t = await namedTestApp({ clock: new ManualClock('2026-12-28T09:00:00+08:00') }, { entries: ['居民身份证签发信息'] });
    const app = await submitApplication(t, 'wj_officer', '居民身份证签发信息', { itemCodes: ['xm'], periodStart: '2026-12-28' });
    await decide(t, 'wj_leader', app.id, 'leader_approval');
    const atProvider = (await decide(t, 'reviewer', app.id, 'preliminary_review')).json();
    // 12-29 (1) 12-30 (2) 12-31 (3) then 2027 on Monday–Friday: 01-01 (4) 01-04 (5).
    expect(atProvider.currentStep).toMatchObject({ kind: 'provider_review', dueOn: '2027-01-04', dueProvisional: true });
    const notice = (await inbox(t, 'ga_reviewer')).find((n) => n.kind === 'application.step_assigned');
    expect(notice?.body).toMatch(/暂按周一至周五计算/);

    const put = (as: string, body: unknown) => t.request({ method: 'PUT', url: '/api/calendar/years/2027', as, body });
    const year2027 = {
      source: '国务院办公厅关于2027年部分节假日安排的通知',
      days: [
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
        { day: '2027-01-02', kind: 'holiday', name: '元旦' },
        { day: '2027-01-03', kind: 'holiday', name: '元旦' },
      ],
    };
    expect((await put('reviewer', year2027)).statusCode).toBe(403);
    const bad = await put('admin', { ...year2027, days: [{ day: '2028-01-01', kind: 'holiday', name: '元旦' }, { day: '2027-01-05', kind: 'workday', name: '调休' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['days[0].day', 'days[1].kind']);
    const added = await put('admin', year2027);
    // Ours and the demo's open steps and demands received in the last days of 2026.
    expect(added.json().recomputed).toBeGreaterThanOrEqual(1);
    const after = (await t.request({ method: 'GET', url: `/api/sharing/applications/${app.id}`, as: 'wj_officer' })).json();
    expect(after.currentStep).toMatchObject({ dueOn: '2027-01-05', dueProvisional: false });
    expect((await t.request({ method: 'GET', url: '/api/calendar/check?date=2027-01-01', as: 'wj_officer' })).json()).toMatchObject({ workday: false, provisional: false, name: '元旦' });
    expect((await t.request({ method: 'GET', url: '/api/calendar/due?from=2026-09-30&workdays=5', as: 'wj_officer' })).json()).toEqual({ date: '2026-10-13', provisional: false });
    const years = (await t.request({ method: 'GET', url: '/api/calendar/years', as: 'admin' })).json();
    expect(years.find((y: { year: number }) => y.year === 2027)).toMatchObject({ source: '国务院办公厅关于2027年部分节假日安排的通知', holidays: 3, updatedBy: '王建国' });
  });

  it('[rule:catalog.change_notice_period] grant holders get a month’s notice of a change to an entry they use (000 Art. 8)', async () => {
    // 民政局's granted application on 常住人口基本信息, as in the demo.
    t = await namedTestApp({}, { applications: ['常住人口基本信息'] });
    const entry = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('常住人口基本信息')}`, as: 'ga_officer' })).json().items[0];
    const detail = (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'ga_officer' })).json();
    const changed = { ...detail.current.content, abstract: `${detail.current.content.abstract}(补充说明)` };
    await t.request({ method: 'PUT', url: `/api/catalog/entries/${entry.id}/draft`, as: 'ga_officer', body: { content: changed, changeSummary: '补充摘要' } });
    await t.request({ method: 'POST', url: `/api/catalog/entries/${entry.id}/submit`, as: 'ga_officer' });
    const approved = (await t.request({ method: 'POST', url: `/api/catalog/entries/${entry.id}/review`, as: 'reviewer', body: { decision: 'approve' } })).json();
    // 民政局 holds a grant on this entry (demo): the change waits a month.
    expect(approved.pending).toMatchObject({ state: 'approved' });
    expect(approved.pending.effectiveAt).toBe('2026-12-02T01:00:00.000Z');
    const notices = (await inbox(t, 'mz_officer')).filter((n) => n.kind === 'catalog.change_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.title).toMatch(/常住人口基本信息/);
    expect((await inbox(t, 'sj_officer')).some((n) => n.kind === 'catalog.change_notice')).toBe(false);
    const catalogNotices = (await t.request({ method: 'GET', url: '/api/catalog/notices', as: 'mz_officer' })).json();
    expect(catalogNotices.map((n: { entryId: string }) => n.entryId)).toContain(entry.id);
  });
});
