import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { chinaDay } from '../../src/platform/calendar/working-days.ts';
import { validContent } from '../helpers/catalog.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createPostgresTestDatabase, runsOnPostgres } from '../helpers/test-db.ts';

/**
 * Two competing requests for one claim or state transition, sent at the same moment to an app on a
 * real PostgreSQL (its pool gives each its own connection, so they truly overlap — PGlite runs one
 * query at a time and cannot show a race). Each round must end with one 2xx, one 409, one
 * resulting row and one success audit record; several rounds make the overlap likely.
 */
const runs = await runsOnPostgres('races.test.ts');

const ROUNDS = 4;

describe.runIf(runs)('concurrent claims and transitions on PostgreSQL', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ database: await createPostgresTestDatabase() });
    f = factories(t);
    city = await f.city();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function token(username: string): Promise<string> {
    let found = tokens.get(username);
    if (!found) {
      found = await t.tokenFor(username);
      tokens.set(username, found);
    }
    return found;
  }

  type Call = { method: 'POST' | 'DELETE'; url: string; as: string; body?: object };

  /** Fires the calls at once (tokens fetched beforehand, so nothing serialises them). */
  async function race(calls: Call[]): Promise<LightMyRequestResponse[]> {
    const headers = await Promise.all(calls.map(async (c) => ({ authorization: `Bearer ${await token(c.as)}` })));
    return Promise.all(calls.map((c, i) => t.app.server.inject({ method: c.method, url: c.url, headers: headers[i], ...(c.body && { payload: c.body }) })));
  }

  function expectOneWinner(responses: LightMyRequestResponse[]) {
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses, responses.map((r) => r.body).join('\n')).toEqual([200, 409]);
    return responses.find((r) => r.statusCode === 200)!;
  }

  async function successAudits(operation: string | string[], targetId: string): Promise<number> {
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select('seq')
      .where('operation', 'in', Array.isArray(operation) ? operation : [operation])
      .where('target_id', '=', targetId)
      .where('outcome', '=', 'success')
      .execute();
    return rows.length;
  }

  it('a demand is answered once: two concurrent "agree" answers make one draft, one notice, one audit record', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const demand = await t.app.modules.sharing.demands.create(city.rs.officer.actor, {
        providerDepartmentId: city.sj.id,
        title: `竞态需求${round}-${Date.now()}`,
        description: '需要企业登记信息',
        purpose: '审批核验',
      });
      const draftName = (n: number) => `需求编目${demand.id.slice(0, 8)}-${n}`;
      const responses = await race(
        [0, 1].map((n) => ({
          method: 'POST' as const,
          url: `/api/sharing/demands/${demand.id}/answer`,
          as: city.sj.officer.username,
          body: { decision: 'agree', answer: `同意 ${n}`, draft: validContent({ name: draftName(n) }) },
        })),
      );
      const winner = expectOneWinner(responses);
      const drafts = await t.database.db.selectFrom('catalog_entry').select(['id', 'name']).where('name', 'in', [draftName(0), draftName(1)]).execute();
      expect(drafts).toHaveLength(1);
      expect(winner.json().catalogEntryId).toBe(drafts[0]!.id);
      expect(await successAudits(['sharing:demand:agree', 'sharing:demand:decline'], demand.id)).toBe(1);
      const notices = await t.database.db.selectFrom('notification').select('id').where('kind', '=', 'demand.answered').where('link', '=', `/sharing/demands/${demand.id}`).execute();
      expect(notices).toHaveLength(1);
    }
  });

  it('an objection is closed once: two concurrent closes give one 200, one 409 and one audit record', async () => {
    const entry = await f.publishedEntry(city.sj.officer);
    for (let round = 0; round < ROUNDS; round++) {
      const objection = await t.app.modules.catalog.service.raiseObjection(city.rs.officer.actor, entry.id, { kind: 'error', content: `字段描述有误 ${round}` });
      const responses = await race([0, 1].map(() => ({ method: 'POST' as const, url: `/api/catalog/objections/${objection.id}/close`, as: city.rs.officer.username })));
      expectOneWinner(responses);
      expect(await successAudits('catalog:objection:close', objection.id)).toBe(1);
    }
  });

  it('a grant is revoked once: two concurrent revokes give one 200, one 409 and one audit record', async () => {
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    for (let round = 0; round < ROUNDS; round++) {
      await f.applicationIn('approved', { applicant: city.rs, provider: city.sj, entry });
    }
    const grants = await t.database.db.selectFrom('share_grant').select('id').where('entry_id', '=', entry.id).execute();
    expect(grants).toHaveLength(ROUNDS);
    for (const grant of grants) {
      const responses = await race([0, 1].map((n) => ({ method: 'POST' as const, url: `/api/sharing/grants/${grant.id}/revoke`, as: city.sj.officer.username, body: { reason: `停止共享 ${n}` } })));
      const winner = expectOneWinner(responses);
      const row = await t.database.db.selectFrom('share_grant').select('revoke_reason').where('id', '=', grant.id).executeTakeFirstOrThrow();
      // The stored reason is the winner's: the loser changed nothing.
      expect(row.revoke_reason).toBe(winner.json().revokeReason);
      expect(row.revoke_reason).toMatch(/^停止共享 [01]$/);
      expect(await successAudits('sharing:grant:revoke', grant.id)).toBe(1);
    }
  });

  it('a delegation is revoked once: two concurrent revokes give one 200, one 409 and one audit record', async () => {
    const entry = await f.publishedEntry(city.sj.officer);
    const manager = await city.sj.user('dept_leader');
    for (let round = 0; round < ROUNDS; round++) {
      const delegations = await t.app.modules.sharing.grants.delegate(manager.actor, entry.id, city.sj.reviewer.id);
      const delegation = delegations.find((d) => d.entry.id === entry.id && !d.revokedAt)!;
      const responses = await race([0, 1].map(() => ({ method: 'DELETE' as const, url: `/api/sharing/delegations/${delegation.id}`, as: manager.username })));
      expectOneWinner(responses);
      expect(await successAudits('sharing:delegation:revoke', delegation.id)).toBe(1);
    }
  });

  it('an application step is decided once: a concurrent approve and reject give one decision and one audit record', async () => {
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    const decisions = ['sharing:application:approve-step', 'sharing:application:reject-step'];
    for (let round = 0; round < ROUNDS; round++) {
      const application = await f.applicationIn('provider_review', { applicant: city.rs, provider: city.sj, entry });
      const before = await successAudits(decisions, application.id);
      const responses = await race([
        { method: 'POST', url: `/api/sharing/applications/${application.id}/steps/provider_review/decision`, as: city.sj.reviewer.username, body: { decision: 'approve', comment: '同意' } },
        { method: 'POST', url: `/api/sharing/applications/${application.id}/steps/provider_review/decision`, as: city.sj.reviewer.username, body: { decision: 'reject', comment: '不符合共享条件', legalBasis: '《中华人民共和国个人信息保护法》第三十四条' } },
      ]);
      expectOneWinner(responses);
      const decided = await t.database.db.selectFrom('share_application_step').select('id').where('application_id', '=', application.id).where('kind', '=', 'provider_review').where('state', 'in', ['approved', 'rejected']).execute();
      expect(decided).toHaveLength(1);
      expect((await successAudits(decisions, application.id)) - before).toBe(1);
    }
  });

  it('a maintenance trigger is resolved once: two concurrent resolves give one 200, one 409 and one audit record', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const trigger = await t.app.modules.catalog.maintenance.recordTrigger(city.sj.officer.actor, { kind: 'legal_change', description: `法规修订 ${round}`, occurredOn: chinaDay(t.clock.now()) });
      const responses = await race([0, 1].map(() => ({ method: 'POST' as const, url: `/api/catalog/maintenance/triggers/${trigger.id}/resolve`, as: city.sj.officer.username })));
      expectOneWinner(responses);
      expect(await successAudits('catalog:maintenance:resolve', trigger.id)).toBe(1);
    }
  });
});
