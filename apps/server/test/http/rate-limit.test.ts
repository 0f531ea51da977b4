import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { factories, TEST_PASSWORD, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';

function login(t: TestApp, username: string, password: string, address = '10.1.0.1', url = '/api/auth/login'): Promise<LightMyRequestResponse> {
  return t.app.server.inject({ method: 'POST', url, remoteAddress: address, payload: { username, password } });
}

/** What a client sees, without the request id that differs on every answer. */
function visible(response: LightMyRequestResponse) {
  const body = response.json();
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !['x-request-id', 'date', 'content-length'].includes(name)));
  return { status: response.statusCode, error: body.error, headers };
}

async function auditCount(t: TestApp, address?: string): Promise<number> {
  let query = t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
  if (address) query = query.where('client_ip', '=', address);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('HTTP edge: lockout without enumeration', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    // A real scrypt cost, so the timing comparison below measures the password check.
    t = await createTestApp({ config: { passwordCost: 16384 } });
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  it('answers a real and an unknown name identically, failure by failure, into the lock', async () => {
    const real = city.sj.officer.username;
    const unknown = `ghost_${crypto.randomBytes(3).toString('hex')}`;
    for (let i = 1; i <= t.config.loginMaxFailures + 2; i++) {
      const a = await login(t, real, 'wrong-password-1', '10.2.0.1');
      const b = await login(t, unknown, 'wrong-password-1', '10.2.0.1');
      expect(visible(b), `attempt ${i}`).toEqual(visible(a));
      expect(a.statusCode).toBe(i <= t.config.loginMaxFailures ? 401 : 423);
    }
    // Locked: even the right password is refused, for both names alike, with retryAt.
    const a = await login(t, real, TEST_PASSWORD, '10.2.0.1');
    const b = await login(t, unknown, TEST_PASSWORD, '10.2.0.1');
    expect(a.statusCode).toBe(423);
    expect(a.json().error.retryAt).toBeTruthy();
    expect(a.headers['retry-after']).toBe(String(t.config.loginFailureWindowMinutes * 60));
    expect(visible(b)).toEqual(visible(a));
  });

  it('takes as long for an unknown name as for a real one', async () => {
    const time = async (username: string, address: string) => {
      const started = process.hrtime.bigint();
      await login(t, username, 'wrong-password-2', address);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      real.push(await time(city.rs.officer.username, `10.3.0.${i}`));
      unknown.push(await time(`nobody_${i}`, `10.3.1.${i}`));
    }
    const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    const ratio = median(unknown) / median(real);
    // Without the stand-in hash an unknown name would answer many times faster.
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  it('a lock from one address does not lock the account for the others', async () => {
    const admin = city.operator.admin.username;
    for (let i = 0; i < t.config.loginMaxFailures; i++) await login(t, admin, 'guess-guess-guess', '10.4.0.1');
    expect((await login(t, admin, TEST_PASSWORD, '10.4.0.1')).statusCode).toBe(423);
    const elsewhere = await login(t, admin, TEST_PASSWORD, '10.4.0.2');
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
  });
});

describe('HTTP edge: rate limits', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp({ config: { loginRateLimitPerAddress: 4, loginRateLimitPerAccount: 6, anonymousRateLimitPerAddress: 50 } });
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  it('limits login attempts per client address with 429, Retry-After and a bilingual message', async () => {
    const names = ['a_one', 'a_two', 'a_three', 'a_four'];
    for (const name of names) expect((await login(t, name, 'x', '10.5.0.1')).statusCode).toBe(401);
    const limited = await login(t, city.sj.officer.username, TEST_PASSWORD, '10.5.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.json().error.message).toMatch(/请求过于频繁.*too many requests/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(t.config.rateLimitWindowSeconds);
    // The personal-token and OAuth endpoints count against the same budget.
    expect((await login(t, city.sj.officer.username, TEST_PASSWORD, '10.5.0.1', '/api/auth/tokens')).statusCode).toBe(429);
    const oauth = await t.app.server.inject({ method: 'POST', url: '/api/oauth/token', remoteAddress: '10.5.0.1', payload: { grant_type: 'client_credentials', client_id: city.sj.clientId, client_secret: city.sj.clientSecret } });
    expect(oauth.statusCode).toBe(429);
    // Another address is not affected.
    expect((await login(t, city.sj.officer.username, TEST_PASSWORD, '10.5.0.2')).statusCode).toBe(200);
  });

  it('limits attempts per account across addresses, real and unknown names alike', async () => {
    for (const name of [city.rs.leader.username, 'nobody_at_all']) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await login(t, name, 'wrong', `10.6.${name.length}.${i}`)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    }
  });

  it('limits anonymous requests per address before answering 401', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 52; i++) statuses.push((await t.app.server.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.7.0.1' })).statusCode);
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(50)).toEqual([429, 429]);
    // Refused reads are not on the audit trail (they never were), floods of them neither.
    expect(await auditCount(t, '10.7.0.1')).toBe(0);
    // Signed-in requests from that address and probes are not counted as anonymous.
    const token = await t.tokenFor(city.sj.officer.username);
    expect((await t.app.server.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.7.0.1', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.7.0.1' })).statusCode).toBe(200);
  });

  it('2,000 anonymous POSTs add a bounded number of audit records, and a summary with their count', async () => {
    const before = await auditCount(t);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const response = await t.app.server.inject({ method: 'POST', url: '/api/catalog/entries', remoteAddress: '10.8.0.1', payload: { name: 'x' } });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 50, 429: 1950 });
    expect((await auditCount(t)) - before).toBe(1);
    expect(await auditCount(t, '10.8.0.1')).toBe(1);

    // When the window closes, one summary record for the address.
    t.clock.advance(t.config.rateLimitWindowSeconds * 1000);
    await t.app.rejections.flush();
    expect(await auditCount(t, '10.8.0.1')).toBe(2);
    const summary = await t.database.db.selectFrom('audit_log').selectAll().where('operation', '=', 'http:anonymous-rejections').where('client_ip', '=', '10.8.0.1').executeTakeFirstOrThrow();
    const details = typeof summary.details === 'string' ? JSON.parse(summary.details) : summary.details;
    expect(summary.outcome).toBe('denied');
    expect(details.count).toBe(1999);
    expect(details.statuses).toEqual({ 401: 49, 429: 1950 });
    expect(details.routes).toEqual({ 'POST /api/catalog/entries': 1999 });
  });
});

