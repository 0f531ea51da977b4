import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * NUL characters and lone surrogates anywhere in a body, query or path, and numbers out of range,
 * answer 400 naming the field; they used to reach PostgreSQL and come back as 500s.
 */
describe('input hygiene', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  const LONE = '\ud800';
  /** JSON.stringify writes a lone surrogate as the escape `\ud800`, exactly what a client can send. */
  async function post(url: string, body: unknown, as?: string, method: 'POST' | 'PUT' | 'PATCH' = 'POST') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    return t.request({ method, url, ...(as && { as }), headers, payload: JSON.stringify(body) });
  }
  function expectRejected(response: { statusCode: number; body: string }, field: string, code = 'INVALID_CHARACTERS') {
    expect(response.statusCode, response.body).toBe(400);
    const error = JSON.parse(response.body).error;
    expect(error.code).toBe(code);
    expect(error.details[0].field).toBe(field);
    expect(error.message).toContain(field);
  }

  it('login and token endpoints refuse NUL and lone surrogates', async () => {
    expectRejected(await post('/api/auth/login', { username: 'adm\u0000in', password: 'x' }), 'username');
    expectRejected(await post('/api/auth/login', { username: 'admin', password: `pa${LONE}ss` }), 'password');
    expectRejected(await post('/api/auth/tokens', { username: city.sj.officer.username, password: '\u0000' }), 'password');
    expectRejected(await post('/api/oauth/token', { grant_type: 'client_credentials', client_id: city.sj.clientId, client_secret: `\udc00${city.sj.clientSecret}` }), 'client_secret');
    const form = await t.request({
      method: 'POST',
      url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${city.sj.clientId}%00&client_secret=x`,
    });
    expectRejected(form, 'client_id');
  });

  it('body endpoints refuse them in nested fields and in keys, and the failed attempt is audited', async () => {
    const officer = city.sj.officer.username;
    expectRejected(await post('/api/catalog/entries', { content: { name: 'a\u0000' } }, officer), 'content.name');
    expectRejected(await post('/api/sharing/demands', { title: `x${LONE}` }, officer), 'title');
    expectRejected(await post(`/api/users/${city.sj.officer.id}`, { name: '\u0000' }, city.operator.admin.username, 'PATCH'), 'name');
    expectRejected(await post('/api/catalog/maintenance/triggers', { ['bad\u0000key']: 1 }, officer), 'bad\\u0000key');
    expectRejected(await post('/api/departments', { parentId: city.root.id, name: 'n', extra: [{ deep: [`\udfff`] }] }, city.operator.admin.username), 'extra[0].deep[0]', 'INVALID_CHARACTERS');
    const audited = await t.database.db.selectFrom('audit_log').select('details').where('operation', '=', 'org:department:create').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    expect(JSON.stringify(audited?.details)).toContain('INVALID_CHARACTERS');
  });

  it('query parameters and path parameters are checked too', async () => {
    const as = city.sj.officer.username;
    expectRejected(await t.request({ method: 'GET', url: '/api/catalog/entries?q=%00', as }), 'query.q');
    expectRejected(await t.request({ method: 'GET', url: '/api/users?search=ab%00', as: city.sj.admin.username }), 'query.search');
    // A URL cannot carry a lone surrogate: invalid UTF-8 such as %ED%A0%80 stays undecoded text.
    expectRejected(await t.request({ method: 'GET', url: '/api/sharing/delegation-candidates?q=x%00', as }), 'query.q');
    expectRejected(await t.request({ method: 'GET', url: '/api/catalog/entries/%00', as }), 'params.id');
    expectRejected(await t.request({ method: 'GET', url: '/api/calendar/check?date=2026-01-01%00', as }), 'query.date');
  });

  it('numbers are bounded: a huge id is a 400 naming it, not a database error', async () => {
    const as = city.sj.officer.username;
    const read = await post('/api/notifications/read', { ids: [1e30] }, as);
    expect(read.statusCode, read.body).toBe(400);
    expect(read.json().error.details[0].field).toBe('ids[0]');
    const page = await t.request({ method: 'GET', url: '/api/catalog/entries?page=1e30', as });
    expect(page.statusCode, page.body).toBe(400);
    expect(page.json().error.details[0].field).toBe('query.page');
    const infinite = await t.request({ method: 'POST', url: '/api/notifications/read', as, headers: { 'content-type': 'application/json' }, payload: '{"ids":[1e400]}' });
    expect(infinite.statusCode, infinite.body).toBe(400);
  });

  it('deeply nested bodies stop at a fixed depth', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const response = await t.request({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: `{"username":${deep}}` });
    expectRejected(response, `username${'[0]'.repeat(31)}`, 'VALIDATION_FAILED');
  });

  it('ordinary text, including characters outside the BMP, is accepted', async () => {
    const response = await post('/api/sharing/demands', { title: '𠀀 需求 😀' }, city.sj.officer.username);
    expect(response.statusCode).not.toBe(500);
    expect(response.json().error?.code).not.toBe('INVALID_CHARACTERS');
  });
});
