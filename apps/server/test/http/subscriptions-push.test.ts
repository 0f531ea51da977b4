import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacSm3Hex } from '../../src/platform/crypto.ts';
import { PostgresClaimDispatcher } from '../../src/modules/subscriptions/dispatcher.ts';
import { factories, type Factories } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { registerRow, subscribedWorld, type SubscribedWorld } from '../helpers/subscriptions.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A consumer's endpoint on this machine: answers 500 while `failing` is above zero (or always when Infinity). */
async function receiver() {
  const received: Received[] = [];
  const state = { failing: 0, inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((request, response) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const status = state.failing > 0 ? 500 : 200;
      if (state.failing > 0) state.failing--;
      // A little latency, so two dispatchers would overlap if both could claim the subscription.
      setTimeout(() => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        state.inFlight--;
        response.writeHead(status).end(status === 200 ? 'ok' : 'fail');
      }, 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Delivered = { subscriptionId: string; changes: Array<{ seq: number; key: string; op: string; idempotencyKey: string; data: Record<string, unknown> | null }>; cursor: string };

/** Push subscriptions: retries with back-off, order per key, signatures, idempotency keys, stalls, and the grant checked before each batch. */
describe('subscriptions: push', () => {
  let t: TestApp;
  let f: Factories;
  let w: SubscribedWorld;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let subscriptionId: string;
  let secret: string;
  let dispatcher: PostgresClaimDispatcher;

  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    w = await subscribedWorld(t, f);
    hook = await receiver();
    const created = await t.request({ method: 'POST', url: '/api/subscriptions', as: w.city.rs.officer.username, body: { datasetId: w.dataset.id, systemId: w.city.rs.systemId, mode: 'push', endpoint: hook.url } });
    expect(created.statusCode, created.body).toBe(201);
    subscriptionId = created.json().subscription.id;
    secret = created.json().secret;
    // Two changes per POST, so the order across batches is exercised too.
    dispatcher = new PostgresClaimDispatcher(t.app.deps, t.app.modules.subscriptions.service, { batchSize: 2, backoffMs: 5_000, stallAfter: 4 });
  });
  afterAll(async () => {
    await hook.close();
    await t.close();
  });

  const ok = () => hook.received.filter((r) => r.status === 200);
  const get = async () => (await t.request({ method: 'GET', url: `/api/subscriptions/${subscriptionId}`, as: w.city.rs.officer.username })).json();

  it('retries failed deliveries with back-off, delivers in sequence order per key, signed, with idempotency keys', async () => {
    const rowA = registerRow(f, '甲公司', '13800138001');
    await w.upload([rowA, registerRow(f, '乙公司', '13800138002'), registerRow(f, '丙公司', '13800138003')]);
    await w.upload([[rowA[0]!, '甲公司更名', '王建国', '13800138009', '内部使用']]);
    hook.state.failing = 2;

    expect(await dispatcher.dispatch()).toBe(0);
    expect(hook.received).toHaveLength(1);
    // Not due yet: nothing is sent before the back-off has passed.
    expect(await dispatcher.dispatch()).toBe(0);
    expect(hook.received).toHaveLength(1);
    expect(await get()).toMatchObject({ state: 'active', failures: 1, deliveredSeq: 0, lag: 4, lastError: 'HTTP 500' });
    t.clock.advance(5_000);
    expect(await dispatcher.dispatch()).toBe(0);
    expect(hook.received).toHaveLength(2);
    t.clock.advance(10_000);
    expect(await dispatcher.dispatch()).toBe(2);
    expect(await get()).toMatchObject({ state: 'active', failures: 0, deliveredSeq: 4, lag: 0 });

    // Retries of a batch are the same batch with the same idempotency key.
    expect(hook.received.slice(0, 3).map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill(`${subscriptionId}:2`));
    const batches = ok().map((r) => JSON.parse(r.body) as Delivered);
    const changes = batches.flatMap((b) => b.changes);
    expect(changes.map((c) => c.seq)).toEqual([1, 2, 3, 4]);
    expect(changes.filter((c) => c.key === rowA[0]).map((c) => [c.op, c.data?.qymc])).toEqual([
      ['create', '甲公司'],
      ['update', '甲公司更名'],
    ]);
    for (const change of changes) {
      expect(Object.keys(change.data!).sort()).toEqual(['lxdh', 'qymc', 'tyshxydm']);
      expect(change.data!.lxdh).toMatch(/^138\*{4}\d{4}$/);
      expect(change.idempotencyKey).toBe(`${subscriptionId}:${change.seq}`);
    }
    for (const request of hook.received) {
      expect(request.body).not.toContain('王建国');
      const signature = String(request.headers['x-huitong-signature']);
      const [, ts, sm3] = /^t=(\d+),sm3=([0-9a-f]{64})$/.exec(signature)!;
      expect(sm3).toBe(hmacSm3Hex(Buffer.from(secret), `${ts}.${request.body}`));
      expect(hmacSm3Hex(Buffer.from('another secret'), `${ts}.${request.body}`)).not.toBe(sm3);
    }
  });

  it('never lets two nodes deliver one subscription at the same time', async () => {
    await w.upload([registerRow(f, '丁公司'), registerRow(f, '戊公司'), registerRow(f, '己公司'), registerRow(f, '庚公司'), registerRow(f, '辛公司')]);
    hook.state.maxInFlight = 0;
    const before = ok().length;
    // With nothing new, the last run looked again only after the idle interval.
    t.clock.advance(1_000);
    const other = new PostgresClaimDispatcher(t.app.deps, t.app.modules.subscriptions.service, { batchSize: 2 });
    await Promise.all([dispatcher.dispatch(), other.dispatch(), dispatcher.dispatch(), other.dispatch()]);
    for (let round = 0; round < 10 && (await get()).lag > 0; round++) {
      t.clock.advance(1_000);
      await Promise.all([dispatcher.dispatch(), other.dispatch()]);
    }
    expect(hook.state.maxInFlight).toBe(1);
    const seqs = ok().slice(before).flatMap((r) => (JSON.parse(r.body) as Delivered).changes.map((c) => c.seq));
    expect(seqs).toEqual([5, 6, 7, 8, 9]);
  });

  it('stalls after repeated failures with an alert and a lag figure, keeps retrying, and catches up in order', async () => {
    hook.state.failing = Infinity;
    await w.upload([registerRow(f, '壬公司')]);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(60 * 60_000);
      await dispatcher.dispatch();
    }
    expect(await get()).toMatchObject({ state: 'stalled', failures: 4, lag: 1, deliveredSeq: 9 });
    const alerts = await t.database.db.selectFrom('notification').select('kind').where('user_id', '=', w.city.rs.officer.id).where('kind', '=', 'subscription.stalled').execute();
    expect(alerts).toHaveLength(1);
    const metrics = await t.request({ method: 'GET', url: '/metrics', as: w.city.operator.admin.username });
    expect(metrics.body).toContain(`huitong_subscription_lag{subscription="${subscriptionId}",dataset="${w.dataset.id}",state="stalled",mode="push"} 1`);
    // A fifth failure does not alert again.
    t.clock.advance(60 * 60_000);
    await dispatcher.dispatch();
    expect(await get()).toMatchObject({ state: 'stalled', failures: 5 });
    expect(await t.database.db.selectFrom('notification').select('kind').where('user_id', '=', w.city.rs.officer.id).where('kind', '=', 'subscription.stalled').execute()).toHaveLength(1);

    hook.state.failing = 0;
    t.clock.advance(60 * 60_000);
    expect(await dispatcher.dispatch()).toBe(1);
    expect(await get()).toMatchObject({ state: 'active', failures: 0, lag: 0, deliveredSeq: 10 });
    const last = JSON.parse(ok().at(-1)!.body) as Delivered;
    expect(last.changes.map((c) => [c.seq, c.data?.qymc])).toEqual([[10, '壬公司']]);
  });

  it('stops delivery before the next change once the grant is revoked', async () => {
    const revoked = await t.request({ method: 'POST', url: `/api/sharing/grants/${w.grantId}/revoke`, as: w.city.sj.reviewer.username, body: { reason: '停止共享测试' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await w.upload([registerRow(f, '癸公司')]);
    const before = hook.received.length;
    t.clock.advance(60_000);
    expect(await dispatcher.dispatch()).toBe(0);
    expect(await t.app.modules.subscriptions.dispatcher.dispatch()).toBe(0);
    expect(hook.received.length).toBe(before);
    expect(hook.received.some((r) => r.body.includes('癸公司'))).toBe(false);
    expect(await get()).toMatchObject({ state: 'grant_revoked', deliveredSeq: 10, lag: 1 });
    const audit = await t.database.db.selectFrom('audit_log').select('operation').where('target_id', '=', subscriptionId).orderBy('seq').execute();
    expect(audit.map((a) => a.operation)).toEqual(['dataset:subscription:create', 'dataset:subscription:stalled', 'dataset:subscription:grant-revoked']);
    const notice = await t.database.db.selectFrom('notification').select('kind').where('user_id', '=', w.city.rs.officer.id).where('kind', '=', 'subscription.grant_revoked').execute();
    expect(notice).toHaveLength(1);
  });
});
