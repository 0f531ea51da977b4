import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLetterPdf } from '../../src/seed/demo-data.ts';
import { countRows } from '../helpers/catalog.ts';
import { applicationBody, decide, entryByName, submitApplication, systemOf, uploadLetter } from '../helpers/sharing.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import type { TestApp } from '../helpers/test-app.ts';

/** What must not happen, through HTTP: every refusal is a clear status, and nothing changes. */
describe('sharing: refusals and conflicts', () => {
  let t: TestApp;
  let atPreliminary: string;
  let atProvider: string;
  beforeAll(async () => {
    // Two granted applications of the demo: 民政局 on 常住人口基本信息, 交通运输局 on 市场主体登记信息.
    t = await namedTestApp({}, { entries: ['居民身份证签发信息', '在逃人员比对名单'], applications: ['常住人口基本信息', '市场主体登记信息'] });
    atPreliminary = (await submitApplication(t, 'wj_officer', '常住人口基本信息', { itemCodes: ['xm'] })).id;
    await decide(t, 'wj_leader', atPreliminary, 'leader_approval');
    atProvider = (await submitApplication(t, 'wj_officer', '居民身份证签发信息', { itemCodes: ['xm'] })).id;
    await decide(t, 'wj_leader', atProvider, 'leader_approval');
    await decide(t, 'reviewer', atProvider, 'preliminary_review');
  });
  afterAll(() => t.close());

  async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
    const before = await t.database.db.selectFrom('share_application_step').select(['id', 'state']).orderBy('id').execute();
    const result = await fn();
    expect(await t.database.db.selectFrom('share_application_step').select(['id', 'state']).orderBy('id').execute()).toEqual(before);
    return result;
  }

  it('another department cannot approve: it does not even see the application', async () => {
    for (const as of ['sj_reviewer', 'sj_officer', 'mz_leader']) {
      const response = await unchanged(() => decide(t, as, atProvider, 'provider_review'));
      expect(response.statusCode, as).toBe(404);
    }
  });

  it('the provider’s own staff without the reviewer role cannot approve', async () => {
    const response = await unchanged(() => decide(t, 'ga_officer', atProvider, 'provider_review'));
    expect(response.statusCode).toBe(403);
    const record = await t.database.db.selectFrom('audit_log').select(['outcome', 'operation']).where('request_id', '=', response.json().requestId).executeTakeFirstOrThrow();
    expect(record).toEqual({ outcome: 'denied', operation: 'sharing:application:decide' });
  });

  it('nobody reviews out of order: a provider decision while the operator has not passed it is a conflict', async () => {
    const response = await unchanged(() => decide(t, 'ga_reviewer', atPreliminary, 'provider_review'));
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('INVALID_TRANSITION');
    expect((await unchanged(() => decide(t, 'reviewer', atProvider, 'preliminary_review'))).statusCode).toBe(409);
  });

  it('leaders approve only their own department’s applications; only the operator does operator steps', async () => {
    const fresh = (await submitApplication(t, 'jy_officer', '常住人口基本信息', { itemCodes: ['xm'] })).id;
    expect((await unchanged(() => decide(t, 'wj_leader', fresh, 'leader_approval'))).statusCode).toBe(404);
    expect((await unchanged(() => decide(t, 'jy_officer', fresh, 'leader_approval'))).statusCode).toBe(403);
    expect((await unchanged(() => decide(t, 'ga_reviewer', atPreliminary, 'preliminary_review'))).statusCode).toBe(403);
  });

  it('other departments see neither the applications nor the grants of others', async () => {
    expect((await t.request({ method: 'GET', url: `/api/sharing/applications/${atProvider}`, as: 'sj_officer' })).statusCode).toBe(404);
    const sjMine = (await t.request({ method: 'GET', url: '/api/sharing/applications?box=mine', as: 'sj_officer' })).json();
    expect(sjMine.items.every((a: { applicantDepartment: { name: string } }) => a.applicantDepartment.name === '龙南市市场监督管理局')).toBe(true);
    const received = (await t.request({ method: 'GET', url: '/api/sharing/applications?box=received', as: 'sj_officer' })).json();
    expect(received.items.every((a: { provider: { name: string } }) => a.provider.name === '龙南市市场监督管理局')).toBe(true);
    expect((await t.request({ method: 'GET', url: '/api/sharing/applications?box=all', as: 'sj_officer' })).statusCode).toBe(403);
    const grants = (await t.request({ method: 'GET', url: '/api/sharing/grants', as: 'reviewer' })).json();
    const notOurs = grants.find((g: { consumer: { name: string }; provider: { name: string } }) => g.consumer.name !== '龙南市教育局' && g.provider.name !== '龙南市教育局');
    expect((await t.request({ method: 'GET', url: `/api/sharing/grants/${notOurs.id}`, as: 'jy_officer' })).statusCode).toBe(404);
    const jyGrants = (await t.request({ method: 'GET', url: '/api/sharing/grants', as: 'jy_officer' })).json();
    expect(jyGrants.every((g: { consumer: { name: string }; provider: { name: string } }) => g.consumer.name === '龙南市教育局' || g.provider.name === '龙南市教育局')).toBe(true);
    expect((await t.request({ method: 'GET', url: `/api/sharing/applications/${atProvider}/letter`, as: 'sj_officer' })).statusCode).toBe(404);
  });

  it('approving a withdrawn application, or one whose grant was revoked, is a conflict', async () => {
    const app = (await submitApplication(t, 'mz_officer', '居民身份证签发信息', { itemCodes: ['xm'] })).id;
    const withdrawn = await t.request({ method: 'POST', url: `/api/sharing/applications/${app}/withdraw`, as: 'mz_officer', body: { reason: '需求已变化' } });
    expect(withdrawn.json().state).toBe('withdrawn');
    expect((await decide(t, 'mz_leader', app, 'leader_approval')).statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/sharing/applications/${app}/withdraw`, as: 'mz_officer', body: {} })).statusCode).toBe(409);

    const granted = (await t.request({ method: 'GET', url: '/api/sharing/grants', as: 'jt_officer' })).json().find((g: { status: string }) => g.status === 'active');
    const revoke = () => t.request({ method: 'POST', url: `/api/sharing/grants/${granted.id}/revoke`, as: 'sj_reviewer', body: { reason: '停止共享' } });
    expect((await revoke()).statusCode).toBe(200);
    expect((await revoke()).statusCode).toBe(409);
    expect((await decide(t, 'reviewer', granted.applicationId, 'provider_review')).statusCode).toBe(409);
  });

  it('only the provider or the operator revokes; the consumer cannot', async () => {
    const grant = (await t.request({ method: 'GET', url: '/api/sharing/grants', as: 'mz_officer' })).json().find((g: { status: string; consumer: { name: string } }) => g.status === 'active' && g.consumer.name === '龙南市民政局');
    expect((await t.request({ method: 'POST', url: `/api/sharing/grants/${grant.id}/revoke`, as: 'mz_officer', body: { reason: '自己撤销' } })).statusCode).toBe(403);
    // Destruction cannot be confirmed while the grant is in force.
    expect((await t.request({ method: 'POST', url: `/api/sharing/grants/${grant.id}/confirm-destruction`, as: 'mz_officer', body: { note: '已销毁' } })).statusCode).toBe(409);
    const byOperator = await t.request({ method: 'POST', url: `/api/sharing/grants/${grant.id}/revoke`, as: 'reviewer', body: { reason: '平台依规收回' } });
    expect(byOperator.json().status).toBe('revoked');
  });

  it('the stamped letter must be a PDF within the size limit, and is required before submitting', async () => {
    const entry = await entryByName(t, '居民身份证签发信息');
    const draft = (await t.request({ method: 'POST', url: '/api/sharing/applications', as: 'jt_officer', body: applicationBody(entry, await systemOf(t, 'jt_officer'), { itemCodes: ['xm'] }) })).json();
    const noLetter = await t.request({ method: 'POST', url: `/api/sharing/applications/${draft.id}/submit`, as: 'jt_officer' });
    expect(noLetter.statusCode).toBe(400);
    expect(noLetter.json().error).toMatchObject({ code: 'LETTER_REQUIRED', details: [{ field: 'letter' }] });

    const files = await countRows(t.database.db, 'stored_file');
    const notPdf = await uploadLetter(t, 'jt_officer', draft.id, Buffer.from('PK\u0003\u0004 this is a zip, not a pdf'), '申请函.pdf');
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().error).toMatchObject({ code: 'LETTER_NOT_PDF', details: [{ field: 'letter' }] });
    expect(notPdf.json().error.message).toMatch(/PDF/);
    expect(await countRows(t.database.db, 'stored_file')).toBe(files);

    const small = await namedTestApp({ config: { letterLimitBytes: 2048 } }, { entries: ['居民身份证签发信息'] });
    try {
      const entry2 = await entryByName(small, '居民身份证签发信息');
      const draft2 = (await small.request({ method: 'POST', url: '/api/sharing/applications', as: 'jt_officer', body: applicationBody(entry2, await systemOf(small, 'jt_officer'), { itemCodes: ['xm'] }) })).json();
      const big = Buffer.concat([demoLetterPdf('x'), Buffer.alloc(4096, 0x20)]);
      const tooBig = await uploadLetter(small, 'jt_officer', draft2.id, big);
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().error.message).toMatch(/MB/);
    } finally {
      await small.close();
    }
  });

  it('checks the application against the catalog and the applicant’s systems, naming each field', async () => {
    const entry = await entryByName(t, '常住人口基本信息');
    const system = await systemOf(t, 'jy_officer');
    const otherSystem = await systemOf(t, 'mz_officer');
    const applications = await countRows(t.database.db, 'share_application');
    const post = (body: Record<string, unknown>, as = 'jy_officer') => t.request({ method: 'POST', url: '/api/sharing/applications', as, body: applicationBody(entry, system, body) });
    const fields = async (body: Record<string, unknown>, as?: string) => {
      const response = await post(body, as);
      expect(response.statusCode, response.body).toBe(400);
      return response.json().error.details.map((d: { field: string }) => d.field);
    };
    expect(await fields({ itemCodes: ['xm', 'nope'] })).toContain('itemCodes[1]');
    expect(await fields({ shareMode: 'download' })).toContain('shareMode');
    expect(await fields({ systemId: otherSystem })).toContain('systemId');
    expect(await fields({ periodStart: '2026-10-01' })).toContain('periodStart');
    expect(await fields({ periodEnd: '2026-11-01' })).toContain('periodEnd');
    expect(await fields({ contactPhone: '12345' })).toContain('contactPhone');
    const own = await t.request({ method: 'POST', url: '/api/sharing/applications', as: 'ga_officer', body: applicationBody(entry, await systemOf(t, 'ga_officer')) });
    expect(own.json().error.details[0].field).toBe('entryId');
    const notShared = await entryByName(t, '在逃人员比对名单');
    const coordination = await t.request({ method: 'POST', url: '/api/sharing/applications', as: 'jy_officer', body: applicationBody(notShared, system, { itemCodes: ['xm'], shareMode: 'page_query' }) });
    expect(coordination.statusCode).toBe(201);
    expect(coordination.json().flow).toBe('coordination');
    expect(await countRows(t.database.db, 'share_application')).toBe(applications + 1);
  });
});
