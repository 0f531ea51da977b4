import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';
import { factories } from '../helpers/factories.ts';
import { uploadLetter } from '../helpers/sharing.ts';
import { GRANTED_ITEMS, subscribedContent } from '../helpers/subscriptions.ts';
import { apiEntry, upstreamDocument } from '../helpers/api-upstream.ts';
import { createTestApp, type RequestOptions, type TestApp } from '../helpers/test-app.ts';
import { FOREIGN_ACCESS, type Case, type Role, type World } from './foreign-access.table.ts';

/**
 * Foreign access, route by route: a user of department B, probing a resource of department A,
 * gets 404 when B may not see it and 403 when B may see but not change it. Every write probe must
 * leave every table as it was (the audit trail aside, which may only gain a denied or failed
 * record), and list routes must not show A's rows to B.
 *
 * The table (foreign-access.table.ts) has one key per route, `METHOD /path/:param` as Fastify
 * registers it. Adding a route? Add its key with either
 *   - one or more probes: `{ label, as, params, query?, body?|upload?, expect: 404 | 403 }`, naming
 *     which of B's users sends it (`as`: the role that could do it on B's own resource, so the
 *     answer is about the department and not the role) and which of A's resources goes into the
 *     path (`params`, filled into the route's own path) or the body; a resource the probe needs
 *     and the world lacks goes into `World` and `buildWorld` below;
 *   - for a list route, `absent: (w) => [A's ids or names]` instead of `expect`: none may be in
 *     B's answer, and the same request by A's user (C's with `seenBy: 'c'`) must show one of them,
 *     unless `uncontrolled` says why it would not; or `foreign: (body, w) => offending rows` when
 *     the rows must be judged one by one (the audit trail, which holds B's own attempts on A's ids);
 *   - `expect: 200 | 400` with `why`, for an answer that is neither and is meant;
 *   - or `{ exempt: 'one-line reason' }` for a route that takes no other department's id
 *     (public routes, the caller's own session, the national calendar).
 * A route without a key, or a key without a route, fails the first test here.
 */

/** Third-party file servers: the API reference (swagger-ui) and the built console. No data. */
const STATIC_FILES = (url: string) => url.startsWith('/api/docs') || url === '/' || url === '/*';

/** Tables a refused request may still write: the audit trail and the caller's own session. */
const WRITTEN_BY_ANY_REQUEST = new Set(['audit_log', 'audit_checkpoint', 'audit_head', 'audit_anchor', 'auth_session', 'login_attempt']);