describe('HTTP edge: rate limits shared through Redis', () => {
  const prefix = `huitong-test:${crypto.randomUUID()}:`;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const config = { redisUrl: REDIS_URL, redisKeyPrefix: prefix, loginRateLimitPerAddress: 3 };
    [a, b] = await Promise.all([createTestApp({ config }), createTestApp({ config })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('two nodes count one address together', async () => {
    expect((await login(a, 'n_one', 'x', '10.9.0.1')).statusCode).toBe(401);
    expect((await login(b, 'n_two', 'x', '10.9.0.1')).statusCode).toBe(401);
    expect((await login(a, 'n_three', 'x', '10.9.0.1')).statusCode).toBe(401);
    expect((await login(b, 'n_four', 'x', '10.9.0.1')).statusCode).toBe(429);
    expect((await login(a, 'n_five', 'x', '10.9.0.1')).statusCode).toBe(429);
    // The counter lives in Redis under the configured prefix.
    const redis = new Redis(REDIS_URL);
    try {
      expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0);
    } finally {
      await redis.quit();
    }
    expect((await login(b, 'n_six', 'x', '10.9.0.2')).statusCode).toBe(401);
  });
});

describe('HTTP edge: rate limits when Redis is gone', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 1: every counter call fails.
    t = await createTestApp({ config: { redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: `huitong-test:${crypto.randomUUID()}:`, loginRateLimitPerAddress: 2 } });
  });
  afterAll(() => t?.close());

  it('lets requests through unlimited and without stalling; the lockout still applies', async () => {
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 7; i++) statuses.push((await login(t, 'no_redis_user', 'wrong', '10.10.0.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 423, 423]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await t.app.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('HTTP edge: the console files are not counted as anonymous requests', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Huitong</title><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1);');
    t = await createTestApp({ config: { webDir, anonymousRateLimitPerAddress: 5 } });
  });
  afterAll(async () => {
    await t.close();
    (await import('node:fs')).rmSync(webDir, { recursive: true, force: true });
  });

  it('an office behind one address loads the sign-in page many times; the API budget still applies', async () => {
    for (let i = 0; i < 20; i++) {
      for (const url of ['/', '/assets/app.js', '/login']) {
        expect((await t.app.server.inject({ method: 'GET', url, remoteAddress: '10.9.0.1' })).statusCode, url).toBe(200);
      }
    }
    const api: number[] = [];
    for (let i = 0; i < 7; i++) api.push((await t.app.server.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.9.0.1' })).statusCode);
    expect(api).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
