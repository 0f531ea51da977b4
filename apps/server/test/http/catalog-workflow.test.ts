import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenIdCheckDigit } from '@huitong/contracts';
import { departmentId, testItem, validContent } from '../helpers/catalog.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { namedTestApp } from '../helpers/named-city.ts';

async function create(t: TestApp, as: string, name: string, overrides = {}) {
  const response = await t.request({ method: 'POST', url: '/api/catalog/entries', as, body: { content: validContent({ name, ...overrides }) } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function act(t: TestApp, as: string, id: string, action: string, body?: unknown) {
  return t.request({ method: 'POST', url: `/api/catalog/entries/${id}/${action}`, as, body: body ?? {} });
}

async function publish(t: TestApp, as: string, name: string, overrides = {}) {
  const entry = await create(t, as, name, overrides);
  expect((await act(t, as, entry.id, 'submit')).statusCode).toBe(200);
  const approved = await act(t, 'reviewer', entry.id, 'review', { decision: 'approve', comment: '同意' });
  expect(approved.statusCode, approved.body).toBe(200);
  return approved.json();
}

describe('catalog lifecycle: draft → submitted → operator review → published, versions and diff', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await namedTestApp();
  });
  afterAll(() => t.close());

  it('[rule:catalog.change_requires_operator_approval] publishes only after the operator approves, and keeps drafts private', async () => {
    const entry = await create(t, 'ga_officer', '网格员巡查记录(流程测试)');
    expect(entry.status).toBe('draft');
    expect(entry.current.state).toBe('draft');
    // Others cannot see a draft at all.
    expect((await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'sj_officer' })).statusCode).toBe(404);
    const submitted = (await act(t, 'ga_officer', entry.id, 'submit')).json();
    expect(submitted.current.state).toBe('submitted');
    expect(submitted.status).toBe('draft');
    const queue = (await t.request({ method: 'GET', url: '/api/catalog/review-queue', as: 'reviewer' })).json();
    expect(queue.map((q: { entryId: string }) => q.entryId)).toContain(entry.id);
    // Still not published: search by others does not find it.
    const before = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('流程测试')}`, as: 'sj_officer' })).json();
    expect(before.total).toBe(0);

    const approved = (await act(t, 'reviewer', entry.id, 'review', { decision: 'approve', comment: '符合要求' })).json();
    expect(approved).toMatchObject({ status: 'published', pending: null, current: { state: 'published', versionNo: 1 } });
    const after = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('流程测试')}`, as: 'sj_officer' })).json();
    expect(after.items.map((i: { id: string }) => i.id)).toEqual([entry.id]);

    const trail = await t.database.db.selectFrom('audit_log').select(['operation', 'outcome']).where('target_id', '=', entry.id).orderBy('seq').execute();
    expect(trail.map((r) => r.operation)).toEqual(['catalog:entry:create', 'catalog:entry:submit', 'catalog:entry:approve', 'catalog:entry:publish']);
  });

  it('turns a change to a published entry into a new reviewed version with a readable diff', async () => {
    const entry = await publish(t, 'ga_officer', '版本测试资源');
    const changed = validContent({ name: '版本测试资源', abstract: '补充了处置时限。', items: [...validContent().items, testItem('czsx', '处置时限', { dataType: 'I', length: undefined })] });
    const draft = (await t.request({ method: 'PUT', url: `/api/catalog/entries/${entry.id}/draft`, as: 'ga_officer', body: { content: changed, changeSummary: '新增处置时限' } })).json();
    expect(draft.current.versionNo).toBe(1);
    expect(draft.pending).toMatchObject({ versionNo: 2, state: 'draft' });
    // Other departments keep seeing version 1.
    const seen = (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'sj_officer' })).json();
    expect(seen.current.content.abstract).toBe(validContent().abstract);
    expect(seen.pending).toBeNull();

    await act(t, 'ga_officer', entry.id, 'submit');
    const noReason = await act(t, 'reviewer', entry.id, 'review', { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('comment');
    const rejected = (await act(t, 'reviewer', entry.id, 'review', { decision: 'reject', comment: '请说明处置时限的单位' })).json();
    expect(rejected.pending).toMatchObject({ state: 'rejected', reviewComment: '请说明处置时限的单位' });
    const fixed = { ...changed, items: changed.items.map((i) => (i.code === 'czsx' ? { ...i, name: '处置时限(小时)' } : i)) };
    await t.request({ method: 'PUT', url: `/api/catalog/entries/${entry.id}/draft`, as: 'ga_officer', body: { content: fixed } });
    await act(t, 'ga_officer', entry.id, 'submit');
    const published = (await act(t, 'reviewer', entry.id, 'review', { decision: 'approve' })).json();
    expect(published.current).toMatchObject({ versionNo: 2, state: 'published' });

    const versions = (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}/versions`, as: 'sj_officer' })).json();
    expect(versions.map((v: { versionNo: number; state: string }) => [v.versionNo, v.state])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    // The rejection and its reason stay on the version after it was fixed and approved.
    expect(versions[0].reviews.map((r: { decision: string; comment: string | null; reviewerName: string }) => [r.decision, r.comment, r.reviewerName])).toEqual([
      ['reject', '请说明处置时限的单位', '李秀英'],
      ['approve', null, '李秀英'],
    ]);
    const diff = (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}/versions/${versions[0].id}/diff`, as: 'sj_officer' })).json();
    expect(diff.fromVersionNo).toBe(1);
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'abstract', label: '摘要', change: 'changed', after: '补充了处置时限。' }),
        expect.objectContaining({ path: 'items[czsx]', change: 'added', label: '信息项 处置时限(小时)(czsx)' }),
      ]),
    );
  });

  it('withdraws a submission back to draft, and refuses to withdraw twice', async () => {
    const entry = await create(t, 'ga_officer', '撤回测试资源');
    await act(t, 'ga_officer', entry.id, 'submit');
    const withdrawn = await act(t, 'ga_officer', entry.id, 'withdraw');
    expect(withdrawn.json().current.state).toBe('draft');
    const again = await act(t, 'ga_officer', entry.id, 'withdraw');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INVALID_TRANSITION');
    const review = await act(t, 'reviewer', entry.id, 'review', { decision: 'approve' });
    expect(review.statusCode).toBe(409);
  });

  it('discards a never-published draft together with its entry', async () => {
    const entry = await create(t, 'ga_officer', '丢弃测试资源');
    const response = await t.request({ method: 'DELETE', url: `/api/catalog/entries/${entry.id}/draft`, as: 'ga_officer' });
    expect(response.json()).toEqual({ entryDeleted: true });
    expect((await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'ga_officer' })).statusCode).toBe(404);
  });

  it('does not let a reviewer approve their own submission', async () => {
    const dc = await departmentId(t.database.db, '龙南市政务和数据服务中心');
    const created = await t.request({
      method: 'POST',
      url: '/api/users',
      as: 'admin',
      body: { username: 'dual_role', name: '双岗测试', idNumber: `36072719910101003${citizenIdCheckDigit('36072719910101003')}`, phone: '13900000001', departmentId: dc, roles: ['data_officer', 'platform_reviewer'], password: 'Dual-Role-2026' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = await t.tokenFor('dual_role', 'Dual-Role-2026');
    const headers = { authorization: `Bearer ${token}` };
    const entry = (await t.app.server.inject({ method: 'POST', url: '/api/catalog/entries', headers, payload: { content: validContent({ name: '自审测试资源' }) } })).json();
    await t.app.server.inject({ method: 'POST', url: `/api/catalog/entries/${entry.id}/submit`, headers });
    const self = await t.app.server.inject({ method: 'POST', url: `/api/catalog/entries/${entry.id}/review`, headers, payload: { decision: 'approve' } });
    expect(self.statusCode).toBe(403);
    expect((await act(t, 'reviewer', entry.id, 'review', { decision: 'approve' })).statusCode).toBe(200);
  });
});

describe('taking entries offline and changing entries that have consumers', () => {
  it('[rule:catalog.change_notice_period] under longnan a change reaches consumers one month before it takes effect (第八条)', async () => {
    const t = await namedTestApp();
    try {
      const mz = await departmentId(t.database.db, '龙南市民政局');
      const entry = await publish(t, 'ga_officer', '通知期测试资源', { dedicated: true, dedicatedDepartmentIds: [mz] });
      const requested = await act(t, 'ga_officer', entry.id, 'offline', { reason: '数据来源调整' });
      expect(requested.json().pending).toMatchObject({ kind: 'offline', state: 'submitted' });
      const approvedAt = t.clock.now();
      const approvedResponse = await act(t, 'reviewer', entry.id, 'review', { decision: 'approve' });
      expect(approvedResponse.statusCode, approvedResponse.body).toBe(200);
      const approved = approvedResponse.json();
      expect(approved.status).toBe('published');
      expect(approved.pending.state).toBe('approved');
      expect(new Date(approved.pending.effectiveAt).toISOString()).toBe(new Date(approvedAt.getTime() + 30 * 86400_000).toISOString());
      const notices = (await t.request({ method: 'GET', url: '/api/catalog/notices', as: 'mz_officer' })).json();
      expect(notices.find((n: { entryId: string }) => n.entryId === entry.id)).toMatchObject({ kind: 'offline' });
      expect((await t.request({ method: 'GET', url: '/api/catalog/notices', as: 'sj_officer' })).json().some((n: { entryId: string }) => n.entryId === entry.id)).toBe(false);

      t.clock.advanceDays(29);
      await t.app.scheduler.runAll();
      expect((await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'mz_officer' })).json().status).toBe('published');
      t.clock.advanceDays(2);
      await t.app.scheduler.runAll();
      const after = (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'mz_officer' })).json();
      expect(after.status).toBe('offline');
      const last = await t.database.db.selectFrom('audit_log').select(['operation', 'actor_name']).where('target_id', '=', entry.id).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(last).toEqual({ operation: 'catalog:entry:offline', actor_name: 'task:catalog-apply-due-changes' });
    } finally {
      await t.close();
    }
  });

  it('[rule:catalog.change_notice_period] an entry without consumers goes offline as soon as it is approved', async () => {
    const t = await namedTestApp();
    try {
      const entry = await publish(t, 'ga_officer', '无使用方资源');
      await act(t, 'ga_officer', entry.id, 'offline', { reason: '停止采集' });
      const approved = (await act(t, 'reviewer', entry.id, 'review', { decision: 'approve' })).json();
      expect(approved.status).toBe('offline');
    } finally {
      await t.close();
    }
  });

  it('[rule:catalog.replacement_transition_days] under jinzhong a replaced entry stays online 20 natural days (办法第十八条)', async () => {
    const t = await namedTestApp({ policy: 'jinzhong' });
    try {
      const old = await publish(t, 'ga_officer', '旧版资源');
      const replacementDraft = await create(t, 'ga_officer', '新版资源');
      const early = await act(t, 'ga_officer', old.id, 'offline', { reason: '由新版替代', replacementEntryId: replacementDraft.id });
      expect(early.statusCode).toBe(400);
      expect(early.json().error.details[0].field).toBe('replacementEntryId');
      await act(t, 'ga_officer', replacementDraft.id, 'submit');
      await act(t, 'reviewer', replacementDraft.id, 'review', { decision: 'approve' });
      await act(t, 'ga_officer', old.id, 'offline', { reason: '由新版替代', replacementEntryId: replacementDraft.id });
      const approved = (await act(t, 'reviewer', old.id, 'review', { decision: 'approve' })).json();
      expect(approved.status).toBe('published');
      t.clock.advanceDays(19);
      await t.app.scheduler.runAll();
      expect((await t.request({ method: 'GET', url: `/api/catalog/entries/${old.id}`, as: 'ga_officer' })).json().status).toBe('published');
      t.clock.advanceDays(1);
      await t.app.scheduler.runAll();
      expect((await t.request({ method: 'GET', url: `/api/catalog/entries/${old.id}`, as: 'ga_officer' })).json().status).toBe('offline');
    } finally {
      await t.close();
    }
  });
});

