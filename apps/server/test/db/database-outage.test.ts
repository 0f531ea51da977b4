import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/platform/db/database-errors.ts';
import { factories, TEST_PASSWORD, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createPostgresTestDatabase, runsOnPostgres, TEST_DATABASE_URL } from '../helpers/test-db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

/**
 * PostgreSQL goes away under a running server: sessions ended by the server (what `pg_ctl -m fast
 * stop` does), the connection cut, the database frozen. Always on a real PostgreSQL, reached
 * through a TCP proxy this test breaks and mends; the app never restarts.
 */
const TIMEOUTS = { connectMs: 1_000, statementMs: 1_500, idleInTransactionMs: 5_000 };
const APPLICATION_NAME = `huitong-outage-${process.pid}`;

/**
 * `npm test` needs nothing but Node, so on the embedded-database run this test only runs when
 * PostgreSQL is there (it is in CI). `npm run test:pg` always runs it and fails without PostgreSQL.
 */
const runs = await runsOnPostgres('database-outage.test.ts');

describe.runIf(runs)('database outage on PostgreSQL', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let city: TestCity;
  let baseUrl: string;
  // A scraper's token: /metrics is not public (it names routes and error rates).
  const METRICS_TOKEN = 'outage-test-scraper';
  const connectionErrors: Error[] = [];

  beforeAll(async () => {
    const direct = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.searchParams.set('application_name', APPLICATION_NAME);
    const database = await createPostgresTestDatabase({ databaseUrl: viaProxy.toString(), timeouts: TIMEOUTS, onConnectionError: (e) => connectionErrors.push(e) });
    t = await createTestApp({ database, config: { readinessTimeoutMs: 500, metricsToken: METRICS_TOKEN } });
    city = await factories(t).city();
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await proxy?.restore();
    await t?.close();
    await proxy?.close();
  });

  /** Real HTTP with a generous client-side limit, so a hang fails the test instead of stalling it. */
  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; ms: number; headers: Headers }> {
    const started = performance.now();
    const response = await fetch(baseUrl + path, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, ms: performance.now() - started, headers: response.headers };
  }
  const token = () => t.tokenFor(city.sj.officer.username);
  const me = async () => call('/api/auth/me', { headers: { authorization: `Bearer ${await token()}` } });

  async function expectServing() {
    const deadline = Date.now() + 10_000;
    let ready = await call('/readyz');
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await call('/readyz');
    }
    expect(ready.status, JSON.stringify(ready.body)).toBe(200);
    const answer = await me();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.user.username).toBe(city.sj.officer.username);
  }

  async function expectUnavailable() {
    const ready = await call('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1_000);

    // Connect timeout (1 s) or read timeout (statement timeout + 1 s), whichever applies, plus slack.
    const answer = await me();
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(answer.body.error.message).toMatch(/数据库暂时不可用.*unavailable/);
    expect(answer.ms).toBeLessThan(5_000);
    expect(answer.headers.get('retry-after')).toBe('5');

    const login = await call('/api/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: city.sj.officer.username, password: TEST_PASSWORD }),
    });
    expect(login.status, JSON.stringify(login.body)).toBe(503);
    expect(login.body.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(login.ms).toBeLessThan(5_000);

    // The process itself keeps answering, and so do its metrics.
    expect((await call('/healthz')).status).toBe(200);
    const metrics = await fetch(baseUrl + '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(15_000) });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/huitong_audit_records \d+/);
  }

  it('keeps running when PostgreSQL ends every session, idle or busy (as a fast shutdown does)', async () => {
    await expectServing();
    await Promise.all([me(), me(), me()]); // a few idle clients in the pool
    const busy = sql`select pg_sleep(1)`.execute(t.database.db).then(
      () => null,
      (error: unknown) => error,
    );
    await new Promise((r) => setTimeout(r, 200));
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1', [APPLICATION_NAME]);
      expect(rows.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    // The running statement fails with 57P01, which the platform reads as "database unavailable".
    const error = await busy;
    expect(error).toBeTruthy();
    expect(isDatabaseUnavailable(error)).toBe(true);
    // Idle clients' errors reached the pool's handler (logged) instead of ending the process.
    const deadline = Date.now() + 5_000;
    while (connectionErrors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(connectionErrors.length).toBeGreaterThan(0);
    await expectServing();
  });

  it('answers 503 quickly while the connection is cut, and serves again once it is back', async () => {
    await expectServing();
    await proxy.cut();
    await expectUnavailable();
    await expectUnavailable(); // still bounded on a second round (nothing piles up)
    await proxy.restore();
    await expectServing();
  });

  it('answers 503 quickly while the database is frozen, and serves again once it thaws', async () => {
    await expectServing();
    proxy.freeze();
    await expectUnavailable();
    await expectUnavailable();
    await proxy.restore();
    await expectServing();
  });
});
