import { afterEach, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/platform/auth/actor.ts';
import { RetentionViolationError } from '../../src/platform/audit/audit-trail.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

async function recordMonthly(t: TestApp, months: number): Promise<void> {
  for (let i = 0; i < months; i++) {
    await t.database.db.transaction().execute((trx) => t.app.deps.audit.record(trx, cliActor('test'), { operation: 'test:monthly', details: { month: i } }));
    t.clock.advanceDays(30);
  }
}

describe('audit log retention follows the policy profile', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('[rule:audit.log_retention] under longnan records younger than 6 months cannot be purged, older ones can (第二十三条)', async () => {
    t = await createTestApp({ clock: undefined });
    t.clock.set('2025-01-15T10:00:00+08:00');
    await recordMonthly(t, 20);
    const now = t.clock.now();
    const fiveMonthsAgo = new Date(now.getTime() - 150 * 86400_000);
    await expect(t.app.modules.audit.service.purge(cliActor('test'), fiveMonthsAgo)).rejects.toBeInstanceOf(RetentionViolationError);
    const sevenMonthsAgo = new Date(now.getTime() - 215 * 86400_000);
    const result = await t.app.modules.audit.service.purge(cliActor('test'), sevenMonthsAgo);
    expect(result.purged).toBeGreaterThan(10);
    const oldest = await t.database.db.selectFrom('audit_log').select('occurred_at').orderBy('seq').limit(1).executeTakeFirstOrThrow();
    expect(oldest.occurred_at.getTime()).toBeGreaterThanOrEqual(sevenMonthsAgo.getTime());
    // The rest of the chain still verifies from the signed anchor, and the purge itself is on record.
    const verify = await t.app.deps.audit.verify(t.database.db);
    expect(verify).toMatchObject({ ok: true, firstSeq: result.anchorSeq! + 1 });
    const last = await t.database.db.selectFrom('audit_log').select('operation').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.operation).toBe('audit:purge');
  });

  it('[rule:audit.log_retention] under chongzhou nothing younger than 15 years may go (第三十五条)', async () => {
    t = await createTestApp({ policy: 'chongzhou' });
    await recordMonthly(t, 3);
    const tenYearsLater = new Date(t.clock.now().getTime() + 10 * 365 * 86400_000);
    t.clock.set(tenYearsLater);
    await expect(t.app.modules.audit.service.purge(cliActor('test'), new Date(tenYearsLater.getTime() - 365 * 86400_000))).rejects.toThrow(/retention period/);
  });

  it('[rule:audit.log_retention] under yunnan records are kept permanently (第四十条)', async () => {
    t = await createTestApp({ policy: 'yunnan' });
    await recordMonthly(t, 2);
    t.clock.advanceDays(365 * 30);
    await expect(t.app.modules.audit.service.purge(cliActor('test'), new Date('2000-01-01'))).rejects.toThrow(/permanently/);
  });

  it('a forged anchor cannot hide deleted records', async () => {
    t = await createTestApp();
    await recordMonthly(t, 5);
    const victim = await t.database.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', 3).executeTakeFirstOrThrow();
    const head = await t.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    // Reuse a real signature (the head's) for a fake anchor at record 3.
    await t.database.db.insertInto('audit_anchor').values({ seq: victim.seq, hash: victim.hash, purged_at: new Date(), purged_by: 'attacker', key_id: head.key_id, signature: head.signature }).execute();
    expect(await t.app.deps.audit.verify(t.database.db)).toMatchObject({ ok: false, problem: { kind: 'bad_anchor_signature' } });
  });
});