describe('foreign access: every route hides or refuses department A’s resources to department B', () => {
  let t: TestApp;
  let w: World;
  const usernames = new Map<Role, string>();

  beforeAll(async () => {
    // jinzhong: a profile with monthly reports (exchange.monthly_report_day) and delegated review.
    t = await createTestApp({ policy: 'jinzhong' });
    w = await buildWorld(t);
    usernames.set('officer', w.b.officer.username).set('leader', w.b.leader.username).set('reviewer', w.b.reviewer.username).set('admin', w.b.admin.username).set('auditor', w.bAuditor.username);
  }, 300_000);
  afterAll(() => t?.close());

  it('has one row per route, and no row for a route that does not exist', () => {
    const routes = new Set(
      t.app.routes
        .list()
        .filter((r) => r.method !== 'HEAD' && !STATIC_FILES(r.url))
        .map((r) => `${r.method} ${r.url}`),
    );
    const rows = new Set(Object.keys(FOREIGN_ACCESS));
    expect([...routes].filter((r) => !rows.has(r)), 'routes without a row in foreign-access.table.ts').toEqual([]);
    expect([...rows].filter((r) => !routes.has(r)), 'rows for routes that do not exist').toEqual([]);
  });

  const cases = Object.entries(FOREIGN_ACCESS).flatMap(([route, row]) => ('exempt' in row ? [] : row.map((c) => ({ name: `${route} — ${c.label}`, route, probe: c }))));

  it.each(cases)('$name', async ({ route, probe }) => {
    const request = requestFor(route, probe);
    const write = request.method !== 'GET';
    const before = write ? await snapshot(t) : undefined;
    const response = await t.request(request);
    const where = `${request.method} ${request.url} as B's ${probe.as}: ${response.statusCode} ${response.body.slice(0, 300)}`;
    if ('absent' in probe) {
      expect(response.statusCode, where).toBe(200);
      for (const value of probe.absent(w)) expect(response.body, `${where}\nshows ${value}`).not.toContain(value);
      // The control: the same request by A's (or C's) user of that role shows at least one of them, so the absence means something.
      if (!probe.uncontrolled) {
        const owner = probe.seenBy ?? 'a';
        const own = await t.request({ ...request, as: ownerUsername(owner, probe.as) });
        expect(probe.absent(w).some((value) => own.body.includes(value)), `${request.method} ${request.url} as ${owner.toUpperCase()}'s ${probe.as} shows none of ${probe.absent(w).join(', ')}: ${own.body.slice(0, 300)}`).toBe(true);
      }
    } else if ('foreign' in probe) {
      expect(response.statusCode, where).toBe(200);
      expect(probe.foreign(response.json(), w), `${where}\nrows of another department`).toEqual([]);
    } else {
      expect(response.statusCode, where).toBe(probe.expect);
    }
    if (!write) return;
    expect(await snapshot(t), `${where}\nchanged the database`).toEqual(before);
    const requestId = response.headers['x-request-id'] as string;
    const outcomes = await t.database.db.selectFrom('audit_log').select(['operation', 'outcome']).where('request_id', '=', requestId).execute();
    const expected = 'expect' in probe && probe.expect === 403 ? ['denied'] : ['denied', 'failure'];
    for (const record of outcomes) expect(expected, `${where}\naudit ${record.operation} ${record.outcome}`).toContain(record.outcome);
  });

  it('the unchanged check sees a write (so a refused probe that wrote would fail it)', async () => {
    const before = await snapshot(t);
    t.clock.advance(60_000);
    const confirmed = await t.request({ method: 'POST', url: `/api/catalog/entries/${w.ids.publishedA}/confirm-current`, as: w.a.officer.username, body: {} });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await snapshot(t)).not.toEqual(before);
  });

  function ownerUsername(owner: 'a' | 'c', role: Role): string {
    if (role === 'auditor') throw new Error('no auditor in A or C: use `foreign` for the audit trail');
    return w[owner][role].username;
  }

  function requestFor(route: string, probe: Case): RequestOptions {
    const [method, path] = route.split(' ') as [RequestOptions['method'], string];
    const params = probe.params?.(w) ?? {};
    const url = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${route}: probe "${probe.label}" gives no value for :${name}`);
      return encodeURIComponent(value);
    });
    const query = probe.query ? `?${new URLSearchParams(probe.query(w))}` : '';
    const as = usernames.get(probe.as)!;
    if (probe.upload) {
      const { payload, headers } = probe.upload(w);
      return { method, url: url + query, as, payload: payload as never, headers };
    }
    const body = probe.body?.(w) ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
    return { method, url: url + query, as, ...(body !== undefined && { body }) };
  }
});

/** A digest of every table a refused request must leave alone (dataset tables included), in one query. */
async function snapshot(t: TestApp): Promise<Record<string, string>> {
  const tables = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1, 2`.execute(t.database.db);
  const digests = tables.rows
    .filter(({ name }) => !WRITTEN_BY_ANY_REQUEST.has(name))
    .map(({ schema, name }) => sql`select ${`${schema}.${name}`} as name, md5(string_agg(x::text, '|' order by x::text)) as digest from ${sql.table(`${schema}.${name}`)} x`);
  const { rows } = await sql<{ name: string; digest: string | null }>`${sql.join(digests, sql` union all `)}`.execute(t.database.db);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest ?? '']));
}

