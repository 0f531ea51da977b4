import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeNoticesIssued } from '../../src/modules/catalog/index.ts';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Change notices leave the catalog as the event `catalog.change_notices_issued`, raised inside the
 * approving transaction (ADR 0016): the sharing portal's subscriber writes the consumers' inbox in
 * that transaction, and a subscriber that fails takes the approval down with it.
 */
describe('catalog change notices as an event of the approving transaction', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  let failing = false;
  const seen: Array<{ inTransaction: boolean; payload: ChangeNoticesIssued }> = [];

  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
    t.app.modules.catalog.service.events.subscribe('catalog.change_notices_issued', async (trx, payload) => {
      seen.push({ inTransaction: trx.isTransaction, payload });
      if (failing) throw new Error('delivery failed');
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function inbox(departmentId: string, entryId: string) {
    return t.database.db
      .selectFrom('notification as n')
      .innerJoin('app_user as u', 'u.id', 'n.user_id')
      .select(['n.kind', 'n.link'])
      .where('u.department_id', '=', departmentId)
      .where('n.link', '=', `/catalog/${entryId}`)
      .execute();
  }

  async function storedNotices(entryId: string) {
    return t.database.db.selectFrom('catalog_change_notice').select(['recipient_department_id', 'kind']).where('entry_id', '=', entryId).execute();
  }

  it('a failing subscriber rolls the approval back; a working one delivers in the same transaction', async () => {
    const catalog = t.app.modules.catalog.service;
    const entry = await f.publishedEntry(city.sj.officer, { dedicated: true, dedicatedDepartmentIds: [city.rs.id] });
    await catalog.requestOffline(city.sj.officer.actor, entry.id, { reason: '数据来源调整' });

    failing = true;
    await expect(catalog.review(city.operator.reviewer.actor, entry.id, 'approve')).rejects.toThrow('delivery failed');
    expect(seen).toHaveLength(1);
    expect((await catalog.detail(city.sj.officer.actor, entry.id)).pending).toMatchObject({ kind: 'offline', state: 'submitted' });
    expect(await storedNotices(entry.id)).toEqual([]);
    expect(await inbox(city.rs.id, entry.id)).toEqual([]);

    failing = false;
    const approved = await catalog.review(city.operator.reviewer.actor, entry.id, 'approve');
    expect(approved.pending).toMatchObject({ kind: 'offline', state: 'approved' });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.inTransaction).toBe(true);
    expect(seen[1]!.payload).toMatchObject({ entryId: entry.id, versionId: approved.pending!.id, notices: [{ entryId: entry.id, recipientDepartmentId: city.rs.id, kind: 'offline' }] });
    expect(await storedNotices(entry.id)).toEqual([{ recipient_department_id: city.rs.id, kind: 'offline' }]);
    expect((await inbox(city.rs.id, entry.id)).map((n) => n.kind)).toContain('catalog.change_notice');
    expect(await inbox(city.sj.id, entry.id)).toEqual([]);
  });

  it('the entry consumers port is bound once, by the wiring', () => {
    expect(() => t.app.modules.catalog.service.useEntryConsumers({ consumersOf: async () => [] })).toThrow(/already/);
  });
});
