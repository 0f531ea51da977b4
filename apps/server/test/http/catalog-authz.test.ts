import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validContent } from '../helpers/catalog.ts';
import { factories } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Another department's staff can never change, submit, withdraw or review an entry that is not
 * theirs; only the operator's reviewers review. Every refusal is recorded as a denied attempt.
 */
describe('catalog authorisation, per operation, through HTTP', () => {
  let t: TestApp;
  let draftId: string;
  let submittedId: string;
  let publishedId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await factories(t).named();
    const post = async (url: string, as: string, body?: unknown) => {
      const response = await t.request({ method: 'POST', url, as, body: body ?? {} });
      expect(response.statusCode, response.body).toBeLessThan(300);
      return response.json();
    };
    draftId = (await post('/api/catalog/entries', 'ga_officer', { content: validContent({ name: '权限测试草稿' }) })).id;
    submittedId = (await post('/api/catalog/entries', 'ga_officer', { content: validContent({ name: '权限测试待审' }) })).id;
    await post(`/api/catalog/entries/${submittedId}/submit`, 'ga_officer');
    publishedId = (await post('/api/catalog/entries', 'ga_officer', { content: validContent({ name: '权限测试已发布' }) })).id;
    await post(`/api/catalog/entries/${publishedId}/submit`, 'ga_officer');
    await post(`/api/catalog/entries/${publishedId}/review`, 'reviewer', { decision: 'approve' });
  });
  afterAll(() => t.close());

  /**
   * Everything a catalog operation can change: the entry rows (status, current version,
   * last_maintained_at that confirm-current stamps, offline reason…) and the version rows.
   */
  async function catalogState() {
    const entries = await t.database.db.selectFrom('catalog_entry').selectAll().orderBy('id').execute();
    const versions = await t.database.db.selectFrom('catalog_version').selectAll().orderBy('id').execute();
    return { entries, versions };
  }

  async function expectDenied(method: 'POST' | 'PUT' | 'DELETE', url: string, as: string, status: 403 | 404, body?: unknown) {
    const before = await catalogState();
    const response = await t.request({ method, url, as, body: body ?? (method === 'DELETE' ? undefined : {}) });
    expect(response.statusCode, `${as} ${method} ${url}: ${response.body}`).toBe(status);
    expect(await catalogState()).toEqual(before);
    const record = await t.database.db.selectFrom('audit_log').select(['outcome', 'actor_name']).where('request_id', '=', response.json().requestId).executeTakeFirstOrThrow();
    expect(record.outcome).toBe(status === 403 ? 'denied' : 'failure');
  }

  const content = { content: validContent({ name: '篡改' }) };

  it('another department cannot see or touch a draft (it does not exist for them)', async () => {
    await expectDenied('PUT', `/api/catalog/entries/${draftId}/draft`, 'sj_officer', 404, content);
    await expectDenied('POST', `/api/catalog/entries/${draftId}/submit`, 'sj_officer', 404);
    await expectDenied('DELETE', `/api/catalog/entries/${draftId}/draft`, 'sj_officer', 404);
    expect((await t.request({ method: 'GET', url: `/api/catalog/entries/${draftId}/versions`, as: 'sj_officer' })).statusCode).toBe(404);
  });

  it('another department cannot withdraw a submission', async () => {
    await expectDenied('POST', `/api/catalog/entries/${submittedId}/withdraw`, 'sj_officer', 404);
  });

  it('another department cannot edit, submit, take offline or discard a published entry', async () => {
    await expectDenied('PUT', `/api/catalog/entries/${publishedId}/draft`, 'sj_officer', 403, content);
    await expectDenied('POST', `/api/catalog/entries/${publishedId}/submit`, 'sj_officer', 403);
    await expectDenied('POST', `/api/catalog/entries/${publishedId}/withdraw`, 'sj_officer', 403);
    await expectDenied('POST', `/api/catalog/entries/${publishedId}/offline`, 'sj_officer', 403, { reason: '试图下线' });
    await expectDenied('DELETE', `/api/catalog/entries/${publishedId}/draft`, 'sj_officer', 403);
    await expectDenied('POST', `/api/catalog/entries/${publishedId}/confirm-current`, 'sj_officer', 403);
  });

  it('the unchanged check sees what confirm-current writes (so a denied attempt that wrote would fail it)', async () => {
    const before = await catalogState();
    t.clock.advance(60_000);
    const confirmed = await t.request({ method: 'POST', url: `/api/catalog/entries/${publishedId}/confirm-current`, as: 'ga_officer', body: {} });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await catalogState()).not.toEqual(before);
  });

  it('nobody outside the operator reviews, not even the provider or another department', async () => {
    for (const as of ['ga_officer', 'sj_officer', 'ga_admin', 'ga_leader', 'ga_reviewer', 'dc_officer', 'admin', 'auditor']) {
      await expectDenied('POST', `/api/catalog/entries/${submittedId}/review`, as, 403, { decision: 'approve' });
    }
    const ok = await t.request({ method: 'POST', url: `/api/catalog/entries/${submittedId}/review`, as: 'reviewer', body: { decision: 'reject', comment: '测试驳回' } });
    expect(ok.statusCode).toBe(200);
  });

  it('only data officers register entries; leaders, admins and auditors cannot', async () => {
    for (const as of ['ga_leader', 'ga_admin', 'ga_reviewer', 'auditor', 'admin', 'reviewer']) {
      await expectDenied('POST', '/api/catalog/entries', as, 403, content);
    }
  });

  it('the review queue is for the operator only', async () => {
    expect((await t.request({ method: 'GET', url: '/api/catalog/review-queue', as: 'ga_officer' })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/catalog/review-queue', as: 'reviewer' })).statusCode).toBe(200);
  });

  it('the own-department scope (drafts included) is only the own department', async () => {
    const mine = (await t.request({ method: 'GET', url: '/api/catalog/entries?scope=mine&pageSize=100', as: 'sj_officer' })).json();
    expect(mine.items.every((i: { providerDepartmentName: string }) => i.providerDepartmentName === '龙南市市场监督管理局')).toBe(true);
    expect(mine.items.map((i: { id: string }) => i.id)).not.toContain(draftId);
    expect((await t.request({ method: 'GET', url: '/api/catalog/entries?scope=all', as: 'sj_officer' })).statusCode).toBe(403);
    const all = (await t.request({ method: 'GET', url: '/api/catalog/entries?scope=all&pageSize=100', as: 'reviewer' })).json();
    expect(all.items.map((i: { id: string }) => i.id)).toContain(draftId);
  });

  it('anonymous requests are refused before anything happens', async () => {
    const response = await t.request({ method: 'POST', url: '/api/catalog/entries', body: content });
    expect(response.statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/api/catalog/entries' })).statusCode).toBe(401);
  });
});
