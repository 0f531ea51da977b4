import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const CONSOLE_SHELL = '<!doctype html><div id="root"></div><script type="module" src="/assets/index.js"></script>';
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** A concrete path for a route pattern: parameters get an id, wildcards a plain segment. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, SOME_ID).replace(/\*/g, 'x');
}

describe('HTTP edge: authentication is decided on the matched route', () => {
  let t: TestApp;
  let city: TestCity;
  let webDir: string;
  beforeAll(async () => {
    // A built console, so its catch-all file route is part of the walk.
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), CONSOLE_SHELL);
    // The walk below sends hundreds of anonymous requests from one address.
    t = await createTestApp({ config: { anonymousRateLimitPerAddress: 100_000, webDir } });
    city = await factories(t).city();
    await factories(t).publishedEntry(city.sj.officer);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  /** 401, 404, or the console's page shell for a path the router does not know; never data. */
  function expectNoData(response: { statusCode: number; body: string }, url: string): void {
    if (response.statusCode === 200) expect(response.body, url).toBe(CONSOLE_SHELL);
    else expect([401, 404], `${url}: ${response.statusCode}`).toContain(response.statusCode);
    expect(response.body).not.toContain('"entries"');
  }

  it('the published catalog export is there for a signed-in user (the target of the attack)', async () => {
    const ok = await t.request({ method: 'GET', url: '/api/catalog/export?format=json', as: city.rs.officer.username });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().entries.length).toBeGreaterThan(0);
  });

  it.each([
    '/api/catalog/export?format=json',
    '/%61pi/catalog/export?format=json',
    '/ap%69/catalog/export?format=json',
    '/%61%70%69/catalog/export?format=json',
    '/api/%63atalog/export?format=json',
    '/api/catalog/%65xport?format=json',
    '/%2561pi/catalog/export?format=json',
    '//api/catalog/export?format=json',
    '/API/catalog/export?format=json',
    '/Api/catalog/export?format=json',
    '/api//catalog/export?format=json',
    '/api/catalog/export/?format=json',
    '/api/catalog/export;x=1?format=json',
    '/./api/catalog/export?format=json',
    '/x/../api/catalog/export?format=json',
  ])('anonymous %s answers 401 or 404 and no data', async (url) => {
    const response = await t.app.server.inject({ method: 'GET', url });
    expectNoData(response, url);
    expect(response.body).not.toContain('huitong-catalog');
  });

  it('an encoded path that reaches a handler still needs the login', async () => {
    const response = await t.app.server.inject({ method: 'GET', url: '/%61pi/catalog/export?format=json' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it('encoded upload paths are refused before the body is read', async () => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/%61pi/catalog/import',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n{}\r\n--x--\r\n',
    });
    expect(response.statusCode).toBe(401);
  });

  it('every route that is not declared public answers 401 to an anonymous request', async () => {
    const routes = t.app.routes.list();
    const guarded = routes.filter((r) => !r.public);
    expect(guarded.length).toBeGreaterThan(50);
    const answers: string[] = [];
    for (const route of guarded) {
      for (const url of [concrete(route.url), concrete(route.url).replace('/api/', '/%61pi/')]) {
        const response = await t.app.server.inject({ method: route.method as 'GET', url, headers: { 'content-type': 'application/json' }, payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}' });
        if (response.statusCode !== 401) answers.push(`${route.method} ${url} → ${response.statusCode}`);
      }
    }
    expect(answers).toEqual([]);
  });

  it('the public routes are exactly the declared few', () => {
    const publicRoutes = t.app.routes
      .list()
      .filter((r) => r.public && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !r.startsWith('GET /api/docs'));
    expect(publicRoutes.sort()).toEqual(
      ['GET /*', 'GET /api/meta', 'GET /api/openapi.json', 'GET /healthz', 'GET /metrics', 'GET /readyz', 'POST /api/auth/login', 'POST /api/auth/tokens', 'POST /api/oauth/token'].sort(),
    );
  });

  it('unknown paths answer 404 without data, signed in or not', async () => {
    for (const url of ['/api/nothing-here', '/%61pi/nothing-here', '/api/catalog/entries/x/y/z']) {
      const response = await t.app.server.inject({ method: 'GET', url });
      expectNoData(response, url);
      expect(response.body.length).toBeLessThan(300);
      const signedIn = await t.request({ method: 'GET', url, as: city.rs.officer.username });
      expectNoData(signedIn, url);
    }
  });
});
