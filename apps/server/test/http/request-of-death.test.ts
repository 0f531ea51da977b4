import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Requests built to make validation expensive answer 400 at once and the server keeps serving:
 * errors are de-duplicated in one pass and capped, typed enums keep `uniqueItems` linear, and
 * arrays carry `maxItems` (docs/security.md, request validation).
 */
describe('request of death', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  /** Sends `attack` while /healthz is polled; returns the attack's answer and the worst stall seen. */
  async function underLoad(attack: () => Promise<{ statusCode: number; body: string }>) {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const started = performance.now();
    let done = false;
    const health: number[] = [];
    const poll = (async () => {
      while (!done) {
        const sent = performance.now();
        const response = await t.app.server.inject({ method: 'GET', url: '/healthz' });
        expect(response.statusCode).toBe(200);
        health.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const response = await attack();
    const elapsed = performance.now() - started;
    done = true;
    await poll;
    histogram.disable();
    return { response, elapsed, maxStallMs: histogram.max / 1e6, health };
  }

  it('a login body with 160,000 unknown keys is refused in well under a second', async () => {
    const body: Record<string, string> = { username: 'nobody', password: 'x' };
    for (let i = 0; i < 160_000; i++) body[`k${i.toString(36).padStart(4, '0')}`] = 'v';
    const payload = JSON.stringify(body);
    expect(payload.length).toBeGreaterThan(1_700_000);
    expect(payload.length).toBeLessThan(t.config.bodyLimitBytes);
    const { response, elapsed, maxStallMs, health } = await underLoad(() =>
      t.app.server.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload }),
    );
    expect(response.statusCode, response.body).toBe(400);
    const error = JSON.parse(response.body).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.length).toBeGreaterThanOrEqual(1);
    expect(error.details.length).toBeLessThanOrEqual(20);
    expect(error.details[0]).toMatchObject({ field: expect.stringMatching(/^k[0-9a-z]{4}$/), message: expect.stringContaining('unknown field') });
    expect(elapsed).toBeLessThan(1000);
    expect(maxStallMs).toBeLessThan(1000);
    expect(health.length).toBeGreaterThan(0);
  });

  it('a webhook with 10,000 events is refused in well under a second', async () => {
    const token = await t.tokenFor(city.sj.admin.username);
    const payload = JSON.stringify({ departmentId: city.sj.id, url: 'https://example.org/hook', events: Array.from({ length: 10_000 }, (_, i) => `event.${i}`) });
    const { response, elapsed, maxStallMs } = await underLoad(() =>
      t.app.server.inject({ method: 'POST', url: '/api/webhooks', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload }),
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(JSON.parse(response.body).error.details).toContainEqual(expect.objectContaining({ field: 'events' }));
    expect(elapsed).toBeLessThan(1000);
    expect(maxStallMs).toBeLessThan(1000);
  });

  it('the answer names the offending field', async () => {
    const response = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: 'someone', password: 'x', extra: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'extra', code: 'UNKNOWN_FIELD', params: { field: 'extra' }, message: expect.stringContaining('unknown field') }]);
  });
});
