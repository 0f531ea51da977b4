import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationMessages } from '../../src/modules/notifications/index.ts';
import { toErrorResponse } from '../../src/platform/http/error-handler.ts';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Errors and inbox messages carry a catalog code and parameters (ADR 0017); the server words
 * them for the language the request names: the console's `X-Huitong-Language`, else
 * `Accept-Language`, else Chinese with the English after it.
 */
describe('message codes', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  it('words a not-found answer for the language the request asks for', async () => {
    const id = crypto.randomUUID();
    const get = (headers: Record<string, string>) => t.request({ method: 'GET', url: `/api/sharing/applications/${id}`, as: city.rs.officer.username, headers });

    const english = await get({ 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.statusCode).toBe(404);
    expect(english.json().error).toEqual({ code: 'NOT_FOUND', message: `application ${id} not found`, params: { what: { zh: '共享申请', en: 'application' }, id } });

    const chinese = (await get({ 'accept-language': 'zh-CN' })).json().error;
    expect(chinese.message).toBe(`共享申请 ${id} 不存在`);

    // The console's own choice wins over the browser's language.
    expect((await get({ 'accept-language': 'zh-CN', 'x-huitong-language': 'en' })).json().error.message).toBe(`application ${id} not found`);
    expect((await get({ 'accept-language': 'en', 'x-huitong-language': 'zh-CN' })).json().error.message).toBe(`共享申请 ${id} 不存在`);

    // Naming no language (or only others) keeps the bilingual text API clients have always had.
    for (const headers of [{}, { 'accept-language': '*' }, { 'accept-language': 'fr-FR, de;q=0.5' }] as Array<Record<string, string>>) {
      expect((await get(headers)).json().error.message).toBe(`共享申请 ${id} 不存在 (application ${id} not found)`);
    }
  });

  it('gives schema rejections a code and params per detail, rendered per language', async () => {
    const q = '户'.repeat(101);
    const search = (language?: string) =>
      t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent(q)}`, as: city.rs.officer.username, headers: language ? { 'x-huitong-language': language } : {} });

    const english = await search('en');
    expect(english.statusCode).toBe(400);
    const error = english.json().error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ field: 'query.q', code: 'FIELD_TOO_LONG', params: { field: 'query.q', limit: 100 }, message: 'query.q is too long: at most 100 characters' }]);
    expect(error.message).toBe('query.q is too long: at most 100 characters');

    expect((await search('zh-CN')).json().error.details[0].message).toBe('query.q 长度不能超过 100 个字符');
    expect((await search()).json().error.details[0].message).toBe('query.q 长度不能超过 100 个字符 (query.q is too long: at most 100 characters)');

    const unknown = await t.request({ method: 'POST', url: '/api/notifications/read', as: city.rs.officer.username, headers: { 'x-huitong-language': 'en' }, body: { all: true, extra: 1 } });
    expect(unknown.json().error.details).toEqual([{ field: 'extra', code: 'UNKNOWN_FIELD', params: { field: 'extra' }, message: 'extra is an unknown field' }]);
  });

  it('renders an unknown route and an invalid transition from their codes', async () => {
    const route = await t.request({ method: 'GET', url: '/api/no-such-thing', headers: { 'accept-language': 'en' } });
    expect(route.statusCode).toBe(404);
    expect(route.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'GET /api/no-such-thing not found', params: { what: 'GET /api/no-such-thing' } });

    // A demand answered twice: the second answer meets a closed demand.
    const created = await t.request({ method: 'POST', url: '/api/sharing/demands', as: city.rs.officer.username, body: { providerDepartmentId: city.sj.id, title: '企业登记信息', description: '企业登记基本信息', purpose: '就业补贴核验' } });
    expect(created.statusCode, created.body).toBe(201);
    const answer = () => t.request({ method: 'POST', url: `/api/sharing/demands/${created.json().id}/answer`, as: city.sj.officer.username, headers: { 'x-huitong-language': 'en' }, body: { decision: 'decline', answer: '暂无此数据' } });
    expect((await answer()).statusCode).toBe(200);
    const again = await answer();
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'INVALID_TRANSITION', params: { action: 'answer' }, message: expect.stringMatching(/^The action answer is an invalid transition from the state \w+$/) });
  });

  it('maps a unique-key violation of the database driver to 409 DUPLICATE naming the field', async () => {
    const uscc = factories(t).randomUscc();
    const insert = () => t.database.db.insertInto('department').values({ name: `重复测试${crypto.randomUUID().slice(0, 8)}`, kind: 'government', level: 'county', uscc, created_at: new Date() } as never).execute();
    await insert();
    const thrown = await insert().then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(thrown).not.toBeNull();
    const response = toErrorResponse(thrown!, 'req-1', 'en');
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'DUPLICATE',
      message: 'A record with the same uscc already exists',
      params: { field: 'uscc' },
      details: [{ field: 'uscc', code: 'DUPLICATE', params: { field: 'uscc' }, message: 'A record with the same uscc already exists' }],
    });
    expect(toErrorResponse(thrown!, 'req-2', 'zh-CN').body.error.message).toBe('uscc 已存在相同的记录,不能重复');
  });

  it('stores inbox messages with code and params and renders them in the reader’s language; older text rows stay as they are', async () => {
    const reader = city.rs.officer;
    const notifications = t.app.modules.notifications.service;
    await t.database.db.transaction().execute(async (trx) => {
      await notifications.notifyUsers(trx, [reader.id], { kind: 'legacy.notice', title: '旧通知', body: '旧的中文正文' });
      await notifications.notifyUsers(
        trx,
        [reader.id],
        notificationMessages.applicationRefused({ applicationId: crypto.randomUUID(), number: 'SQ-2026-0042', step: 'provider_review', comment: '用途不明确', legalBasis: '龙南办法第十五条' }),
      );
    });
    const inbox = async (headers: Record<string, string>) => (await t.request({ method: 'GET', url: '/api/notifications', as: reader.username, headers })).json().items as Array<Record<string, unknown>>;

    const [coded, legacy] = await inbox({ 'x-huitong-language': 'en' });
    expect(coded).toMatchObject({
      kind: 'application.decided',
      code: 'APPLICATION_REFUSED',
      params: { number: 'SQ-2026-0042', step: { zh: '提供部门审核', en: 'provider review' }, comment: '用途不明确' },
      title: 'Application SQ-2026-0042 refused',
      body: 'Refused at provider review: 用途不明确 (basis: 龙南办法第十五条)',
    });
    expect(legacy).toMatchObject({ kind: 'legacy.notice', code: null, params: null, title: '旧通知', body: '旧的中文正文' });

    // Without a language the stored Chinese text is what a reader gets, as before.
    const [chinese] = await inbox({});
    expect(chinese).toMatchObject({ title: '共享申请 SQ-2026-0042 未获同意', body: '提供部门审核未同意: 用途不明确(依据: 龙南办法第十五条)' });
    const stored = await t.database.db.selectFrom('notification').select(['title', 'code']).where('user_id', '=', reader.id).where('code', '=', 'APPLICATION_REFUSED').executeTakeFirstOrThrow();
    expect(stored.title).toBe('共享申请 SQ-2026-0042 未获同意');
  });

  it('sends the provider’s refusal as a code: the applicant reads it in English or Chinese', async () => {
    const f = factories(t);
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    const application = await f.applicationIn('provider_review', { applicant: city.rs, provider: city.sj, entry });
    const refused = await t.request({
      method: 'POST',
      url: `/api/sharing/applications/${application.id}/steps/provider_review/decision`,
      as: city.sj.reviewer.username,
      body: { decision: 'reject', comment: '用途与申请事项不符', legalBasis: '《中华人民共和国个人信息保护法》第三十四条' },
    });
    expect(refused.statusCode, refused.body).toBe(200);

    const refusal = async (language: string) => {
      const items = (await t.request({ method: 'GET', url: '/api/notifications?limit=200', as: city.rs.officer.username, headers: { 'x-huitong-language': language } })).json().items as Array<Record<string, unknown>>;
      const found = items.filter((n) => n.kind === 'application.decided' && n.link === `/sharing/applications/${application.id}`);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    expect(await refusal('en')).toMatchObject({
      code: 'APPLICATION_REFUSED',
      params: { number: application.number, step: { zh: '提供部门审核', en: 'provider review' }, comment: '用途与申请事项不符' },
      title: `Application ${application.number} refused`,
      body: 'Refused at provider review: 用途与申请事项不符 (basis: 《中华人民共和国个人信息保护法》第三十四条)',
    });
    expect(await refusal('zh-CN')).toMatchObject({
      code: 'APPLICATION_REFUSED',
      title: `共享申请 ${application.number} 未获同意`,
      body: '提供部门审核未同意: 用途与申请事项不符(依据: 《中华人民共和国个人信息保护法》第三十四条)',
    });
  });
});
