import { demoLetterPdf } from '../../src/seed/demo-data.ts';
import { validContent } from '../helpers/catalog.ts';
import { csvBytes, csvUpload, MARKET_HEADER } from '../helpers/datasets.ts';
import type { TestDepartment, TestUser } from '../helpers/factories.ts';
import { multipartFile } from '../helpers/multipart.ts';
import { applicationBody } from '../helpers/sharing.ts';
import { upstreamDocument } from '../helpers/api-upstream.ts';

/**
 * The foreign-access table: for every route of the app, how a user of department B is probed with
 * a resource of department A, and what the answer must be. See foreign-access.test.ts for the
 * convention; every route the app registers needs a key here, and every key must be a route.
 */

/** What the probes use: department A owns the resources, B probes them, C is a third party. */
export interface World {
  a: TestDepartment;
  b: TestDepartment;
  c: TestDepartment;
  /** B's security auditor (a department auditor, like 公安局's). */
  bAuditor: TestUser;
  ids: {
    /** A's catalog entries: a draft, one waiting for review, one published (a market register, file-provided). */
    draftA: string;
    draftAName: string;
    draftAVersion: string;
    submittedA: string;
    submittedAName: string;
    publishedA: string;
    /** C's published entry, which A applies for. */
    publishedC: string;
    /** A's applications for C's entry: a draft, one at C's review, one refused by C, one granted. */
    applicationDraftA: string;
    applicationReviewA: string;
    applicationRejectedA: string;
    grantA: string;
    /** B's grant on A's entry: B sees it but only A (or the operator) may revoke it. */
    grantB: string;
    /** An objection C raised on A's entry, and one A raised on C's. */
    objectionOnA: string;
    objectionByA: string;
    triggerA: string;
    triggerADescription: string;
    demandA: string;
    demandATitle: string;
    delegationA: string;
    webhookA: string;
    datasetA: string;
    batchA: string;
    connectionA: string;
    /** B's own dataset, for a mapping that names A's connection. */
    datasetB: string;
    /** A's unread notifications. */
    notificationsA: number[];
    /** A's published 接口代理 entry and its registered API service. */
    apiEntryA: string;
    apiServiceA: string;
    /** C's dataset, which A holds a grant for and A's system subscribes to (subscriptionA). */
    datasetC: string;
    subscriptionA: string;
  };
}

export type Role = 'officer' | 'leader' | 'reviewer' | 'admin' | 'auditor';

export interface Probe {
  /** What the probe shows, in the test's name. */
  label: string;
  /** Which of B's users sends it (the role that could do it on B's own resources). */
  as: Role;
  /** Values for the route's path parameters (`:id` …). */
  params?: (w: World) => Record<string, string>;
  query?: (w: World) => Record<string, string>;
  body?: (w: World) => unknown;
  /** A multipart body instead of JSON. */
  upload?: (w: World) => { payload: Buffer; headers: Record<string, string> };
}

/**
 * - `expect: 404`: A's resource does not exist for B.
 * - `expect: 403`: B may see it, not change it.
 * - `expect: 200` or `400` with `why`: an answer that is neither, explained (B sees it by design;
 *   a foreign id in a body is a field error). Writes still must change nothing.
 * - `absent`: a list route answers 200 and none of these strings (A's ids, names) is in the body;
 *   the same request by A's user of the same role (C's with `seenBy: 'c'`) must show at least one
 *   of them (the control), unless `uncontrolled` says why nobody else would see them there either.
 * - `foreign`: a list route answers 200 and this finds no row of another department in the body.
 */
export type Case = Probe &
  (
    | { expect: 403 | 404 }
    | { expect: 200 | 400; why: string }
    | { absent: (w: World) => string[]; seenBy?: 'c'; uncontrolled?: string }
    | { foreign: (body: unknown, w: World) => unknown[] }
  );

/** A route that needs no probe, with the reason. */
export interface Exempt {
  exempt: string;
}

export type Row = Case[] | Exempt;

