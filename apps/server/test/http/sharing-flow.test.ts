import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentId } from '../helpers/catalog.ts';
import { applicationBody, decide, entryByName, submitApplication, systemOf } from '../helpers/sharing.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import type { TestApp } from '../helpers/test-app.ts';

describe('a conditional application under longnan: leader → preliminary review (2 WD) → provider review (5 WD) → grant', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The demo's granted application of 民政局 on 常住人口基本信息 is the grant the access check uses.
    t = await namedTestApp({}, { entries: ['居民身份证签发信息', '公安检查站卡口视频监控', '居民电子健康档案', '不动产登记信息', '婚姻登记信息'], applications: ['常住人口基本信息'] });
  });
  afterAll(() => t.close());

  it('runs every step with working-day deadlines, history and audit, and ends in a grant the three parties see', async () => {
    // Monday 2 November 2026, 09:00.
    const submitted = await submitApplication(t, 'wj_officer', '常住人口基本信息', { itemCodes: ['xm', 'gmsfhm', 'xb'] });
    expect(submitted).toMatchObject({ state: 'leader_review', flow: 'conditional', currentStep: { kind: 'leader_approval', dueOn: null } });
    const id = submitted.id;

    // The provider and the operator do not see it while it is still inside the applying department.
    expect((await t.request({ method: 'GET', url: `/api/sharing/applications/${id}`, as: 'ga_reviewer' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/sharing/applications/${id}`, as: 'reviewer' })).statusCode).toBe(404);

    const afterLeader = (await decide(t, 'wj_leader', id, 'leader_approval', { decision: 'approve', comment: '同意' })).json();
    expect(afterLeader.state).toBe('preliminary_review');
    expect(afterLeader.currentStep).toMatchObject({ kind: 'preliminary_review', workdays: 2, dueOn: '2026-11-04', dueProvisional: false, remainingWorkdays: 2, overdue: false });
    const queue = (await t.request({ method: 'GET', url: '/api/sharing/applications?box=operator', as: 'reviewer' })).json();
    expect(queue.items.map((a: { id: string }) => a.id)).toContain(id);

    const afterPreliminary = (await decide(t, 'reviewer', id, 'preliminary_review', { decision: 'approve', comment: '转提供部门' })).json();
    expect(afterPreliminary.currentStep).toMatchObject({ kind: 'provider_review', workdays: 5, dueOn: '2026-11-09', assigneeDepartment: { name: '龙南市公安局' } });
    const providerQueue = (await t.request({ method: 'GET', url: '/api/sharing/applications?box=provider', as: 'ga_reviewer' })).json();
    expect(providerQueue.items.map((a: { id: string }) => a.id)).toContain(id);

    const approved = (await decide(t, 'ga_reviewer', id, 'provider_review', { decision: 'approve', comment: '同意' })).json();
    expect(approved).toMatchObject({ state: 'approved', currentStep: null });
    expect(approved.grantId).toBeTruthy();
    expect(approved.steps.map((s: { kind: string; state: string; decidedByName: string }) => [s.kind, s.state, s.decidedByName])).toEqual([
      ['leader_approval', 'approved', '马超'],
      ['preliminary_review', 'approved', '李秀英'],
      ['provider_review', 'approved', '黄敏'],
    ]);
    expect(approved.history.map((h: { action: string }) => h.action)).toEqual(['create', 'upload-letter', 'submit', 'approve:leader_approval', 'approve:preliminary_review', 'approve:provider_review']);

    for (const as of ['wj_officer', 'ga_reviewer', 'reviewer']) {
      const grant = await t.request({ method: 'GET', url: `/api/sharing/grants/${approved.grantId}`, as });
      expect(grant.statusCode, as).toBe(200);
      expect(grant.json()).toMatchObject({ status: 'active', consumer: { name: '龙南市卫生健康委员会' }, provider: { name: '龙南市公安局' }, itemCodes: ['xm', 'gmsfhm', 'xb'], shareMode: 'interface' });
    }
    expect((await t.request({ method: 'GET', url: '/api/sharing/grants?role=consumer', as: 'wj_officer' })).json().map((g: { id: string }) => g.id)).toContain(approved.grantId);
    expect((await t.request({ method: 'GET', url: '/api/sharing/grants?role=provider', as: 'ga_reviewer' })).json().map((g: { id: string }) => g.id)).toContain(approved.grantId);

    const operations = (await t.database.db.selectFrom('audit_log').select('operation').where('target_id', 'in', [id, approved.grantId]).orderBy('seq').execute()).map((r) => r.operation);
    expect(operations).toEqual([
      'sharing:application:create',
      'sharing:application:upload-letter',
      'sharing:application:submit',
      'sharing:application:approve-step',
      'sharing:application:approve-step',
      'sharing:application:approve-step',
      'sharing:grant:create',
    ]);
  });

  it('the grant is the access check: right system, mode and items only; revoking cuts it at once', async () => {
    const grant = (await t.request({ method: 'GET', url: '/api/sharing/grants?role=consumer', as: 'mz_officer' })).json().find((g: { entry: { name: string } }) => g.entry.name === '常住人口基本信息');
    const mz = await departmentId(t.database.db, '龙南市民政局');
    const systemId = await systemOf(t, 'mz_officer');
    const access = (mode: 'interface' | 'download', items?: string[], system = systemId) => t.app.modules.sharing.grants.access({ consumerDepartmentId: mz, systemId: system, entryId: grant.entry.id, shareMode: mode, itemCodes: items });
    expect(await access('interface', ['xm', 'gmsfhm'])).toMatchObject({ allowed: true, basis: 'grant', grantId: grant.id });
    expect((await access('download', ['xm'])).allowed).toBe(false);
    expect((await access('interface', ['zz'])).allowed).toBe(false);
    expect((await access('interface', ['xm'], '7d1e1c30-8d0b-4f6a-9a53-0d8f0a3f2b11')).allowed).toBe(false);
    const revoked = await t.request({ method: 'POST', url: `/api/sharing/grants/${grant.id}/revoke`, as: 'ga_reviewer', body: { reason: '超出约定用途' } });
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: '超出约定用途', revokedByName: '黄敏' });
    expect((await access('interface', ['xm'])).allowed).toBe(false);
    const inbox = (await t.request({ method: 'GET', url: '/api/notifications', as: 'mz_officer' })).json();
    const notice = inbox.items.find((n: { kind: string }) => n.kind === 'grant.revoked');
    // People read the notice: the time is China wall-clock time, not a UTC timestamp.
    expect(notice.body).toMatch(/授权已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）撤销/);
    // Destruction is confirmed by the consumer once the grant is no longer in force.
    const confirmed = await t.request({ method: 'POST', url: `/api/sharing/grants/${grant.id}/confirm-destruction`, as: 'mz_officer', body: { note: '已删除本地缓存数据' } });
    expect(confirmed.json()).toMatchObject({ destructionNote: '已删除本地缓存数据' });
    expect(confirmed.json().destructionConfirmedAt).toBeTruthy();
  });

  it('[rule:sharing.dispute_coordination] a refused applicant disputes; the operator coordinates and records the decision', async () => {
    const app = await submitApplication(t, 'sj_officer', '婚姻登记信息', { itemCodes: ['djlx', 'djrq'], shareMode: 'interface' });
    await decide(t, 'sj_leader', app.id, 'leader_approval');
    await decide(t, 'reviewer', app.id, 'preliminary_review');
    const refused = (await decide(t, 'mz_reviewer', app.id, 'provider_review', { decision: 'reject', comment: '用途不明确', legalBasis: '《婚姻登记条例》' })).json();
    expect(refused).toMatchObject({ state: 'rejected', rejectionFinal: false, permissions: { dispute: false } });
    const own = (await t.request({ method: 'GET', url: `/api/sharing/applications/${app.id}`, as: 'sj_officer' })).json();
    expect(own.permissions.dispute).toBe(true);
    const disputed = (await t.request({ method: 'POST', url: `/api/sharing/applications/${app.id}/dispute`, as: 'sj_officer', body: { reason: '企业注销需核验法定代表人婚姻状况,有明确法规依据' } })).json();
    expect(disputed).toMatchObject({ state: 'coordination', currentStep: { kind: 'coordination', assigneeDepartment: { name: '龙南市政务和数据服务中心' } } });
    const coordinated = (await decide(t, 'reviewer', app.id, 'coordination', { decision: 'approve', comment: '经协调,提供部门同意按最小范围共享' })).json();
    expect(coordinated.state).toBe('approved');
    expect(coordinated.grantId).toBeTruthy();
  });

  it('a final refusal after coordination cannot be disputed again', async () => {
    const app = await submitApplication(t, 'jy_officer', '婚姻登记信息', { itemCodes: ['djlx'], shareMode: 'interface' });
    await decide(t, 'jy_leader', app.id, 'leader_approval');
    await decide(t, 'reviewer', app.id, 'preliminary_review');
    await decide(t, 'mz_reviewer', app.id, 'provider_review', { decision: 'reject', comment: '不符合', legalBasis: '《婚姻登记条例》' });
    await t.request({ method: 'POST', url: `/api/sharing/applications/${app.id}/dispute`, as: 'jy_officer', body: { reason: '请平台协调处理' } });
    const final = (await decide(t, 'reviewer', app.id, 'coordination', { decision: 'reject', comment: '维持不予共享', legalBasis: '《个人信息保护法》第三十四条' })).json();
    expect(final).toMatchObject({ state: 'rejected', rejectionFinal: true });
    expect((await t.request({ method: 'POST', url: `/api/sharing/applications/${app.id}/dispute`, as: 'jy_officer', body: { reason: '再次申请协调' } })).statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/sharing/applications/${app.id}/submit`, as: 'jy_officer' })).statusCode).toBe(409);
  });

  it('a refused application is edited and resubmitted, and starts again with the leader', async () => {
    const app = await submitApplication(t, 'jt_officer', '居民身份证签发信息', { itemCodes: ['xm', 'gmsfhm'] });
    expect((await decide(t, 'jt_leader', app.id, 'leader_approval', { decision: 'reject', comment: '用途写得不清楚' })).json().state).toBe('rejected');
    const seenByApplicant = (await t.request({ method: 'GET', url: `/api/sharing/applications/${app.id}`, as: 'jt_officer' })).json();
    expect(seenByApplicant).toMatchObject({ state: 'rejected', permissions: { edit: true, submit: true, dispute: false } });
    // A refusal inside the department never reaches the operator or the provider.
    expect((await t.request({ method: 'GET', url: `/api/sharing/applications/${app.id}`, as: 'reviewer' })).statusCode).toBe(404);
    const entry = await entryByName(t, '居民身份证签发信息');
    const edited = await t.request({
      method: 'PUT',
      url: `/api/sharing/applications/${app.id}`,
      as: 'jt_officer',
      body: applicationBody(entry, await systemOf(t, 'jt_officer'), { itemCodes: ['xm'], purpose: '出租汽车驾驶员从业资格申请时核验身份' }),
    });
    expect(edited.json()).toMatchObject({ state: 'draft', itemCount: 1 });
    const resubmitted = (await t.request({ method: 'POST', url: `/api/sharing/applications/${app.id}/submit`, as: 'jt_officer' })).json();
    expect(resubmitted).toMatchObject({ state: 'leader_review', currentStep: { kind: 'leader_approval', state: 'pending' } });
    expect(resubmitted.steps.map((s: { kind: string; state: string }) => [s.kind, s.state])).toEqual([
      ['leader_approval', 'rejected'],
      ['leader_approval', 'pending'],
    ]);
    expect(resubmitted.history.map((h: { action: string }) => h.action).slice(-3)).toEqual(['reject:leader_approval', 'edit', 'resubmit']);
    expect((await decide(t, 'jt_leader', app.id, 'leader_approval')).json().state).toBe('preliminary_review');
  });

  it('not-shared data is reached only through coordination', async () => {
    const app = await submitApplication(t, 'mz_officer', '居民电子健康档案', { itemCodes: ['xm', 'jkzk'], shareMode: 'page_query' });
    expect(app.flow).toBe('coordination');
    const afterLeader = (await decide(t, 'mz_leader', app.id, 'leader_approval')).json();
    expect(afterLeader).toMatchObject({ state: 'coordination', currentStep: { kind: 'coordination' } });
  });

  it('[rule:sharing.dedicated_direct_access] departments on a 专用 list use it without applying; others apply as usual', async () => {
    const entry = await entryByName(t, '公安检查站卡口视频监控');
    const jt = await departmentId(t.database.db, '龙南市交通运输局');
    const direct = await t.request({ method: 'POST', url: '/api/sharing/applications', as: 'jt_officer', body: applicationBody(entry, await systemOf(t, 'jt_officer')) });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error.code).toBe('DIRECT_ACCESS');
    expect(await t.app.modules.sharing.grants.access({ consumerDepartmentId: jt, systemId: null, entryId: entry.id, shareMode: 'download' })).toMatchObject({ allowed: true, basis: 'dedicated' });
    const mz = await departmentId(t.database.db, '龙南市民政局');
    expect((await t.app.modules.sharing.grants.access({ consumerDepartmentId: mz, systemId: null, entryId: entry.id, shareMode: 'download' })).allowed).toBe(false);
    const other = await t.request({ method: 'POST', url: '/api/sharing/applications', as: 'mz_officer', body: applicationBody(entry, await systemOf(t, 'mz_officer')) });
    expect(other.statusCode).toBe(201);
  });

  it('[rule:sharing.delegated_review] a delegated reviewer decides for the provider, and the record says so', async () => {
    const entry = await entryByName(t, '不动产登记信息');
    const delegate = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'sj_reviewer').executeTakeFirstOrThrow();
    expect((await t.request({ method: 'POST', url: '/api/sharing/delegations', as: 'ga_leader', body: { entryId: entry.id, delegateUserId: delegate.id } })).statusCode).toBe(403);
    // A leader finds the delegate by name without being able to list users; officers cannot search.
    const found = (await t.request({ method: 'GET', url: `/api/sharing/delegation-candidates?q=${encodeURIComponent('孙丽')}`, as: 'zr_leader' })).json();
    expect(found).toEqual([{ id: delegate.id, name: '孙丽', username: 'sj_reviewer', departmentName: expect.any(String) }]);
    expect((await t.request({ method: 'GET', url: '/api/users', as: 'zr_leader' })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/sharing/delegation-candidates?q=sj', as: 'sj_officer' })).statusCode).toBe(403);
    const self = (await t.request({ method: 'GET', url: '/api/sharing/delegation-candidates?q=zr_leader', as: 'zr_leader' })).json();
    expect(self).toEqual([]);
    const delegated = await t.request({ method: 'POST', url: '/api/sharing/delegations', as: 'zr_leader', body: { entryId: entry.id, delegateUserId: delegate.id } });
    expect(delegated.statusCode, delegated.body).toBe(200);
    // The delegate's session says so, which is how the console offers the review queue.
    expect((await t.request({ method: 'GET', url: '/api/auth/me', as: 'sj_reviewer' })).json().delegatedEntryIds).toEqual([entry.id]);
    const app = await submitApplication(t, 'wj_officer', '不动产登记信息', { itemCodes: ['bdcdyh', 'zl'] });
    await decide(t, 'wj_leader', app.id, 'leader_approval');
    await decide(t, 'reviewer', app.id, 'preliminary_review');
    const queue = (await t.request({ method: 'GET', url: '/api/sharing/applications?box=provider', as: 'sj_reviewer' })).json();
    expect(queue.items.map((a: { id: string }) => a.id)).toContain(app.id);
    // Someone else of the delegate's department has no such right.
    expect((await decide(t, 'sj_officer', app.id, 'provider_review')).statusCode).toBe(404);
    const approved = (await decide(t, 'sj_reviewer', app.id, 'provider_review', { decision: 'approve', comment: '代为审核同意' })).json();
    expect(approved.state).toBe('approved');
    expect(approved.steps.find((s: { kind: string }) => s.kind === 'provider_review')).toMatchObject({ decidedByName: '孙丽', onBehalfOf: { name: '龙南市自然资源局' } });
    const record = await t.database.db.selectFrom('audit_log').select('details').where('target_id', '=', app.id).where('operation', '=', 'sharing:application:approve-step').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(record.details).toMatchObject({ step: 'provider_review', onBehalfOf: await departmentId(t.database.db, '龙南市自然资源局') });
    // Revoked delegations confer nothing.
    const delegationId = delegated.json()[0].id;
    await t.request({ method: 'DELETE', url: `/api/sharing/delegations/${delegationId}`, as: 'zr_leader' });
    expect((await t.request({ method: 'GET', url: '/api/auth/me', as: 'sj_reviewer' })).json().delegatedEntryIds).toEqual([]);
    const next = await submitApplication(t, 'wj_officer', '不动产登记信息', { itemCodes: ['bdcdyh'] });
    await decide(t, 'wj_leader', next.id, 'leader_approval');
    await decide(t, 'reviewer', next.id, 'preliminary_review');
    expect((await decide(t, 'sj_reviewer', next.id, 'provider_review')).statusCode).toBe(404);
  });
});

