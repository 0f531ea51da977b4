import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

function expectSecurityHeaders(headers: Record<string, unknown>, what: string): void {
  const csp = String(headers['content-security-policy']);
  expect(csp, what).toMatch(/default-src 'self'/);
  expect(csp, what).toMatch(/script-src 'self'(;|$)/);
  expect(csp, what).toMatch(/script-src-attr 'none'/);
  expect(csp, what).toMatch(/frame-ancestors 'none'/);
  expect(csp, what).toMatch(/object-src 'none'/);
  expect(csp, what).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

describe('HTTP edge: security headers', () => {
  let t: TestApp;
  let city: TestCity;
  let webDir: string;
  beforeAll(async () => {
    // A built console: index.html and a bundle, as vite writes them.
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index.js"></script>');
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'assets/index.js'), 'console.log("console")');
    t = await createTestApp({ config: { webDir } });
    city = await factories(t).city();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it.each([
    ['the console', '/', 200],
    ['a console bundle', '/assets/index.js', 200],
    ['a console deep link', '/catalog/search', 200],
    ['the API docs', '/api/docs/', 200],
    ['the API docs script', '/api/docs/static/swagger-initializer.js', 200],
    ['the OpenAPI document', '/api/openapi.json', 200],
    ['an API refusal', '/api/auth/me', 401],
    ['an encoded API path', '/%61pi/auth/me', 401],
    ['an unknown API path', '/api/nothing', 404],
    ['the health probe', '/healthz', 200],
  ])('%s (%s) carries the headers', async (what, url, status) => {
    const response = await t.app.server.inject({ method: 'GET', url });
    expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(status);
    expectSecurityHeaders(response.headers, url);
    expect(response.headers['strict-transport-security'], url).toBeUndefined();
  });

  it('the console deep link is served from index.html and an unknown file is a 404', async () => {
    expect((await t.app.server.inject({ method: 'GET', url: '/catalog/search' })).body).toContain('id="root"');
    expect((await t.app.server.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('a signed-in API answer carries the headers', async () => {
    const response = await t.request({ method: 'GET', url: '/api/auth/me', as: city.sj.officer.username });
    expect(response.statusCode).toBe(200);
    expectSecurityHeaders(response.headers, '/api/auth/me');
  });

  it('the API docs page loads no inline script, so the strict CSP lets it run', async () => {
    const page = (await t.app.server.inject({ method: 'GET', url: '/api/docs/' })).body;
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="/);
      expect(body!.trim()).toBe('');
    }
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it('sends HSTS only when the platform runs behind HTTPS (secure cookies)', async () => {
    const secure = await createTestApp({ config: { secureCookies: true } });
    try {
      for (const url of ['/', '/api/docs/', '/api/auth/me']) {
        const response = await secure.app.server.inject({ method: 'GET', url });
        expect(response.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
        expect(String(response.headers['content-security-policy'])).toMatch(/upgrade-insecure-requests/);
      }
    } finally {
      await secure.close();
    }
  });
});