describe('catalog maintenance duties', () => {
  it('[rule:catalog.update_after_change_workdays] a legal change must be reflected within 15 working days, counted on the official calendar', async () => {
    const t = await namedTestApp();
    try {
      const created = await t.request({ method: 'POST', url: '/api/catalog/maintenance/triggers', as: 'ga_officer', body: { kind: 'legal_change', description: '《户口登记条例》修订', occurredOn: '2026-09-30' } });
      expect(created.statusCode, created.body).toBe(201);
      // 15 working days from 30 September, across the National Day holiday and the 10-10 make-up day.
      expect(created.json(), created.body).toMatchObject({ dueOn: '2026-10-27', dueProvisional: false, overdue: true });
      const fresh = (await t.request({ method: 'POST', url: '/api/catalog/maintenance/triggers', as: 'ga_officer', body: { kind: 'function_change', description: '职能调整', occurredOn: '2026-11-02' } })).json();
      expect(fresh).toMatchObject({ dueOn: '2026-11-23', overdue: false });
      const resolved = (await t.request({ method: 'POST', url: `/api/catalog/maintenance/triggers/${created.json().id}/resolve`, as: 'ga_officer' })).json();
      expect(resolved.overdue).toBe(false);
      const others = (await t.request({ method: 'GET', url: '/api/catalog/maintenance/triggers', as: 'sj_officer' })).json();
      expect(others).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('[rule:catalog.full_maintenance_interval_months] under yunnan an entry not reviewed for a year is flagged (第九条); under longnan it is not', async () => {
    for (const policy of ['yunnan', 'longnan'] as const) {
      const t = await namedTestApp({ policy }, { entries: ['常住人口基本信息'] });
      try {
        const entry = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent('常住人口基本信息')}`, as: 'ga_officer' })).json().items[0];
        t.clock.advanceDays(370);
        const detailResponse = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: 'ga_officer' });
        expect(detailResponse.statusCode, detailResponse.body).toBe(200);
        const detail = detailResponse.json();
        const overdue = (await t.request({ method: 'GET', url: '/api/catalog/maintenance/overdue', as: 'ga_officer' })).json();
        if (policy === 'yunnan') {
          expect(detail.maintenanceOverdue).toBe(true);
          expect(overdue.map((o: { id: string }) => o.id)).toContain(entry.id);
          const confirmed = (await act(t, 'ga_officer', entry.id, 'confirm-current')).json();
          expect(confirmed.maintenanceOverdue).toBe(false);
        } else {
          expect(detail.maintenanceOverdue).toBe(false);
          expect(overdue).toEqual([]);
        }
      } finally {
        await t.close();
      }
    }
  });
});