/**
 * The same applications under each profile: which steps they pass and how many working days each
 * has differ as the articles say. Received on Monday 2 November 2026; the day of receipt is not
 * counted.
 */
describe('flows and deadlines differ by profile', () => {
  const cases = [
    // 000 第十五条 reviews every application, unconditional ones included.
    { policy: 'longnan', conditional: [['preliminary_review', 2, '2026-11-04'], ['provider_review', 5, '2026-11-09']], unconditional: [['preliminary_review', 2, '2026-11-04'], ['provider_review', 5, '2026-11-09']] },
    { policy: 'chongzhou', conditional: [['provider_review', 5, '2026-11-09']], unconditional: [] },
    { policy: 'yunnan', conditional: [['provider_review', 10, '2026-11-16']], unconditional: [] },
    { policy: 'jinzhong', conditional: [['preliminary_review', 2, '2026-11-04'], ['provider_review', 5, '2026-11-09']], unconditional: [['compliance_check', 2, '2026-11-04']] },
  ] as const;

  for (const { policy, conditional, unconditional } of cases) {
    it(`[rule:sharing.provider_review_workdays] [rule:sharing.operator_preliminary_review_workdays] [rule:sharing.unconditional_flow] [rule:sharing.compliance_check_workdays] [rule:sharing.receipt_day_counted] ${policy}`, async () => {
      const t = await namedTestApp({ policy }, { entries: ['居民身份证签发信息', '道路运输经营许可信息'] });
      try {
        const reviewerOf: Record<string, string> = { preliminary_review: 'reviewer', compliance_check: 'reviewer', provider_review: 'ga_reviewer' };
        const conditionalApp = await submitApplication(t, 'wj_officer', '居民身份证签发信息', { itemCodes: ['xm', 'gmsfhm'] });
        let current = (await decide(t, 'wj_leader', conditionalApp.id, 'leader_approval')).json();
        const seen: Array<[string, number | null, string | null]> = [];
        while (current.currentStep) {
          seen.push([current.currentStep.kind, current.currentStep.workdays, current.currentStep.dueOn]);
          current = (await decide(t, reviewerOf[current.currentStep.kind]!, conditionalApp.id, current.currentStep.kind)).json();
        }
        expect(seen).toEqual(conditional);
        expect(current.state).toBe('approved');

        const unconditionalApp = await submitApplication(t, 'wj_officer', '道路运输经营许可信息', { shareMode: 'interface' });
        expect(unconditionalApp.flow).toBe(unconditional.length === 0 ? 'direct' : unconditional[0]![0] === 'compliance_check' ? 'compliance_check' : 'conditional');
        current = (await decide(t, 'wj_leader', unconditionalApp.id, 'leader_approval')).json();
        const unconditionalSteps: Array<[string, number | null, string | null]> = [];
        while (current.currentStep) {
          unconditionalSteps.push([current.currentStep.kind, current.currentStep.workdays, current.currentStep.dueOn]);
          current = (await decide(t, current.currentStep.kind === 'provider_review' ? 'jt_reviewer' : 'reviewer', unconditionalApp.id, current.currentStep.kind)).json();
        }
        expect(unconditionalSteps).toEqual(unconditional);
        expect(current.state).toBe('approved');
      } finally {
        await t.close();
      }
    });
  }

  it('[rule:sharing.rejection_requires_legal_basis] a refusal needs its legal basis under longnan (第十五条) but only reasons under chongzhou (第四十條)', async () => {
    for (const [policy, needsBasis] of [
      ['longnan', true],
      ['chongzhou', false],
    ] as const) {
      const t = await namedTestApp({ policy }, { entries: ['居民身份证签发信息', '道路运输经营许可信息'] });
      try {
        const app = await submitApplication(t, 'wj_officer', '居民身份证签发信息', { itemCodes: ['xm'] });
        let current = (await decide(t, 'wj_leader', app.id, 'leader_approval')).json();
        if (current.currentStep.kind === 'preliminary_review') current = (await decide(t, 'reviewer', app.id, 'preliminary_review')).json();
        const withoutReason = await decide(t, 'ga_reviewer', app.id, 'provider_review', { decision: 'reject' });
        expect(withoutReason.statusCode).toBe(400);
        expect(withoutReason.json().error.details[0].field).toBe('comment');
        const withoutBasis = await decide(t, 'ga_reviewer', app.id, 'provider_review', { decision: 'reject', comment: '用途超出履职范围' });
        if (needsBasis) {
          expect(withoutBasis.statusCode).toBe(400);
          expect(withoutBasis.json().error).toMatchObject({ code: 'LEGAL_BASIS_REQUIRED', details: [{ field: 'legalBasis' }] });
          expect(withoutBasis.json().error.message).toMatch(/第十五条/);
          const withBasis = await decide(t, 'ga_reviewer', app.id, 'provider_review', { decision: 'reject', comment: '用途超出履职范围', legalBasis: '《居民身份证法》第十三条' });
          expect(withBasis.json().state).toBe('rejected');
        } else {
          expect(withoutBasis.statusCode).toBe(200);
          expect(withoutBasis.json().state).toBe('rejected');
        }
      } finally {
        await t.close();
      }
    }
  });
});