/** Department A's resources of every kind, B and C, built through the platform's own routes and services. */
async function buildWorld(t: TestApp): Promise<World> {
  const f = factories(t);
  const city = await f.city();
  const a = city.sj;
  const b = city.rs;
  const c = await f.departmentWithStaff(city.root.id);
  const bAuditor = await b.user('security_auditor');
  const ok = async (request: RequestOptions) => {
    const response = await t.request(request);
    expect(response.statusCode, `${request.method} ${request.url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };

  const draft = await f.draftEntry(a.officer);
  const submitted = await f.draftEntry(a.officer);
  await ok({ method: 'POST', url: `/api/catalog/entries/${submitted.id}/submit`, as: a.officer.username, body: {} });
  const publishedA = await f.publishedEntry(a.officer, marketEntityContent());
  const publishedC = await f.publishedEntry(c.officer, { shareType: 'conditional' });
  const draftVersions = await ok({ method: 'GET', url: `/api/catalog/entries/${draft.id}/versions`, as: a.officer.username });

  const applicationDraftA = await f.applicationIn('draft', { applicant: a, provider: c, entry: publishedC });
  await uploadLetter(t, a.officer.username, applicationDraftA.id);
  const applicationReviewA = await f.applicationIn('provider_review', { applicant: a, provider: c, entry: publishedC });
  const applicationRejectedA = await f.applicationIn('rejected', { applicant: a, provider: c, entry: publishedC });
  const grantedA = await f.applicationIn('approved', { applicant: a, provider: c, entry: publishedC });
  const grantedB = await f.applicationIn('approved', { applicant: b, provider: a, entry: publishedA });

  const objectionOnA = await ok({ method: 'POST', url: `/api/catalog/entries/${publishedA.id}/objections`, as: c.officer.username, body: { kind: 'error', content: '注册资本单位有误' } });
  const objectionByA = await ok({ method: 'POST', url: `/api/catalog/entries/${publishedC.id}/objections`, as: a.officer.username, body: { kind: 'objection', content: '共享条件过严' } });
  const triggerDescription = `《市场主体登记管理条例》修订${a.id.slice(0, 8)}`;
  const trigger = await ok({ method: 'POST', url: '/api/catalog/maintenance/triggers', as: a.officer.username, body: { kind: 'legal_change', description: triggerDescription, occurredOn: '2026-10-30' } });
  const demandTitle = `企业年报数据${a.id.slice(0, 8)}`;
  const demand = await ok({ method: 'POST', url: '/api/sharing/demands', as: a.officer.username, body: { providerDepartmentId: c.id, title: demandTitle, description: '需要企业年报数据用于监管', purpose: '事中事后监管' } });
  const delegations = await ok({ method: 'POST', url: '/api/sharing/delegations', as: a.leader.username, body: { entryId: publishedA.id, delegateUserId: a.officer.id } });
  const webhook = await ok({ method: 'POST', url: '/api/webhooks', as: a.admin.username, body: { departmentId: a.id, url: 'https://example.org/hook', events: ['grant.created'] } });

  const datasetA = await ok({ method: 'POST', url: '/api/datasets', as: a.officer.username, body: { entryId: publishedA.id } });
  const batch = await ok({ method: 'POST', url: `/api/datasets/${datasetA.id}/batches`, as: a.officer.username, ...csvUpload(csvBytes([MARKET_HEADER, [f.randomUscc(), '汇通科技', '1', '2', '2020-01-01', '', '否']], 'utf-8')) } as RequestOptions);
  const connection = await ok({ method: 'POST', url: '/api/datasets/connections', as: a.officer.username, body: { name: '市场监管业务库', kind: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', username: 'postgres' } });
  const publishedB = await f.publishedEntry(b.officer, marketEntityContent());
  const datasetB = await ok({ method: 'POST', url: '/api/datasets', as: b.officer.username, body: { entryId: publishedB.id } });

  // A's API service, registered (not probed: B's probes must be refused before any upstream call).
  const apiEntryA = await apiEntry(f, city, 'sj');
  const apiServiceA = await ok({
    method: 'POST',
    url: '/api/api-services',
    as: a.officer.username,
    body: { entryId: apiEntryA.id, baseUrl: 'http://127.0.0.1:9/v1', openapi: JSON.stringify(upstreamDocument()), operations: ['listItems'], auth: { kind: 'header', name: 'X-Api-Key', value: 'secret-of-a' } },
  });
  // A as a consumer: a grant in force for its system over C's dataset, and A's system subscribed to it.
  const subscribedEntryC = await f.publishedEntry(c.officer, subscribedContent());
  const datasetC = await ok({ method: 'POST', url: '/api/datasets', as: c.officer.username, body: { entryId: subscribedEntryC.id } });
  await f.applicationIn('approved', { applicant: a, provider: c, entry: subscribedEntryC, itemCodes: GRANTED_ITEMS });
  const subscriptionA = await ok({ method: 'POST', url: '/api/subscriptions', as: a.officer.username, body: { datasetId: datasetC.id, systemId: a.systemId, mode: 'pull' } });

  const notifications: Array<{ id: number; readAt: string | null }> = [];
  for (const user of [a.officer, a.leader, a.reviewer]) notifications.push(...(await ok({ method: 'GET', url: '/api/notifications', as: user.username })).items);
  const unread = notifications.filter((n) => !n.readAt).map((n) => n.id);
  expect(unread.length, 'A has unread notifications to probe with').toBeGreaterThan(0);

  return {
    a,
    b,
    c,
    bAuditor,
    ids: {
      draftA: draft.id,
      draftAName: draft.current?.content.name ?? draft.pending!.content.name,
      draftAVersion: draftVersions[0].id,
      submittedA: submitted.id,
      submittedAName: submitted.current?.content.name ?? submitted.pending!.content.name,
      publishedA: publishedA.id,
      publishedC: publishedC.id,
      applicationDraftA: applicationDraftA.id,
      applicationReviewA: applicationReviewA.id,
      applicationRejectedA: applicationRejectedA.id,
      grantA: grantedA.grantId!,
      grantB: grantedB.grantId!,
      objectionOnA: objectionOnA.id,
      objectionByA: objectionByA.id,
      triggerA: trigger.id,
      triggerADescription: triggerDescription,
      demandA: demand.id,
      demandATitle: demandTitle,
      delegationA: delegations.find((d: { delegate: { id: string } }) => d.delegate.id === a.officer.id).id,
      webhookA: webhook.webhook.id,
      datasetA: datasetA.id,
      batchA: batch.id,
      connectionA: connection.id,
      datasetB: datasetB.id,
      notificationsA: unread,
      apiEntryA: apiEntryA.id,
      apiServiceA: apiServiceA.id,
      datasetC: datasetC.id,
      subscriptionA: subscriptionA.subscription.id,
    },
  };
}
