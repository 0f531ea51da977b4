import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { namedTestApp } from '../helpers/named-city.ts';
import { RECORD_ENV, writeConformanceRecord } from '../../src/platform/policy/conformance-record.ts';

describe('platform endpoints: OpenAPI, docs, health, metrics, request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await namedTestApp();
  });
  afterAll(() => t.close());

  it('publishes an OpenAPI document covering every API route with schemas', async () => {
    const response = await t.request({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, methods] of Object.entries<Record<string, unknown>>(spec.paths)) {
      for (const method of Object.keys(methods)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    for (const expected of ['POST /api/catalog/entries', 'GET /api/catalog/entries/{id}', 'POST /api/catalog/entries/{id}/review', 'POST /api/auth/login', 'GET /api/audit/records', 'POST /api/users', 'POST /api/oauth/token']) {
      expect(documented, expected).toContain(expected);
    }
    const create = spec.paths['/api/catalog/entries'].post;
    expect(create.requestBody.content['application/json'].schema.properties.content.properties.shareType.enum).toEqual(['unconditional', 'conditional', 'none']);
    expect(create.responses['400']).toBeDefined();
  });

  it('serves the interactive reference at /api/docs', async () => {
    const response = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/swagger/i);
  });

  it('answers health and readiness', async () => {
    expect((await t.request({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.request({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics with request durations by route', async () => {
    await t.request({ method: 'GET', url: '/api/catalog/entries?pageSize=1', as: 'ga_officer' });
    const response = await t.request({ method: 'GET', url: '/metrics', as: 'admin' });
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toMatch(/huitong_http_request_duration_seconds_bucket\{[^}]*route="\/api\/catalog\/entries"/);
    expect(response.body).toMatch(/huitong_audit_records \d+/);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const echoed = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const replaced = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a JSON 404 and never leaks internals on errors', async () => {
    const response = await t.request({ method: 'GET', url: '/api/nothing-here', as: 'ga_officer' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('gives code lists and the policy profile in /api/meta without login', async () => {
    const meta = (await t.request({ method: 'GET', url: '/api/meta' })).json();
    expect(meta.policy).toMatchObject({ id: 'longnan', name: '龙南政务信息资源共享与开放管理办法' });
    expect(meta.codeLists.shareTypes.map((c: { zh: string }) => c.zh)).toEqual(['无条件共享', '有条件共享', '不予共享']);
  });

  it('reports conformance for the deployed profile, from the test record', async () => {
    // A record in which the retention rule passed under longnan and the provider deadline ran only under yunnan.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-record-')), 'record.json');
    const test = (rule: string, policy: string) => ({ file: 'x.test.ts', title: `[rule:${rule}]`, project: 'db', state: 'passed' as const, rules: [rule], policies: [policy] });
    writeConformanceRecord(file, { version: 1, writtenAt: new Date().toISOString(), database: 'pglite', tests: [test('audit.log_retention', 'longnan'), test('sharing.provider_review_workdays', 'yunnan')] });
    const before = process.env[RECORD_ENV];
    process.env[RECORD_ENV] = file;
    try {
      const report = (await t.request({ method: 'GET', url: '/api/policy/conformance', as: 'reviewer' })).json();
      const retention = report.rows.find((r: { rule: string }) => r.rule === 'audit.log_retention');
      expect(retention).toMatchObject({ article: '第二十三条(第三款)', value: { months: 6 }, status: 'enforced', verifiedBy: ['x.test.ts › [rule:audit.log_retention]'] });
      expect(report.rows.find((r: { rule: string }) => r.rule === 'sharing.provider_review_workdays')).toMatchObject({ status: 'not-verified', reason: 'its tests ran only under yunnan' });
      expect(report.rows.find((r: { rule: string }) => r.rule === 'open.reply_workdays')).toMatchObject({ status: 'not-enforced', pending: 'open-data portal' });
    } finally {
      if (before === undefined) delete process.env[RECORD_ENV];
      else process.env[RECORD_ENV] = before;
    }
  });
});
