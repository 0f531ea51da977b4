import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, TEST_PASSWORD, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

describe('HTTP edge: /metrics access and login CSRF', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp({ config: { metricsToken: METRICS_TOKEN } });
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  it('/metrics refuses anonymous callers and wrong tokens', async () => {
    expect((await t.request({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.request({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-scrape-token-000' } })).statusCode).toBe(401);
    const anonymous = await t.request({ method: 'GET', url: '/metrics' });
    expect(anonymous.body).not.toContain('huitong_');
  });

  it('/metrics refuses signed-in users without an operator or auditor role', async () => {
    for (const user of [city.sj.officer, city.sj.admin, city.operator.reviewer]) {
      const response = await t.request({ method: 'GET', url: '/metrics', as: user.username });
      expect(response.statusCode, user.username).toBe(403);
    }
  });

  it('/metrics answers the scraper token, the platform administrator and the security auditor', async () => {
    const scraped = await t.request({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toMatch(/huitong_audit_records \d+/);
    for (const user of [city.operator.admin, city.operator.auditor]) {
      expect((await t.request({ method: 'GET', url: '/metrics', as: user.username })).statusCode, user.username).toBe(200);
    }
  });

  it('a cross-site form-encoded login is refused and sets no cookie', async () => {
    const form = new URLSearchParams({ username: city.sj.officer.username, password: TEST_PASSWORD }).toString();
    for (const [url, type] of [
      ['/api/auth/login', 'application/x-www-form-urlencoded'],
      ['/api/auth/login', 'text/plain'],
      ['/api/auth/login', 'multipart/form-data; boundary=x'],
      ['/api/auth/tokens', 'application/x-www-form-urlencoded'],
    ] as const) {
      const payload = type === 'text/plain' ? JSON.stringify({ username: city.sj.officer.username, password: TEST_PASSWORD }) : form;
      const response = await t.app.server.inject({ method: 'POST', url, headers: { 'content-type': type, origin: 'https://evil.example' }, payload });
      expect(response.statusCode, `${url} ${type}`).toBe(415);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.body).not.toContain('token');
    }
  });

  it('a JSON login still works', async () => {
    const response = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: city.sj.officer.username, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/huitong_session=/);
  });

  it('the OAuth token endpoint keeps form encoding (RFC 6749) and sets no cookie', async () => {
    const payload = new URLSearchParams({ grant_type: 'client_credentials', client_id: city.sj.clientId, client_secret: city.sj.clientSecret }).toString();
    const response = await t.app.server.inject({ method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
