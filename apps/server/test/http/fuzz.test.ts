import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, TEST_PASSWORD, type TestCity } from '../helpers/factories.ts';
import { prng, requestFor, type FuzzRequest } from '../helpers/fuzz-inputs.ts';
import { operationsOf, type OpenApiOperation } from '../helpers/openapi-schemas.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Bounded fuzz test (docs/testing.md): a seeded stream of hostile requests over every route of the
 * OpenAPI document, anonymous and as users of each kind. No answer may be a 5xx and the event loop
 * may never stall for a second. A failure prints the requests that caused it; rerun one seed with
 * HUITONG_FUZZ_SEED, or a longer run with HUITONG_FUZZ_REQUESTS.
 */
const SEED = Number(process.env.HUITONG_FUZZ_SEED ?? 20261204);
const REQUESTS = Number(process.env.HUITONG_FUZZ_REQUESTS ?? 20_000);

describe('fuzz', () => {
  let t: TestApp;
  let city: TestCity;
  let operations: OpenApiOperation[];
  const ids: string[] = [];
  const tokens: Array<{ who: string; username?: string; authorization?: string }> = [{ who: 'anonymous' }];
  /** A fresh token for `actor`: the stream logs sessions out and changes passwords now and then. */
  async function relogin(actor: (typeof tokens)[number]) {
    if (!actor.username) return;
    const response = await t.app.server.inject({ method: 'POST', url: '/api/auth/tokens', payload: { username: actor.username, password: TEST_PASSWORD } });
    if (response.statusCode === 200) actor.authorization = `Bearer ${response.json().token}`;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t);
    city = await f.city();
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    const draft = await f.applicationIn('draft', { applicant: city.rs, provider: city.sj, entry });
    const review = await f.applicationIn('provider_review', { applicant: city.rs, provider: city.sj, entry });
    ids.push(city.root.id, city.operator.id, city.sj.id, city.rs.id, city.sj.officer.id, city.rs.leader.id, city.sj.systemId, entry.id, draft.id, review.id);
    if (review.grantId) ids.push(review.grantId);
    const users = { 'sj officer': city.sj.officer, 'sj leader': city.sj.leader, 'sj reviewer': city.sj.reviewer, 'sj admin': city.sj.admin, 'rs officer': city.rs.officer, 'platform admin': city.operator.admin, 'operator reviewer': city.operator.reviewer, auditor: city.operator.auditor, supervisor: city.operator.supervisor };
    for (const [who, user] of Object.entries(users)) {
      const actor = { who, username: user.username };
      await relogin(actor);
      tokens.push(actor);
    }
    const system = await t.request({ method: 'POST', url: '/api/oauth/token', body: { grant_type: 'client_credentials', client_id: city.sj.clientId, client_secret: city.sj.clientSecret } });
    tokens.push({ who: 'sj system', authorization: `Bearer ${system.json().access_token}` });
    operations = operationsOf((await t.request({ method: 'GET', url: '/api/openapi.json' })).json());
    // Routes outside the document: probes, metrics and the API reference.
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/docs', '/api/openapi.json']) operations.push({ method: 'GET', path });
  }, 300_000);
  afterAll(() => t.close());

  it(`answers ${REQUESTS} hostile requests (seed ${SEED}) without a 5xx or a stalled event loop`, async () => {
    expect(operations.length).toBeGreaterThan(85);
    const rng = prng(SEED);
    const failures: Array<{ index: number; who: string; request: FuzzRequest; status: number; body: string }> = [];
    const statuses = new Map<number, number>();
    const covered = new Set<string>();
    const timePerRoute = new Map<string, number>();
    // Reset after each request so the worst stall is attributed to the request in flight.
    let maxStallMs = 0;
    let worstStall: { ms: number; who?: string; method?: string; url?: string; payload?: string | undefined } = { ms: 0 };
    const slowest: Array<{ took: number; who: string; status: number; request: FuzzRequest }> = [];
    const histogram = monitorEventLoopDelay({ resolution: 20 });
    histogram.enable();
    const started = performance.now();
    for (let index = 0; index < REQUESTS; index++) {
      const operation = operations[index % operations.length]!;
      const actor = rng.pick(tokens);
      const request = requestFor(rng, operation, ids, t.config.bodyLimitBytes);
      const headers = { ...request.headers, ...(actor.authorization && { authorization: actor.authorization }) };
      const sent = performance.now();
      const response = await t.app.server.inject({ method: request.method as 'GET', url: request.url, headers, ...(request.payload !== undefined && { payload: request.payload }) });
      const took = performance.now() - sent;
      const stall = histogram.max / 1e6;
      if (stall > worstStall.ms) worstStall = { ms: Math.round(stall), who: actor.who, url: request.url, method: request.method, payload: request.payload?.slice(0, 200) };
      maxStallMs = Math.max(maxStallMs, stall);
      histogram.reset();
      const key = `${operation.method} ${operation.path}`;
      timePerRoute.set(key, (timePerRoute.get(key) ?? 0) + took);
      if (took > (slowest[0]?.took ?? 0)) slowest.unshift({ took: Math.round(took), who: actor.who, status: response.statusCode, request: { ...request, payload: request.payload?.slice(0, 200) } });
      if (operation.path.startsWith('/api/auth/') && response.statusCode < 300) await relogin(actor);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      covered.add(`${operation.method} ${operation.path}`);
      if (response.statusCode >= 500) {
        failures.push({ index, who: actor.who, request: { ...request, payload: request.payload?.slice(0, 400) }, status: response.statusCode, body: response.body.slice(0, 300) });
      }
    }
    histogram.disable();
    const seconds = (performance.now() - started) / 1000;
    console.info(`fuzz seed ${SEED}: ${REQUESTS} requests in ${seconds.toFixed(1)} s, max event-loop delay ${maxStallMs.toFixed(0)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    const costly = [...timePerRoute].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([route, ms]) => `${route} ${Math.round(ms)} ms`);
    console.info(`worst stall: ${JSON.stringify(worstStall)}\ncostliest routes: ${costly.join(', ')}\nslowest requests: ${slowest.slice(0, 3).map((r) => JSON.stringify(r)).join('\n')}`);
    if (failures.length > 0) console.error(`fuzz seed ${SEED} failures:\n${failures.slice(0, 30).map((f) => JSON.stringify(f)).join('\n')}`);
    expect(failures.slice(0, 10), `${failures.length} responses >= 500`).toEqual([]);
    expect(covered.size).toBe(new Set(operations.map((o) => `${o.method} ${o.path}`)).size);
    expect(maxStallMs).toBeLessThan(1000);
  }, 600_000);
});
