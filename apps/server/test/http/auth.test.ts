import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { namedTestApp } from '../helpers/named-city.ts';

function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : String(header);
  return value.split(';')[0]!;
}

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await namedTestApp();
  });
  afterAll(() => t.close());

  it('logs in to the console with an httpOnly session cookie and serves /me', async () => {
    const login = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'ga_officer', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/huitong_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(login.json()).toMatchObject({ user: { username: 'ga_officer', roles: ['data_officer'] }, organisationName: '龙南市公安局', operatorMember: false, policy: { id: 'longnan' } });
    expect(login.json().operations).toContain('catalog:entry:create');
    expect(login.json().operations).not.toContain('catalog:entry:review');
    const me = await t.request({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookieOf(login) } });
    expect(me.json().user.name).toBe('陈静');
  });

  it('refuses cookie-authenticated writes without X-Requested-With (CSRF)', async () => {
    const login = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'ga_officer', password: DEMO_PASSWORD } });
    const cookie = cookieOf(login);
    const without = await t.request({ method: 'POST', url: '/api/auth/password', headers: { cookie }, body: { currentPassword: 'x', newPassword: 'Another-Pass-2026' } });
    expect(without.statusCode).toBe(403);
    const withHeader = await t.request({ method: 'POST', url: '/api/auth/password', headers: { cookie, 'x-requested-with': 'huitong' }, body: { currentPassword: 'wrong-password', newPassword: 'Another-Pass-2026' } });
    expect(withHeader.statusCode).toBe(400);
    expect(withHeader.json().error.details[0].field).toBe('currentPassword');
  });

  it('a console cookie is not a bearer token and an API token is not a cookie', async () => {
    const login = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'ga_officer', password: DEMO_PASSWORD } });
    const token = cookieOf(login).split('=')[1]!;
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const api = await t.tokenFor('ga_officer');
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: { cookie: `huitong_session=${api}` } })).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown user alike, and records both attempts', async () => {
    const wrong = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'sj_officer', password: 'nope' } });
    const unknown = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'nobody_here', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const records = await t.database.db.selectFrom('audit_log').select(['operation', 'outcome', 'details']).where('request_id', 'in', [wrong.json().requestId, unknown.json().requestId]).execute();
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.operation === 'auth:login' && r.outcome === 'failure')).toBe(true);
  });

  it('locks an account after five failures in fifteen minutes, even for the right password, until it expires or is unlocked', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'rs_officer', password: 'wrong-password' } });
      expect(response.statusCode).toBe(401);
    }
    const locked = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'rs_officer', password: DEMO_PASSWORD } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    // The lock runs fifteen minutes from the fifth failure; the console reads retryAt, people the
    // message in Beijing time, HTTP clients Retry-After.
    const lockedUntil = new Date(t.clock.now().getTime() + 15 * 60_000);
    expect(locked.json().error.retryAt).toBe(lockedUntil.toISOString());
    expect(locked.headers['retry-after']).toBe(String(15 * 60));
    const beijing = new Date(lockedUntil.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(locked.json().error.message).toContain(`请于 ${beijing}（北京时间）后重试`);
    const lockout = await t.database.db.selectFrom('audit_log').select('outcome').where('request_id', '=', locked.json().requestId).executeTakeFirstOrThrow();
    expect(lockout.outcome).toBe('denied');

    t.clock.advance(16 * 60_000);
    const later = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'rs_officer', password: DEMO_PASSWORD } });
    expect(later.statusCode).toBe(200);
  });

  it('lets a department admin unlock a locked account of the department', async () => {
    for (let i = 0; i < 5; i++) await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'ga_leader', password: 'wrong-password' } });
    expect((await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'ga_leader', password: DEMO_PASSWORD } })).statusCode).toBe(423);
    const user = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'ga_leader').executeTakeFirstOrThrow();
    // Another department's admin is refused without learning the account exists: 404, as for reading it.
    expect((await t.request({ method: 'POST', url: `/api/users/${user.id}/unlock`, as: 'sj_admin' })).statusCode).toBe(404);
    const unlocked = await t.request({ method: 'POST', url: `/api/users/${user.id}/unlock`, as: 'ga_admin' });
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'ga_leader', password: DEMO_PASSWORD } })).statusCode).toBe(200);
  });

  it('honours a configured lockout threshold', async () => {
    const strict = await namedTestApp({ config: { loginMaxFailures: 2 } });
    try {
      for (let i = 0; i < 2; i++) await strict.request({ method: 'POST', url: '/api/auth/login', body: { username: 'wj_officer', password: 'wrong' } });
      expect((await strict.request({ method: 'POST', url: '/api/auth/login', body: { username: 'wj_officer', password: DEMO_PASSWORD } })).statusCode).toBe(423);
    } finally {
      await strict.close();
    }
  });

  it('logs out: the token stops working at once', async () => {
    const token = (await t.request({ method: 'POST', url: '/api/auth/tokens', body: { username: 'mz_officer', password: DEMO_PASSWORD } })).json().token;
    const headers = { authorization: `Bearer ${token}` };
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(200);
    expect((await t.request({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it('a revoked session stays revoked for the test harness too (no silent re-login on 401)', async () => {
    expect((await t.request({ method: 'GET', url: '/api/auth/me', as: 'zr_officer' })).statusCode).toBe(200);
    const token = await t.tokenFor('zr_officer');
    expect((await t.request({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', as: 'zr_officer' })).statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const token = (await t.request({ method: 'POST', url: '/api/auth/tokens', body: { username: 'jt_officer', password: DEMO_PASSWORD } })).json().token;
    t.clock.advance(t.config.sessionTtlMinutes * 60_000 + 1000);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('application systems get OAuth2 client-credentials tokens; rotation and disabling cut them off', async () => {
    const created = await t.request({ method: 'POST', url: '/api/systems', as: 'ga_admin', body: { departmentId: (await t.request({ method: 'GET', url: '/api/auth/me', as: 'ga_admin' })).json().organisationId, name: '公安人口核验系统' } });
    expect(created.statusCode, created.body).toBe(201);
    const { system, clientSecret } = created.json();
    expect(clientSecret.length).toBeGreaterThan(30);
    const stored = await t.database.db.selectFrom('application_system').select('secret_hash').where('id', '=', system.id).executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toContain(clientSecret);
    const listed = (await t.request({ method: 'GET', url: '/api/systems', as: 'ga_admin' })).json();
    expect(JSON.stringify(listed)).not.toContain(clientSecret);

    const form = `grant_type=client_credentials&client_id=${system.clientId}&client_secret=${encodeURIComponent(clientSecret)}`;
    const tokenResponse = await t.request({ method: 'POST', url: '/api/oauth/token', payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(tokenResponse.statusCode, tokenResponse.body).toBe(200);
    const accessToken = tokenResponse.json().access_token;
    expect(tokenResponse.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const catalog = await t.request({ method: 'GET', url: '/api/catalog/entries?pageSize=1', headers: { authorization: `Bearer ${accessToken}` } });
    expect(catalog.statusCode).toBe(200);

    const wrongSecret = await t.request({ method: 'POST', url: '/api/oauth/token', body: { grant_type: 'client_credentials', client_id: system.clientId, client_secret: 'wrong' } });
    expect(wrongSecret.statusCode).toBe(401);

    const rotated = (await t.request({ method: 'POST', url: `/api/systems/${system.id}/rotate-secret`, as: 'ga_admin' })).json();
    expect(rotated.clientSecret).not.toBe(clientSecret);
    expect((await t.request({ method: 'GET', url: '/api/catalog/entries?pageSize=1', headers: { authorization: `Bearer ${accessToken}` } })).statusCode).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/oauth/token', body: { grant_type: 'client_credentials', client_id: system.clientId, client_secret: clientSecret } })).statusCode).toBe(401);

    const fresh = (await t.request({ method: 'POST', url: '/api/oauth/token', body: { grant_type: 'client_credentials', client_id: system.clientId, client_secret: rotated.clientSecret } })).json().access_token;
    await t.request({ method: 'POST', url: `/api/systems/${system.id}/disable`, as: 'ga_admin' });
    expect((await t.request({ method: 'GET', url: '/api/catalog/entries?pageSize=1', headers: { authorization: `Bearer ${fresh}` } })).statusCode).toBe(401);
    // Another department's system does not exist for its admin (it is not in their list either).
    expect((await t.request({ method: 'POST', url: `/api/systems/${system.id}/rotate-secret`, as: 'sj_admin' })).statusCode).toBe(404);
  });
});
