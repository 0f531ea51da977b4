import { afterEach, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/platform/auth/actor.ts';
import { RetentionViolationError } from '../../src/platform/audit/audit-trail.ts';
import { addPeriod } from '../../src/platform/policy/profiles.ts';
import type { Period } from '../../src/platform/policy/rules.ts';
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

  // Each profile's retention as its seed states it, written here and not read from the profile, so
  // that editing a profile's value (chongzhou's 15 years to 2, say) makes this test fail.
  const SEED_RETENTION: Array<[profile: string, retention: Period | 'permanent', source: string]> = [
    ['longnan', { months: 6 }, '000 第二十三条(第三款) 日志记录保留时间不少于6个月'],
    ['chongzhou', { years: 15 }, '001 第三十五條(第二款) 記錄數據保留時間為 15 年'],
    ['yunnan', 'permanent', '003 第四十条 调度与操作记录应当长期保存'],
    ['jinzhong', { months: 6 }, '004 is silent: platform default'],
    ['weifang', { months: 6 }, '002 (truncated) is silent: platform default'],
  ];
  for (const [profile, retention, source] of SEED_RETENTION) {
    if (retention === 'permanent') {
      it(`[rule:audit.log_retention] under ${profile} records are kept permanently: even 30-year-old ones cannot be purged (${source})`, async () => {
        t = await createTestApp({ policy: profile });
        t.clock.set('1996-03-10T10:00:00+08:00');
        await recordMonthly(t, 2);
        t.clock.set('2026-03-10T10:00:00+08:00');
        await expect(t.app.modules.audit.service.purge(cliActor('test'), new Date('2000-01-01'))).rejects.toThrow(/permanently/);
        expect(await t.database.db.selectFrom('audit_log').select('seq').where('operation', '=', 'test:monthly').execute()).toHaveLength(2);
      });
      continue;
    }
    it(`[rule:audit.log_retention] under ${profile} records younger than ${JSON.stringify(retention)} survive a purge and older ones go (${source})`, async () => {
      t = await createTestApp({ policy: profile });
      const record = (label: string) => t!.database.db.transaction().execute((trx) => t!.app.deps.audit.record(trx, cliActor('test'), { operation: 'test:retention', details: { label } }));
      t.clock.set('2020-03-10T10:00:00+08:00');
      await record('old');
      t.clock.advanceDays(2);
      await record('young');
      // Now is one retention period after the day between the two records.
      const cutoff = new Date(Date.parse('2020-03-11T10:00:00+08:00'));
      t.clock.set(addPeriod(cutoff, retention));
      const purge = (before: Date) => t!.app.modules.audit.service.purge(cliActor('test'), before);
      // A day further would cut into the retention period: refused (fails if the profile's period is shorter).
      await expect(purge(new Date(cutoff.getTime() + 86400_000))).rejects.toBeInstanceOf(RetentionViolationError);
      // Exactly the retention period is allowed (fails if the profile's period is longer).
      await purge(cutoff);
      const left = await t.database.db.selectFrom('audit_log').select('details').where('operation', '=', 'test:retention').execute();
      expect(left.map((r) => (r.details as { label: string }).label)).toEqual(['young']);
    });
  }

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
