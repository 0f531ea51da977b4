import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type Factories } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { registerRow, subscribedWorld, type SubscribedWorld } from '../helpers/subscriptions.ts';

const NO_ID = '00000000-0000-4000-8000-000000000000';

/** Pull subscriptions: order by cursor, only granted items masked per the grant, the grant checked on every pull, and who may do what. */
describe('subscriptions: pull and access', () => {
  let t: TestApp;
  let f: Factories;
  let w: SubscribedWorld;

  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    w = await subscribedWorld(t, f);
  });
  afterAll(() => t.close());

  async function systemToken(clientId: string, clientSecret: string): Promise<string> {
    const response = await t.request({ method: 'POST', url: '/api/oauth/token', body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().access_token;
  }

  async function subscribe(as: string, body: Record<string, unknown>) {
    return t.request({ method: 'POST', url: '/api/subscriptions', as, body });
  }

  it('pulls every change in sequence order by an opaque cursor, only granted items, masked; the system token pulls too', async () => {
    const { city, dataset } = w;
    await w.upload([registerRow(f, '甲公司', '13800138001'), registerRow(f, '乙公司', '13800138002'), registerRow(f, '丙公司', '13800138003')]);
    const created = await subscribe(city.rs.officer.username, { datasetId: dataset.id, systemId: city.rs.systemId, mode: 'pull' });
    expect(created.statusCode, created.body).toBe(201);
    const subscription = created.json().subscription;
    expect(created.json().secret).toBeNull();
    expect(subscription).toMatchObject({ state: 'active', mode: 'pull', deliveredSeq: 0, headSeq: 3, lag: 3 });

    const seen: Array<{ seq: number; data: Record<string, unknown> }> = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes?limit=2${cursor ? `&cursor=${cursor}` : ''}`, as: city.rs.officer.username });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      seen.push(...body.changes);
      cursor = body.cursor;
      if (!body.more) break;
    }
    expect(seen.map((c) => c.seq)).toEqual([1, 2, 3]);
    for (const change of seen) {
      expect(Object.keys(change.data).sort()).toEqual(['lxdh', 'qymc', 'tyshxydm']);
      expect(change.data.lxdh).toMatch(/^138\*{4}\d{4}$/);
      expect(JSON.stringify(change)).not.toContain('王建国');
      expect(JSON.stringify(change)).not.toContain('内部使用');
      expect(change).toMatchObject({ op: 'create', idempotencyKey: `${subscription.id}:${change.seq}` });
    }
    expect(seen.map((c) => c.data.qymc)).toEqual(['甲公司', '乙公司', '丙公司']);

    // Nothing new: an empty page with the same position; a new change arrives after it.
    const empty = (await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes?cursor=${cursor}`, as: city.rs.officer.username })).json();
    expect(empty).toMatchObject({ changes: [], more: false, cursor });
    await w.upload([registerRow(f, '丁公司')]);
    const token = await systemToken(city.rs.clientId, city.rs.clientSecret);
    const next = await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes?cursor=${cursor}`, headers: { authorization: `Bearer ${token}` } });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().changes.map((c: { seq: number; data: { qymc: string } }) => [c.seq, c.data.qymc])).toEqual([[4, '丁公司']]);

    // Pulling with a cursor acknowledged what came before it: that is the lag.
    const detail = (await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}`, as: city.rs.officer.username })).json();
    expect(detail).toMatchObject({ deliveredSeq: 3, headSeq: 4, lag: 1 });

    const bad = await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes?cursor=not-a-cursor!`, as: city.rs.officer.username });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('cursor');
    const forged = await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes?cursor=${Buffer.from('{"seq":-1}').toString('base64url')}`, as: city.rs.officer.username });
    expect(forged.statusCode).toBe(400);

    // The lag is a gauge on /metrics.
    const metrics = await t.request({ method: 'GET', url: '/metrics', as: city.operator.admin.username });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(new RegExp(`huitong_subscription_lag\\{subscription="${subscription.id}",dataset="${dataset.id}",state="active",mode="pull"\\} 1`));
  });

  it('refuses a subscription without a grant in force for that system, and a second one for the same system', async () => {
    const { city, dataset } = w;
    const other = await f.system(city.rs.id);
    const noGrant = await subscribe(city.rs.officer.username, { datasetId: dataset.id, systemId: other.id, mode: 'pull' });
    expect(noGrant.statusCode).toBe(403);
    // sj provides the dataset but holds no grant for it.
    const provider = await subscribe(city.sj.officer.username, { datasetId: dataset.id, systemId: city.sj.systemId, mode: 'pull' });
    expect(provider.statusCode).toBe(403);
    expect((await subscribe(city.rs.officer.username, { datasetId: NO_ID, systemId: city.rs.systemId, mode: 'pull' })).statusCode).toBe(404);
    expect((await subscribe(city.rs.leader.username, { datasetId: dataset.id, systemId: city.rs.systemId, mode: 'pull' })).statusCode).toBe(403);
    expect((await subscribe(city.rs.officer.username, { datasetId: dataset.id, systemId: city.rs.systemId, mode: 'pull' })).statusCode).toBe(409);
    const noEndpoint = await subscribe(city.rs.officer.username, { datasetId: dataset.id, systemId: other.id, mode: 'push' });
    expect(noEndpoint.statusCode).toBe(400);
    expect(noEndpoint.json().error.details[0].field).toBe('endpoint');
    const ftp = await subscribe(city.rs.officer.username, { datasetId: dataset.id, systemId: other.id, mode: 'push', endpoint: 'ftp://example.org/x' });
    expect(ftp.statusCode).toBe(400);
  });

  it('answers 404 to another department and 403 to a role without the permission, on every route', async () => {
    const { city } = w;
    const subscription = (await t.request({ method: 'GET', url: '/api/subscriptions', as: city.rs.officer.username })).json()[0];
    const outsider = await f.departmentWithStaff(city.root.id);
    const routes = [
      { method: 'GET' as const, url: `/api/subscriptions/${subscription.id}` },
      { method: 'GET' as const, url: `/api/subscriptions/${subscription.id}/changes` },
      { method: 'POST' as const, url: `/api/subscriptions/${subscription.id}/pause` },
      { method: 'POST' as const, url: `/api/subscriptions/${subscription.id}/resume` },
      { method: 'DELETE' as const, url: `/api/subscriptions/${subscription.id}` },
    ];
    const outsiderToken = await systemToken(outsider.clientId, outsider.clientSecret);
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      expect((await t.request({ ...route, as: outsider.officer.username })).statusCode, name).toBe(404);
      expect((await t.request({ ...route, as: city.sj.officer.username })).statusCode, `provider: ${name}`).toBe(404);
      expect((await t.request({ ...route, headers: { authorization: `Bearer ${outsiderToken}` } })).statusCode, `other system: ${name}`).toBe(404);
      // Same department, a role without the permission.
      expect((await t.request({ ...route, as: city.rs.leader.username })).statusCode, `leader: ${name}`).toBe(403);
      expect((await t.request({ ...route, as: city.rs.reviewer.username })).statusCode, `reviewer: ${name}`).toBe(403);
      expect((await t.request({ ...route })).statusCode, `anonymous: ${name}`).toBe(401);
      // The department's system reads and pulls its own subscription but changes nothing.
      const own = await t.request({ ...route, headers: { authorization: `Bearer ${await systemToken(city.rs.clientId, city.rs.clientSecret)}` } });
      expect(own.statusCode, `own system: ${name}`).toBe(route.method === 'GET' ? 200 : 403);
      expect((await t.request({ ...route, url: route.url.replace(subscription.id, NO_ID), as: city.rs.officer.username })).statusCode, `missing: ${name}`).toBe(404);
    }
    // Lists are scoped: the outsider sees none, the provider none, the operator's admin all.
    expect((await t.request({ method: 'GET', url: '/api/subscriptions', as: outsider.officer.username })).json()).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/subscriptions', as: city.sj.officer.username })).json()).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/subscriptions', as: city.rs.leader.username })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/subscriptions', as: city.operator.admin.username })).json().map((s: { id: string }) => s.id)).toContain(subscription.id);
    expect((await t.request({ method: 'POST', url: '/api/subscriptions', as: outsider.officer.username, body: { datasetId: w.dataset.id, systemId: outsider.systemId, mode: 'pull' } })).statusCode).toBe(403);
  });

  it('stops a pull once the grant is revoked, and audits create, pause, resume and delete', async () => {
    const { city, dataset } = w;
    const subscription = (await t.request({ method: 'GET', url: '/api/subscriptions', as: city.rs.officer.username })).json()[0];
    const paused = await t.request({ method: 'POST', url: `/api/subscriptions/${subscription.id}/pause`, as: city.rs.admin.username });
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().state).toBe('paused');
    expect((await t.request({ method: 'POST', url: `/api/subscriptions/${subscription.id}/pause`, as: city.rs.officer.username })).statusCode).toBe(409);
    expect((await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes`, as: city.rs.officer.username })).statusCode).toBe(409);
    expect((await t.request({ method: 'POST', url: `/api/subscriptions/${subscription.id}/resume`, as: city.rs.officer.username })).json().state).toBe('active');

    const revoked = await t.request({ method: 'POST', url: `/api/sharing/grants/${w.grantId}/revoke`, as: city.sj.reviewer.username, body: { reason: '停止共享测试' } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    await w.upload([registerRow(f, '戊公司')]);
    const refused = await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}/changes`, as: city.rs.officer.username });
    expect(refused.statusCode).toBe(403);
    expect(JSON.stringify(refused.json())).not.toContain('戊公司');
    expect((await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}`, as: city.rs.officer.username })).json().state).toBe('grant_revoked');
    // Without a grant it cannot be resumed, only removed.
    expect((await t.request({ method: 'POST', url: `/api/subscriptions/${subscription.id}/resume`, as: city.rs.officer.username })).statusCode).toBe(403);
    expect((await t.request({ method: 'DELETE', url: `/api/subscriptions/${subscription.id}`, as: city.rs.officer.username })).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: `/api/subscriptions/${subscription.id}`, as: city.rs.officer.username })).statusCode).toBe(404);

    const audit = await t.database.db.selectFrom('audit_log').select(['operation', 'actor_user_id']).where('target_type', '=', 'dataset_subscription').where('target_id', '=', subscription.id).orderBy('seq').execute();
    expect(audit.map((a) => a.operation)).toEqual([
      'dataset:subscription:create',
      'dataset:subscription:pause',
      'dataset:subscription:resume',
      'dataset:subscription:grant-revoked',
      'dataset:subscription:delete',
    ]);
    expect(audit[1]!.actor_user_id).toBe(city.rs.admin.id);
    // The audit viewer names the subscription by the dataset's entry.
    const listed = await t.request({ method: 'GET', url: `/api/audit/records?pageSize=50&targetType=dataset_subscription&targetId=${subscription.id}`, as: city.operator.auditor.username });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((r: { targetName: string }) => r.targetName)).toEqual(Array(5).fill(w.entry.current!.content.name));
    expect(dataset.id).toBeTruthy();
  });
});