const id = (pick: (w: World) => string) => (w: World) => ({ id: pick(w) });
const content = (name: string) => ({ content: validContent({ name }) });
// B's upload is refused before its body is read, so the row is never validated: the code is a
// deliberately invalid stand-in (a load that did reach validation would reject it, not store it).
const upload = () => csvUpload(csvBytes([MARKET_HEADER, ['91360100MA35XXXX0X', '汇通科技', '1', '2', '2020-01-01', '', '否']], 'utf-8'));
const OWN_SESSION = 'acts on the caller’s own session or password only; no other department’s id';
const NATIONAL_CALENDAR = 'the official working-day calendar is the same for every department';

export const FOREIGN_ACCESS: Record<string, Row> = {
  // ── outside the API: probes and metrics ──
  'GET /healthz': { exempt: 'public liveness probe, no data' },
  'GET /readyz': { exempt: 'public readiness probe, no data' },
  'GET /metrics': { exempt: 'scraper token, route counts only; no department data' },
  'GET /api/openapi.json': { exempt: 'public API description' },
  'GET /api/meta': { exempt: 'public platform facts (policy profile, version)' },
  'GET /api/policy/conformance': { exempt: 'the policy profile’s rules, the same for everyone' },

  // ── auth ──
  'POST /api/auth/login': { exempt: 'public sign-in' },
  'POST /api/auth/tokens': { exempt: 'public sign-in' },
  'POST /api/oauth/token': { exempt: 'public client-credentials sign-in of a system' },
  'POST /api/auth/logout': { exempt: OWN_SESSION },
  'GET /api/auth/me': { exempt: OWN_SESSION },
  'POST /api/auth/password': { exempt: OWN_SESSION },

  // ── org: departments, users, systems, webhooks ──
  'GET /api/departments': { exempt: 'the department tree is visible to every signed-in user (applicants pick providers from it)' },
  'POST /api/departments': [{ label: 'a unit under A', as: 'admin', body: (w) => ({ parentId: w.a.id, name: '越权新建部门', kind: 'department', level: 'county' }), expect: 403 }],
  'GET /api/departments/:id': [{ label: 'A', as: 'admin', params: id((w) => w.a.id), expect: 200, why: 'the department tree is visible to every signed-in user' }],
  'PATCH /api/departments/:id': [{ label: 'A', as: 'admin', params: id((w) => w.a.id), body: () => ({ name: '越权改名' }), expect: 403 }],
  'GET /api/departments/:id/data-officers': [{ label: 'A', as: 'admin', params: id((w) => w.a.id), expect: 404 }],
  'POST /api/departments/:id/data-officers': [{ label: 'A, naming B’s officer', as: 'admin', params: id((w) => w.a.id), body: (w) => ({ userId: w.b.officer.id }), expect: 403 }],
  'DELETE /api/departments/:id/data-officers/:userId': [{ label: 'A’s officer', as: 'admin', params: (w) => ({ id: w.a.id, userId: w.a.officer.id }), expect: 403 }],
  'GET /api/users': [
    { label: 'own list', as: 'admin', absent: (w) => [w.a.officer.id, w.a.officer.username] },
    { label: 'filtered to A', as: 'admin', query: (w) => ({ departmentId: w.a.id }), absent: (w) => [w.a.officer.id, w.a.officer.username] },
  ],
  'POST /api/users': [
    {
      label: 'a user in A',
      as: 'admin',
      body: (w) => ({ username: 'foreign_user', name: '越权用户', idNumber: '110101199003077777', phone: '13907970099', departmentId: w.a.id, roles: ['data_officer'], password: 'Huitong@2026x' }),
      expect: 403,
    },
  ],
  'GET /api/users/:id': [{ label: 'A’s officer', as: 'admin', params: id((w) => w.a.officer.id), expect: 404 }],
  'PATCH /api/users/:id': [{ label: 'A’s officer', as: 'admin', params: id((w) => w.a.officer.id), body: () => ({ name: '越权改名' }), expect: 404 }],
  'POST /api/users/:id/unlock': [{ label: 'A’s officer', as: 'admin', params: id((w) => w.a.officer.id), expect: 404 }],
  'GET /api/systems': [
    { label: 'own list', as: 'admin', absent: (w) => [w.a.systemId, w.a.clientId] },
    { label: 'filtered to A', as: 'admin', query: (w) => ({ departmentId: w.a.id }), absent: (w) => [w.a.systemId, w.a.clientId] },
  ],
  'POST /api/systems': [{ label: 'a system of A', as: 'admin', body: (w) => ({ departmentId: w.a.id, name: '越权系统' }), expect: 403 }],
  'POST /api/systems/:id/rotate-secret': [{ label: 'A’s system', as: 'admin', params: id((w) => w.a.systemId), expect: 404 }],
  'POST /api/systems/:id/disable': [{ label: 'A’s system', as: 'admin', params: id((w) => w.a.systemId), expect: 404 }],
  'POST /api/systems/:id/enable': [{ label: 'A’s system', as: 'admin', params: id((w) => w.a.systemId), expect: 404 }],
  'GET /api/webhooks': [
    { label: 'A’s webhooks', as: 'admin', query: (w) => ({ departmentId: w.a.id }), expect: 403 },
    { label: 'own webhooks', as: 'admin', query: (w) => ({ departmentId: w.b.id }), absent: (w) => [w.ids.webhookA], uncontrolled: 'B’s own list; A’s admin is refused it (the row above)' },
  ],
  'POST /api/webhooks': [{ label: 'for A', as: 'admin', body: (w) => ({ departmentId: w.a.id, url: 'https://example.org/hook', events: ['grant.created'] }), expect: 403 }],
  'DELETE /api/webhooks/:id': [{ label: 'A’s webhook', as: 'admin', params: id((w) => w.ids.webhookA), expect: 404 }],

  // ── audit ──
  'GET /api/audit/records': [
    // B's trail holds B's own attempts on A's ids, so the check is on whose records they are.
    { label: 'own department’s trail', as: 'auditor', query: () => ({ pageSize: '200' }), foreign: (body, w) => auditRecordsNotOf(body, w.b.id, true) },
    { label: 'filtered to A', as: 'auditor', query: (w) => ({ departmentId: w.a.id, pageSize: '200' }), foreign: (body, w) => auditRecordsNotOf(body, w.b.id) },
    { label: 'filtered to A’s draft', as: 'auditor', query: (w) => ({ targetId: w.ids.draftA, pageSize: '200' }), foreign: (body, w) => auditRecordsNotOf(body, w.b.id) },
  ],
  'POST /api/audit/verify': [{ label: 'the whole chain', as: 'auditor', expect: 403 }],

  // ── calendar ──
  'GET /api/calendar/years': { exempt: NATIONAL_CALENDAR },
  'GET /api/calendar/years/:year': { exempt: NATIONAL_CALENDAR },
  'PUT /api/calendar/years/:year': [{ label: '2027', as: 'admin', params: () => ({ year: '2027' }), body: () => ({ source: '国务院办公厅通知', days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }] }), expect: 403 }],
  'GET /api/calendar/check': { exempt: NATIONAL_CALENDAR },
  'GET /api/calendar/due': { exempt: NATIONAL_CALENDAR },

  // ── catalog ──
  'GET /api/catalog/classifications': { exempt: 'the national classification scheme, the same for everyone' },
  'GET /api/catalog/entries': [
    {
      label: 'the catalog',
      as: 'officer',
      query: () => ({ pageSize: '100', facets: 'false' }),
      absent: (w) => [w.ids.draftA, w.ids.submittedA, w.ids.draftAName, w.ids.submittedAName],
      uncontrolled: 'the default list is the published catalog for everyone; the own-scope row has the control',
    },
    { label: 'own scope', as: 'officer', query: () => ({ scope: 'mine', pageSize: '100', facets: 'false' }), absent: (w) => [w.ids.draftA, w.ids.submittedA, w.ids.publishedA] },
    {
      label: 'filtered to A',
      as: 'officer',
      query: (w) => ({ departmentId: w.a.id, pageSize: '100', facets: 'false' }),
      absent: (w) => [w.ids.draftA, w.ids.submittedA, w.ids.draftAName],
      uncontrolled: 'published entries only, for A too; the own-scope row has the control',
    },
  ],
  'POST /api/catalog/entries': { exempt: 'creates an entry of the caller’s own department; the body names no other department' },
  'GET /api/catalog/entries/:id': [
    { label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), expect: 404 },
    { label: 'A’s submission', as: 'officer', params: id((w) => w.ids.submittedA), expect: 404 },
  ],
  'PUT /api/catalog/entries/:id/draft': [
    { label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), body: () => content('越权修改'), expect: 404 },
    { label: 'A’s published entry', as: 'officer', params: id((w) => w.ids.publishedA), body: () => content('越权修改'), expect: 403 },
  ],
  'DELETE /api/catalog/entries/:id/draft': [
    { label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), expect: 404 },
    { label: 'A’s published entry', as: 'officer', params: id((w) => w.ids.publishedA), expect: 403 },
  ],
  'POST /api/catalog/entries/:id/submit': [
    { label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), expect: 404 },
    { label: 'A’s published entry', as: 'officer', params: id((w) => w.ids.publishedA), expect: 403 },
  ],
  'POST /api/catalog/entries/:id/withdraw': [{ label: 'A’s submission', as: 'officer', params: id((w) => w.ids.submittedA), expect: 404 }],
  'POST /api/catalog/entries/:id/confirm-current': [
    { label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), expect: 404 },
    { label: 'A’s published entry', as: 'officer', params: id((w) => w.ids.publishedA), expect: 403 },
  ],
  'POST /api/catalog/entries/:id/review': [{ label: 'A’s submission', as: 'reviewer', params: id((w) => w.ids.submittedA), body: () => ({ decision: 'approve' }), expect: 403 }],
  'POST /api/catalog/entries/:id/offline': [
    { label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), body: () => ({ reason: '越权下线' }), expect: 404 },
    { label: 'A’s published entry', as: 'officer', params: id((w) => w.ids.publishedA), body: () => ({ reason: '越权下线' }), expect: 403 },
  ],
  'GET /api/catalog/entries/:id/versions': [{ label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), expect: 404 }],
  'GET /api/catalog/entries/:id/versions/:versionId/diff': [{ label: 'A’s draft', as: 'officer', params: (w) => ({ id: w.ids.draftA, versionId: w.ids.draftAVersion }), expect: 404 }],
  'GET /api/catalog/review-queue': [{ label: 'the queue', as: 'reviewer', expect: 403 }],
  'GET /api/catalog/dedicated': [{ label: 'dedicated to B', as: 'officer', absent: (w) => [w.ids.draftA, w.ids.submittedA, w.ids.publishedC], uncontrolled: 'nothing in the world is dedicated to A' }],
  'GET /api/catalog/notices': [{ label: 'B’s notices', as: 'officer', absent: (w) => [w.ids.draftA, w.ids.submittedA, w.ids.draftAName], uncontrolled: 'no entry A consumes has changed' }],
  'POST /api/catalog/entries/:id/objections': [{ label: 'A’s draft', as: 'officer', params: id((w) => w.ids.draftA), body: () => ({ kind: 'error', content: '越权提出的疑义' }), expect: 404 }],
  'GET /api/catalog/objections': [
    { label: 'raised', as: 'officer', query: () => ({ box: 'raised' }), absent: (w) => [w.ids.objectionOnA, w.ids.objectionByA] },
    { label: 'received', as: 'officer', query: () => ({ box: 'received' }), absent: (w) => [w.ids.objectionOnA, w.ids.objectionByA] },
    { label: 'on A’s entry', as: 'officer', query: (w) => ({ entryId: w.ids.publishedA }), absent: (w) => [w.ids.objectionOnA] },
  ],
  'POST /api/catalog/objections/:id/answer': [{ label: 'the objection to A', as: 'officer', params: id((w) => w.ids.objectionOnA), body: () => ({ answer: '越权答复' }), expect: 404 }],
  'POST /api/catalog/objections/:id/close': [{ label: 'A’s objection', as: 'officer', params: id((w) => w.ids.objectionByA), expect: 404 }],
  'GET /api/catalog/maintenance/triggers': [{ label: 'B’s triggers', as: 'officer', absent: (w) => [w.ids.triggerA, w.ids.triggerADescription] }],
  'POST /api/catalog/maintenance/triggers': { exempt: 'records a change for the caller’s own department; the body names no other department' },
  'POST /api/catalog/maintenance/triggers/:id/resolve': [{ label: 'A’s trigger', as: 'officer', params: id((w) => w.ids.triggerA), expect: 404 }],
  'GET /api/catalog/maintenance/overdue': [{ label: 'B’s overdue entries', as: 'officer', absent: (w) => [w.ids.draftA, w.ids.submittedA, w.ids.publishedA], uncontrolled: 'no entry of A is overdue yet' }],
  'GET /api/catalog/export': [
    { label: 'JSON', as: 'officer', query: () => ({ format: 'json' }), absent: (w) => [w.ids.draftAName, w.ids.submittedAName], uncontrolled: 'the published catalog for A too; the own-scope row has the control' },
    { label: 'own scope', as: 'officer', query: () => ({ format: 'json', scope: 'mine' }), absent: (w) => [w.ids.draftAName, w.ids.submittedAName] },
  ],
  'GET /api/catalog/template.xlsx': { exempt: 'an empty import template' },
  'POST /api/catalog/import': { exempt: 'imports into the caller’s own department; the file names no other department' },

  // ── notifications ──
  'GET /api/notifications': [{ label: 'B’s notifications', as: 'officer', absent: (w) => w.ids.notificationsA.map((n) => `"id":${n},`) }],
  'POST /api/notifications/read': [
    { label: 'A’s notification ids', as: 'officer', body: (w) => ({ ids: w.ids.notificationsA }), expect: 200, why: 'marking read is by id in the caller’s own inbox: foreign ids match nothing' },
  ],

  // ── sharing: applications ──
  'GET /api/sharing/applications': [
    { label: 'mine', as: 'officer', query: () => ({ box: 'mine' }), absent: (w) => [w.ids.applicationDraftA, w.ids.applicationReviewA, w.ids.applicationRejectedA] },
    { label: 'received', as: 'reviewer', query: () => ({ box: 'received' }), absent: (w) => [w.ids.applicationReviewA, w.ids.applicationRejectedA], seenBy: 'c' },
    { label: 'provider', as: 'reviewer', query: () => ({ box: 'provider' }), absent: (w) => [w.ids.applicationReviewA], seenBy: 'c' },
    {
      label: 'leader',
      as: 'leader',
      query: () => ({ box: 'leader' }),
      absent: (w) => [w.ids.applicationDraftA, w.ids.applicationReviewA, w.ids.applicationRejectedA],
      uncontrolled: 'no application of A waits for its leader; the box is still checked for A’s rows',
    },
  ],
  'POST /api/sharing/applications': [
    {
      label: 'for A’s draft entry',
      as: 'officer',
      body: (w) => applicationBody({ id: w.ids.draftA, current: { content: { items: [{ code: 'xm', shareType: 'unconditional' }], shareModes: ['interface'] } } }, w.b.systemId),
      expect: 400,
      why: 'an entry B cannot apply for is a field error naming entryId, the same answer as for an unknown id',
    },
    {
      label: 'with A’s system',
      as: 'officer',
      body: (w) => applicationBody({ id: w.ids.publishedC, current: { content: { items: [{ code: 'xm', shareType: 'conditional' }], shareModes: ['download'] } } }, w.a.systemId),
      expect: 400,
      why: 'a system of another department is a field error naming systemId (sharing-negative.test.ts)',
    },
  ],
  'GET /api/sharing/applications/:id': [{ label: 'A’s application', as: 'officer', params: id((w) => w.ids.applicationReviewA), expect: 404 }],
  'PUT /api/sharing/applications/:id': [
    {
      label: 'A’s draft',
      as: 'officer',
      params: id((w) => w.ids.applicationDraftA),
      body: (w) => applicationBody({ id: w.ids.publishedC, current: { content: { items: [{ code: 'xm', shareType: 'conditional' }], shareModes: ['download'] } } }, w.b.systemId),
      expect: 404,
    },
  ],
  'PUT /api/sharing/applications/:id/letter': [{ label: 'A’s draft', as: 'officer', params: id((w) => w.ids.applicationDraftA), upload: () => multipartFile('申请函.pdf', demoLetterPdf('x'), 'application/pdf'), expect: 404 }],
  'GET /api/sharing/applications/:id/letter': [{ label: 'A’s application', as: 'officer', params: id((w) => w.ids.applicationReviewA), expect: 404 }],
  'POST /api/sharing/applications/:id/submit': [{ label: 'A’s draft', as: 'officer', params: id((w) => w.ids.applicationDraftA), expect: 404 }],
  'POST /api/sharing/applications/:id/withdraw': [{ label: 'A’s application', as: 'officer', params: id((w) => w.ids.applicationReviewA), body: () => ({ reason: '越权撤回' }), expect: 404 }],
  'POST /api/sharing/applications/:id/steps/:kind/decision': [
    { label: 'provider review of A’s application', as: 'reviewer', params: (w) => ({ id: w.ids.applicationReviewA, kind: 'provider_review' }), body: () => ({ decision: 'approve', comment: '越权审批' }), expect: 404 },
  ],
  'POST /api/sharing/applications/:id/dispute': [{ label: 'A’s refused application', as: 'officer', params: id((w) => w.ids.applicationRejectedA), body: () => ({ reason: '越权异议' }), expect: 404 }],
  'GET /api/sharing/entry-demand': [{ label: 'entries in demand', as: 'reviewer', expect: 403 }],

  // ── sharing: grants ──
  'GET /api/sharing/grants': [{ label: 'B’s grants', as: 'officer', absent: (w) => [w.ids.grantA] }],
  'GET /api/sharing/grants/:id': [{ label: 'A’s grant', as: 'officer', params: id((w) => w.ids.grantA), expect: 404 }],
  'POST /api/sharing/grants/:id/revoke': [
    { label: 'A’s grant', as: 'reviewer', params: id((w) => w.ids.grantA), body: () => ({ reason: '越权撤销' }), expect: 404 },
    { label: 'B’s own grant on A’s data', as: 'reviewer', params: id((w) => w.ids.grantB), body: () => ({ reason: '越权撤销' }), expect: 403 },
  ],
  'POST /api/sharing/grants/:id/confirm-destruction': [{ label: 'A’s grant', as: 'officer', params: id((w) => w.ids.grantA), body: () => ({ note: '越权确认' }), expect: 404 }],

  // ── sharing: delegations ──
  'GET /api/sharing/delegations': [{ label: 'B’s delegations', as: 'leader', absent: (w) => [w.ids.delegationA] }],
  'POST /api/sharing/delegations': [{ label: 'on A’s entry', as: 'leader', body: (w) => ({ entryId: w.ids.publishedA, delegateUserId: w.b.reviewer.id }), expect: 403 }],
  'GET /api/sharing/delegation-candidates': { exempt: 'finds people in other departments by exact username or full name, by design (delegation-candidates.test.ts)' },
  'DELETE /api/sharing/delegations/:id': [{ label: 'A’s delegation', as: 'leader', params: id((w) => w.ids.delegationA), expect: 404 }],

  // ── sharing: demands ──
  'GET /api/sharing/demands': [
    { label: 'mine', as: 'officer', query: () => ({ box: 'mine' }), absent: (w) => [w.ids.demandA, w.ids.demandATitle] },
    { label: 'received', as: 'officer', query: () => ({ box: 'received' }), absent: (w) => [w.ids.demandA, w.ids.demandATitle], seenBy: 'c' },
  ],
  'POST /api/sharing/demands': { exempt: 'raising a demand to another department is its purpose; it is B’s own demand' },
  'GET /api/sharing/demands/:id': [{ label: 'A’s demand', as: 'officer', params: id((w) => w.ids.demandA), expect: 404 }],
  'POST /api/sharing/demands/:id/answer': [{ label: 'A’s demand to C', as: 'officer', params: id((w) => w.ids.demandA), body: () => ({ decision: 'decline', answer: '越权答复' }), expect: 404 }],
  'GET /api/sharing/demand-hotspots': [{ label: 'hotspots', as: 'leader', expect: 403 }],
  'GET /api/supervision/records': [{ label: 'overdue records', as: 'leader', expect: 403 }],

  // ── datasets ──
  'POST /api/datasets': [
    { label: 'for A’s published entry', as: 'officer', body: (w) => ({ entryId: w.ids.publishedA }), expect: 403 },
    { label: 'for A’s draft entry', as: 'officer', body: (w) => ({ entryId: w.ids.draftA }), expect: 404 },
  ],
  'GET /api/datasets': [{ label: 'B’s datasets', as: 'officer', absent: (w) => [w.ids.datasetA] }],
  'GET /api/datasets/:id': [
    { label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 },
    { label: 'A’s dataset, to B’s admin', as: 'admin', params: id((w) => w.ids.datasetA), expect: 404 },
  ],
  'GET /api/datasets/:id/template.:format': [{ label: 'A’s dataset', as: 'officer', params: (w) => ({ id: w.ids.datasetA, format: 'xlsx' }), expect: 404 }],
  'POST /api/datasets/:id/batches': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), upload, expect: 404 }],
  'GET /api/datasets/:id/batches': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 }],
  'POST /api/datasets/:id/batches/:batchId/rollback': [{ label: 'A’s batch', as: 'officer', params: (w) => ({ id: w.ids.datasetA, batchId: w.ids.batchA }), expect: 404 }],
  'GET /api/datasets/:id/changes': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 }],
  'GET /api/datasets/:id/batches/:batchId/errors.csv': [{ label: 'A’s batch', as: 'officer', params: (w) => ({ id: w.ids.datasetA, batchId: w.ids.batchA }), expect: 404 }],
  'GET /api/datasets/:id/batches/:batchId': [
    { label: 'A’s batch', as: 'officer', params: (w) => ({ id: w.ids.datasetA, batchId: w.ids.batchA }), expect: 404 },
    { label: 'A’s batch under B’s dataset', as: 'officer', params: (w) => ({ id: w.ids.datasetB, batchId: w.ids.batchA }), expect: 404 },
  ],
  'GET /api/datasets/:id/monthly-reports': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 }],
  'POST /api/datasets/:id/monthly-reports/zero': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), body: () => ({ period: '2026-10', note: '越权零报告' }), expect: 404 }],
  'GET /api/datasets/:id/migration': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 }],
  'POST /api/datasets/connections': { exempt: 'registers a connection of the caller’s own department; the body names no other department' },
  'GET /api/datasets/connections': [{ label: 'B’s connections', as: 'officer', absent: (w) => [w.ids.connectionA] }],
  'GET /api/datasets/connections/:connectionId': [{ label: 'A’s connection', as: 'officer', params: (w) => ({ connectionId: w.ids.connectionA }), expect: 404 }],
  'POST /api/datasets/connections/:connectionId/test': [{ label: 'A’s connection', as: 'officer', params: (w) => ({ connectionId: w.ids.connectionA }), expect: 404 }],
  'PUT /api/datasets/:id/sync-mapping': [
    { label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), body: (w) => mapping(w.ids.connectionA), expect: 404 },
    {
      label: 'B’s dataset from A’s connection',
      as: 'officer',
      params: id((w) => w.ids.datasetB),
      body: (w) => mapping(w.ids.connectionA),
      expect: 400,
      why: 'another department’s connection is a field error naming connectionId, the same answer as for an unknown id',
    },
  ],
  'GET /api/datasets/:id/sync-mapping': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 }],
  'POST /api/datasets/:id/sync': [{ label: 'A’s dataset', as: 'officer', params: id((w) => w.ids.datasetA), expect: 404 }],

  // ── api-services ──
  'POST /api/api-services': [
    {
      label: 'for A’s published API entry',
      as: 'officer',
      body: (w) => ({ entryId: w.ids.apiEntryA, baseUrl: 'http://127.0.0.1:9/v1', openapi: JSON.stringify(upstreamDocument()), operations: ['listItems'], auth: { kind: 'none' } }),
      expect: 403,
    },
  ],
  'GET /api/api-services': [
    { label: 'B’s API services', as: 'officer', absent: (w) => [w.ids.apiServiceA] },
    { label: 'filtered to A’s entry', as: 'officer', query: (w) => ({ entryId: w.ids.apiEntryA }), absent: (w) => [w.ids.apiServiceA] },
  ],
  'GET /api/api-services/:id': [
    { label: 'A’s API service', as: 'officer', params: id((w) => w.ids.apiServiceA), expect: 404 },
    { label: 'A’s API service, to B’s leader', as: 'leader', params: id((w) => w.ids.apiServiceA), expect: 404 },
  ],
  'PATCH /api/api-services/:id': [{ label: 'A’s API service', as: 'officer', params: id((w) => w.ids.apiServiceA), body: () => ({ baseUrl: 'http://127.0.0.1:10/v1' }), expect: 404 }],
  'POST /api/api-services/:id/probe': [{ label: 'A’s API service', as: 'officer', params: id((w) => w.ids.apiServiceA), expect: 404 }],
  'POST /api/api-services/:id/deactivate': [{ label: 'A’s API service', as: 'officer', params: id((w) => w.ids.apiServiceA), body: () => ({ reason: '越权停用' }), expect: 404 }],

  // ── subscriptions ──
  'POST /api/subscriptions': [
    { label: 'A’s system, to the dataset A holds a grant for', as: 'officer', body: (w) => ({ datasetId: w.ids.datasetC, systemId: w.a.systemId, mode: 'pull' }), expect: 403 },
    { label: 'B’s system, on A’s grant', as: 'officer', body: (w) => ({ datasetId: w.ids.datasetC, systemId: w.b.systemId, mode: 'pull' }), expect: 403 },
  ],
  'GET /api/subscriptions': [{ label: 'B’s subscriptions', as: 'officer', absent: (w) => [w.ids.subscriptionA] }],
  'GET /api/subscriptions/:id': [
    { label: 'A’s subscription', as: 'officer', params: id((w) => w.ids.subscriptionA), expect: 404 },
    { label: 'A’s subscription, to B’s auditor', as: 'auditor', params: id((w) => w.ids.subscriptionA), expect: 404 },
  ],
  'POST /api/subscriptions/:id/pause': [{ label: 'A’s subscription', as: 'officer', params: id((w) => w.ids.subscriptionA), expect: 404 }],
  'POST /api/subscriptions/:id/resume': [{ label: 'A’s subscription', as: 'officer', params: id((w) => w.ids.subscriptionA), expect: 404 }],
  'DELETE /api/subscriptions/:id': [{ label: 'A’s subscription', as: 'officer', params: id((w) => w.ids.subscriptionA), expect: 404 }],
  'GET /api/subscriptions/:id/changes': [{ label: 'A’s subscription', as: 'officer', params: id((w) => w.ids.subscriptionA), expect: 404 }],
};

function mapping(connectionId: string) {
  return { connectionId, sourceSchema: 'public', sourceTable: 'market', columns: { tyshxydm: 'uscc', qymc: 'name' }, keyColumn: 'uscc' };
}

/** Audit records whose actor is not of `departmentId` (a department auditor sees its own organisation's only). */
function auditRecordsNotOf(body: unknown, departmentId: string, expectSome = false): unknown[] {
  const { items } = body as { items: Array<{ seq: number; operation: string; actorDepartmentId: string | null }> };
  if (expectSome && items.length === 0) return ['no records at all: the probe sees nothing to check'];
  return items.filter((r) => r.actorDepartmentId !== departmentId).map((r) => `${r.seq} ${r.operation} by ${r.actorDepartmentId}`);
}
