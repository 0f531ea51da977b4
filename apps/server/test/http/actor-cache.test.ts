import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, TEST_PASSWORD, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

/**
 * Resolved actors are cached (platform/auth/actor-cache.ts, ADR 0015): an authenticated request
 * reads nothing to learn who is calling, and every change to an identity made through the
 * platform takes effect on the very next request.
 */
describe('actor cache', () => {
  let t: TestApp;
  let city: TestCity;
  let statements = 0;
  const counting: KyselyPlugin = {
    transformQuery(args) {
      statements++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };

  beforeAll(async () => {
    const database = await createTestDatabase();
    t = await createTestApp({ database: { ...database, db: database.db.withPlugin(counting) } });
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  const healthz = (token: string) => t.app.server.inject({ method: 'GET', url: '/healthz', headers: { authorization: `Bearer ${token}` } });
  const me = (token: string) => t.app.server.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('reads the session, user and roles once, then answers from the cache', async () => {
    const token = await t.tokenFor(city.sj.officer.username);
    statements = 0;
    expect((await healthz(token)).statusCode).toBe(200);
    const first = statements;
    expect(first).toBeGreaterThanOrEqual(3);
    statements = 0;
    for (let i = 0; i < 5; i++) expect((await healthz(token)).statusCode).toBe(200);
    expect(statements).toBe(0);
  });

  it('a deactivated user is refused on the next request', async () => {
    const user = await factories(t).user({ departmentId: city.sj.id, roles: ['data_officer'] });
    const token = await t.tokenFor(user.username);
    expect((await me(token)).statusCode).toBe(200);
    const off = await t.request({ method: 'PATCH', url: `/api/users/${user.id}`, as: city.sj.admin.username, body: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await me(token)).statusCode).toBe(401);
  });

  it('a changed role changes what the next request may do', async () => {
    const user = await factories(t).user({ departmentId: city.sj.id, roles: ['data_officer', 'dept_leader'] });
    const token = await t.tokenFor(user.username);
    const before = (await me(token)).json().operations as string[];
    const changed = await t.request({ method: 'PATCH', url: `/api/users/${user.id}`, as: city.sj.admin.username, body: { roles: ['data_officer'] } });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = (await me(token)).json().operations as string[];
    const lost = before.filter((operation) => !after.includes(operation));
    expect(lost.length).toBeGreaterThan(0);
  });

  it('a signed-out session and a disabled system are refused on the next request', async () => {
    const user = await factories(t).user({ departmentId: city.sj.id, roles: ['data_officer'] });
    const login = await t.app.server.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await t.app.server.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await t.app.server.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-requested-with': 'test' } });
    expect(out.statusCode, out.body).toBe(200);
    expect((await t.app.server.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);

    const issued = await t.app.server.inject({
      method: 'POST',
      url: '/api/oauth/token',
      payload: `grant_type=client_credentials&client_id=${city.sj.clientId}&client_secret=${encodeURIComponent(city.sj.clientSecret)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const systemToken = issued.json().access_token as string;
    const systemCall = () => t.app.server.inject({ method: 'GET', url: '/api/catalog/entries', headers: { authorization: `Bearer ${systemToken}` } });
    expect((await systemCall()).statusCode).toBe(200);
    const disabled = await t.request({ method: 'POST', url: `/api/systems/${city.sj.systemId}/disable`, as: city.sj.admin.username });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect((await systemCall()).statusCode).toBe(401);
  });

  it('each request from a cached caller writes its own failure record', async () => {
    const token = await t.tokenFor(city.rs.officer.username);
    const requestIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const denied = await t.app.server.inject({ method: 'POST', url: '/api/systems', headers: { authorization: `Bearer ${token}` }, payload: { departmentId: city.sj.id, name: '越权登记' } });
      expect(denied.statusCode).toBe(403);
      requestIds.push(denied.json().requestId);
    }
    const records = await t.database.db.selectFrom('audit_log').select('request_id').where('request_id', 'in', requestIds).execute();
    expect(records.map((r) => r.request_id).sort()).toEqual([...requestIds].sort());
  });
});
