import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/platform/auth/actor.ts';
import { factories, TEST_PASSWORD, type TestDepartment } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** A password change or reset ends every other session and API token of the user. */
describe('password change ends the other sessions', () => {
  let t: TestApp;
  let dept: TestDepartment;
  const NEW_PASSWORD = 'Another-Pass-2026';
  beforeAll(async () => {
    t = await createTestApp();
    const city = await factories(t).city();
    dept = city.sj;
  });
  afterAll(() => t.close());

  const me = (headers: Record<string, string>) => t.app.server.inject({ method: 'GET', url: '/api/auth/me', headers });
  async function consoleSession(username: string, password = TEST_PASSWORD): Promise<Record<string, string>> {
    const response = await t.app.server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'huitong_session')!;
    return { cookie: `${cookie.name}=${cookie.value}`, 'x-requested-with': 'XMLHttpRequest' };
  }
  async function bearer(username: string, password = TEST_PASSWORD): Promise<Record<string, string>> {
    const response = await t.app.server.inject({ method: 'POST', url: '/api/auth/tokens', payload: { username, password } });
    expect(response.statusCode, response.body).toBe(200);
    return { authorization: `Bearer ${response.json().token}` };
  }

  it('changing the password in one session answers 401 in the others and keeps the current one', async () => {
    const user = await dept.user('data_officer');
    const [browser, other, script] = [await consoleSession(user.username), await consoleSession(user.username), await bearer(user.username)];
    for (const headers of [browser, other, script]) expect((await me(headers)).statusCode).toBe(200);
    const change = await t.app.server.inject({ method: 'POST', url: '/api/auth/password', headers: browser, payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(change.statusCode, change.body).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(script)).statusCode).toBe(401);
    expect((await me(browser)).statusCode).toBe(200);
    // The new password works; other users' sessions are untouched.
    expect((await me(await bearer(user.username, NEW_PASSWORD))).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', as: dept.leader.username })).statusCode).toBe(200);
  });

  it('a change made with an API token keeps that token and ends the console sessions', async () => {
    const user = await dept.user('dept_leader');
    const [browser, script] = [await consoleSession(user.username), await bearer(user.username)];
    const change = await t.app.server.inject({ method: 'POST', url: '/api/auth/password', headers: script, payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(change.statusCode, change.body).toBe(200);
    expect((await me(browser)).statusCode).toBe(401);
    expect((await me(script)).statusCode).toBe(200);
  });

  it('a reset on the server ends every session of the user', async () => {
    const user = await dept.user('provider_reviewer');
    const [browser, script] = [await consoleSession(user.username), await bearer(user.username)];
    const result = await t.app.modules.auth.service.resetPassword(cliActor('test'), user.username, NEW_PASSWORD);
    expect(result.sessionsRevoked).toBe(2);
    expect((await me(browser)).statusCode).toBe(401);
    expect((await me(script)).statusCode).toBe(401);
    expect((await me(await bearer(user.username, NEW_PASSWORD))).statusCode).toBe(200);
  });
});
