import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import type { CatalogEntryDetail } from '@huitong/contracts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { apiEntry, apiUpstream, closedPort, upstreamDocument } from '../helpers/api-upstream.ts';

/** API services (服务接口): registration checks, the probe against a local upstream, secrets and department scope (ADR 0019). */
describe('API services', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  let upstream: Awaited<ReturnType<typeof apiUpstream>>;

  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
    upstream = await apiUpstream();
  });
  afterAll(async () => {
    await upstream?.close();
    await t?.close();
  });

  const officer = () => city.sj.officer.username;
  function body(entry: CatalogEntryDetail, overrides: Record<string, unknown> = {}) {
    return { entryId: entry.id, baseUrl: `${upstream.url}/v1`, openapi: JSON.stringify(upstreamDocument()), operations: ['listItems', 'getItem'], auth: { kind: 'none' }, ...overrides };
  }
  async function register(entry: CatalogEntryDetail, overrides: Record<string, unknown> = {}) {
    const created = await t.request({ method: 'POST', url: '/api/api-services', as: officer(), body: body(entry, overrides) });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; [key: string]: unknown };
  }
  const probe = (id: string, as = officer()) => t.request({ method: 'POST', url: `/api/api-services/${id}/probe`, as });
  function reset() {
    for (const key of Object.keys(upstream.credentials)) delete upstream.credentials[key as keyof typeof upstream.credentials];
  }

  it('refuses a bad registration with a 400 naming the field, and writes nothing', async () => {
    const entry = await apiEntry(f, city);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ baseUrl: 'ftp://127.0.0.1/data' }, /^baseUrl$/],
      [{ baseUrl: 'not a url' }, /^baseUrl$/],
      [{ baseUrl: 'http://169.254.169.254/latest/meta-data' }, /^baseUrl$/],
      [{ baseUrl: 'http://[::ffff:169.254.169.254]/' }, /^baseUrl$/],
      [{ baseUrl: 'http://user:pw@127.0.0.1/' }, /^baseUrl$/],
      [{ openapi: '{"openapi": "3.0.3", "info": ' }, /^openapi$/],
      [{ openapi: JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }) }, /^openapi$/],
      [{ openapi: toYaml({ openapi: '3.1.0', info: { title: 'x' }, paths: { '/a': { get: { responses: {} } } } }) }, /^openapi$/],
      [{ operations: ['noSuchOperation'] }, /^operations\[0\]$/],
      [{ auth: { kind: 'header', name: 'X-Api-Key' } }, /^auth\.value$/],
      [{ auth: { kind: 'basic', password: 'p' } }, /^auth\.username$/],
      [{ auth: { kind: 'oauth2_client_credentials', tokenUrl: 'http://169.254.169.254/token', clientId: 'c', clientSecret: 's' } }, /^auth\.tokenUrl$/],
      [{ auth: { kind: 'none', password: 'p' } }, /^auth\.password$/],
      [{ auth: { kind: 'kerberos' } }, /^auth/],
      [{ connectTimeoutMs: 600_000 }, /^connectTimeoutMs$/],
      [{ probePath: 'no-slash' }, /^probePath$/],
    ];
    for (const [overrides, field] of cases) {
      const response = await t.request({ method: 'POST', url: '/api/api-services', as: officer(), body: body(entry, overrides) });
      expect(response.statusCode, `${JSON.stringify(overrides)} → ${response.body}`).toBe(400);
      const details = response.json().error.details as Array<{ field?: string }>;
      expect(details.some((d) => field.test(d.field ?? '')), `${JSON.stringify(overrides)} → ${response.body}`).toBe(true);
    }
    const tooBig = await t.request({ method: 'POST', url: '/api/api-services', as: officer(), body: body(entry, { openapi: JSON.stringify({ ...upstreamDocument(), padding: 'x'.repeat(600 * 1024) }) }) });
    expect(tooBig.statusCode).toBe(400);
    const fileEntry = await f.publishedEntry(city.sj.officer, { provisionMethod: 'table' });
    const notApi = await t.request({ method: 'POST', url: '/api/api-services', as: officer(), body: body(fileEntry) });
    expect(notApi.statusCode).toBe(400);
    expect(notApi.json().error.details[0].field).toBe('entryId');
    const listed = await t.request({ method: 'GET', url: `/api/api-services?entryId=${entry.id}`, as: officer() });
    expect(listed.json()).toEqual([]);
  });

  it('probes a YAML-documented upstream: ok with latency, and the entry shows mounted as 服务接口', async () => {
    reset();
    const entry = await apiEntry(f, city);
    const before = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: city.rs.officer.username });
    expect(before.json().mount.status).toBe('none');
    const created = await register(entry, { openapi: toYaml(upstreamDocument()) });
    expect(created).toMatchObject({ state: 'active', title: '市场主体查询接口', openapiVersion: '3.0.3', operations: ['listItems', 'getItem'], lastProbe: null });
    expect(created.documentedOperations).toContainEqual({ id: 'getItem', method: 'GET', path: '/items/{id}', safe: false });
    const probed = await probe(created.id);
    expect(probed.statusCode, probed.body).toBe(200);
    const result = probed.json().lastProbe;
    expect(result).toMatchObject({ ok: true, problems: [] });
    // Only the safe operation was called: getItem needs a path parameter.
    expect(result.operations).toEqual([expect.objectContaining({ operation: 'listItems', path: '/items', status: 200, ok: true })]);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const after = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: city.rs.officer.username });
    expect(after.json().mount).toMatchObject({ provisionMethod: 'api', status: 'mounted' });
    expect(after.json().mount.detail).toContain('服务接口');
    const again = await t.request({ method: 'POST', url: '/api/api-services', as: officer(), body: body(entry) });
    expect(again.statusCode).toBe(409);
  });

  it('a down port, a slow upstream, a wrong shape, a web page and broken JSON are named results, not errors', async () => {
    reset();
    const port = await closedPort();
    const down = await register(await apiEntry(f, city), { baseUrl: `http://127.0.0.1:${port}/v1` });
    let started = Date.now();
    const refused = await probe(down.id);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(refused.statusCode).toBe(200);
    expect(refused.json().lastProbe).toMatchObject({ ok: false, problems: [{ operation: 'listItems', code: 'UNREACHABLE' }] });
    expect(refused.json().lastProbe.problems[0].message).toContain(`127.0.0.1:${port}`);

    // TLS spoken to a plain-HTTP port, and a name that cannot resolve (.invalid never does).
    for (const [baseUrl, code] of [[`${upstream.url.replace('http:', 'https:')}/v1`, 'TLS_ERROR'], ['http://huitong-upstream.invalid/v1', 'DNS_FAILURE']] as const) {
      const created = await register(await apiEntry(f, city), { baseUrl, connectTimeoutMs: 2000 });
      started = Date.now();
      const result = (await probe(created.id)).json().lastProbe;
      expect(Date.now() - started).toBeLessThan(3500);
      expect(result, baseUrl).toMatchObject({ ok: false, problems: [{ operation: 'listItems', code }] });
    }

    const paths = ['/items', '/slow', '/bad', '/html', '/broken'];
    const slow = await register(await apiEntry(f, city), { openapi: JSON.stringify(upstreamDocument(paths)), operations: ['listSlow'], readTimeoutMs: 500 });
    started = Date.now();
    const timedOut = await probe(slow.id);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(timedOut.json().lastProbe).toMatchObject({ ok: false, problems: [{ operation: 'listSlow', code: 'TIMEOUT' }] });

    const checks: Array<[string, string, RegExp]> = [
      ['listBad', 'SCHEMA_MISMATCH', /\/items\/0.*name|\/total/],
      ['listHtml', 'CONTENT_TYPE', /text\/html/],
      ['listBroken', 'NOT_JSON', /JSON/],
    ];
    for (const [operation, code, message] of checks) {
      const entry = await apiEntry(f, city);
      const created = await register(entry, { openapi: JSON.stringify(upstreamDocument(paths)), operations: [operation] });
      const result = (await probe(created.id)).json().lastProbe;
      expect(result.ok, operation).toBe(false);
      expect(result.problems[0]).toMatchObject({ operation, code });
      expect(result.problems[0].message).toMatch(message);
      const detail = await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as: officer() });
      expect(detail.json().mount.status).toBe('none');
    }
    const noSafe = await register(await apiEntry(f, city), { operations: ['getItem'] });
    expect((await probe(noSafe.id)).json().lastProbe.problems[0].code).toBe('NO_SAFE_OPERATION');
    const viaPath = await register(await apiEntry(f, city), { operations: ['getItem'], probePath: '/items' });
    expect((await probe(viaPath.id)).json().lastProbe.ok).toBe(true);
  });

  it('sends header, Basic and OAuth2 credentials; never returns a secret; stores it encrypted', async () => {
    const secrets = { header: `hv-${crypto.randomUUID()}`, basic: `bp-${crypto.randomUUID()}`, oauth: `cs-${crypto.randomUUID()}`, token: `tk-${crypto.randomUUID()}` };
    const cases = [
      { auth: { kind: 'header', name: 'X-Api-Key', value: secrets.header }, upstream: { header: { name: 'X-Api-Key', value: secrets.header } }, secret: secrets.header },
      { auth: { kind: 'basic', username: 'huitong', password: secrets.basic }, upstream: { basic: { username: 'huitong', password: secrets.basic } }, secret: secrets.basic },
      {
        auth: { kind: 'oauth2_client_credentials', tokenUrl: `${upstream.url}/oauth/token`, clientId: 'huitong-client', clientSecret: secrets.oauth, scope: 'read' },
        upstream: { oauth2: { clientId: 'huitong-client', clientSecret: secrets.oauth, token: secrets.token } },
        secret: secrets.oauth,
      },
    ];
    for (const c of cases) {
      reset();
      Object.assign(upstream.credentials, c.upstream);
      const created = await register(await apiEntry(f, city), { auth: c.auth });
      expect(created.auth).toMatchObject({ kind: c.auth.kind, secretSet: true });
      const ok = await probe(created.id);
      expect(ok.json().lastProbe, c.auth.kind).toMatchObject({ ok: true });
      // The upstream refuses without the credentials: a wrong one is reported as such.
      upstream.credentials.header &&= { name: 'X-Api-Key', value: 'other' };
      upstream.credentials.basic &&= { username: 'huitong', password: 'other' };
      upstream.credentials.oauth2 &&= { ...upstream.credentials.oauth2, clientSecret: 'other' };
      const refused = (await probe(created.id)).json().lastProbe;
      expect(refused.ok).toBe(false);
      expect(refused.problems[0].code).toBe(c.auth.kind === 'oauth2_client_credentials' ? 'AUTH_TOKEN' : 'AUTH_REJECTED');
      // An update without the secret keeps it.
      const updated = await t.request({ method: 'PATCH', url: `/api/api-services/${created.id}`, as: officer(), body: { auth: { ...c.auth, value: undefined, password: undefined, clientSecret: undefined }, readTimeoutMs: 4000 } });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json()).toMatchObject({ readTimeoutMs: 4000, lastProbe: null, auth: { secretSet: true } });
      Object.assign(upstream.credentials, c.upstream);
      expect((await probe(created.id)).json().lastProbe.ok).toBe(true);
      const responses = [
        ok,
        updated,
        await t.request({ method: 'GET', url: `/api/api-services/${created.id}`, as: officer() }),
        await t.request({ method: 'GET', url: '/api/api-services', as: officer() }),
        await t.request({ method: 'GET', url: `/api/api-services/${created.id}`, as: city.operator.admin.username }),
      ];
      for (const response of responses) {
        expect(response.statusCode).toBe(200);
        expect(response.body).not.toContain(c.secret);
        expect(response.body).not.toMatch(/sm4:|auth_secret_enc/);
      }
      const stored = await t.database.db.selectFrom('api_service' as never).select('auth_secret_enc' as never).where('id' as never, '=', created.id as never).executeTakeFirstOrThrow();
      expect((stored as { auth_secret_enc: string }).auth_secret_enc).toMatch(/^sm4:/);
      expect(JSON.stringify(stored)).not.toContain(c.secret);
    }
    expect(upstream.tokenRequests.some((b) => b.includes('scope=read'))).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('target_type', '=', 'api_service').execute();
    const text = JSON.stringify(audit);
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    for (const operation of ['api-service:register', 'api-service:update', 'api-service:probe']) expect(audit.map((a) => a.operation)).toContain(operation);
  });

  it('another department gets 404 on every route, a leader of the provider 403 on every change; each change is audited', async () => {
    reset();
    const entry = await apiEntry(f, city);
    const created = await register(entry);
    const foreign = city.rs.officer.username;
    const leader = city.sj.leader.username;
    const routes: Array<{ method: 'GET' | 'PATCH' | 'POST'; url: string; body?: unknown; change: boolean }> = [
      { method: 'GET', url: `/api/api-services/${created.id}`, change: false },
      { method: 'PATCH', url: `/api/api-services/${created.id}`, body: { readTimeoutMs: 2000 }, change: true },
      { method: 'POST', url: `/api/api-services/${created.id}/probe`, change: true },
      { method: 'POST', url: `/api/api-services/${created.id}/deactivate`, body: {}, change: true },
    ];
    for (const route of routes) {
      const asForeign = await t.request({ method: route.method, url: route.url, as: foreign, ...(route.body !== undefined && { body: route.body }) });
      expect(asForeign.statusCode, `${route.method} ${route.url} as another department`).toBe(404);
      const asLeader = await t.request({ method: route.method, url: route.url, as: leader, ...(route.body !== undefined && { body: route.body }) });
      expect(asLeader.statusCode, `${route.method} ${route.url} as the provider's leader`).toBe(route.change ? 403 : 200);
    }
    expect((await t.request({ method: 'GET', url: '/api/api-services', as: foreign })).json()).toEqual([]);
    const foreignEntry = await t.request({ method: 'POST', url: '/api/api-services', as: foreign, body: body(entry) });
    expect(foreignEntry.statusCode).toBe(403);

    await t.request({ method: 'PATCH', url: `/api/api-services/${created.id}`, as: officer(), body: { probePath: '/items' } });
    const deactivated = await t.request({ method: 'POST', url: `/api/api-services/${created.id}/deactivate`, as: officer(), body: { reason: '接口迁移' } });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json().state).toBe('inactive');
    expect((await probe(created.id)).statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/api-services/${created.id}/deactivate`, as: officer(), body: {} })).statusCode).toBe(409);
    const audit = await t.database.db.selectFrom('audit_log').select(['operation', 'actor_user_id', 'outcome']).where('target_id', '=', created.id).orderBy('seq').execute();
    const changes = audit.filter((a) => a.operation.startsWith('api-service:'));
    expect(changes.map((a) => a.operation)).toEqual(['api-service:register', 'api-service:update', 'api-service:deactivate']);
    expect(new Set(changes.map((a) => a.actor_user_id))).toEqual(new Set([city.sj.officer.id]));
    // The refusals are on record too, under the route.
    expect(audit.filter((a) => a.actor_user_id === city.sj.leader.id && a.operation === 'PATCH /api/api-services/:id')).toHaveLength(1);
    // After a deactivation the entry can be registered again.
    await register(entry);
  });
});
