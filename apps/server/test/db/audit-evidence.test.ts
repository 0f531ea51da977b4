import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/platform/auth/actor.ts';
import { CHECKPOINT_INTERVAL_MS } from '../../src/platform/audit/audit-trail.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Audit evidence a database user cannot quietly remove: TRUNCATE is refused like UPDATE and
 * DELETE, checkpoints are append-only, and verify expects the checkpoints the schedule writes
 * (the first record, every hundredth, any record more than an hour after the newest checkpoint),
 * so checkpoints deleted behind the platform's back show as a gap instead of "intact".
 */
describe('audit evidence: truncate, append-only checkpoints, expected schedule', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const db = () => t.database.db;
  const verify = () => t.app.deps.audit.verify(db());
  const append = (n = 1) =>
    db()
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < n; i++) await t.app.deps.audit.record(trx, cliActor('test'), { operation: 'test:event', details: { i } });
      });
  const checkpointSeqs = async () => (await db().selectFrom('audit_checkpoint').select('seq').orderBy('seq').execute()).map((c) => Number(c.seq));
  /** As a superuser would: switch the append-only trigger off, delete checkpoints, switch it on. */
  const deleteCheckpointsAsSuperuser = (where: string) =>
    sql
      .raw(`alter table audit_checkpoint disable trigger audit_checkpoint_append_only; delete from audit_checkpoint where ${where}; alter table audit_checkpoint enable trigger audit_checkpoint_append_only`)
      .execute(db());

  it('refuses TRUNCATE of the audit tables, and UPDATE or DELETE of checkpoints', async () => {
    await append(3);
    await t.app.deps.audit.checkpoint(db());
    for (const table of ['audit_log', 'audit_checkpoint', 'audit_anchor', 'audit_checkpoint_rule']) {
      await expect(sql.raw(`truncate ${table}`).execute(db()), table).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    }
    await expect(sql`truncate audit_log, audit_checkpoint cascade`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_checkpoint`.execute(db())).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(sql`update audit_checkpoint set hash = repeat('0', 64)`.execute(db())).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(sql`update audit_checkpoint_rule set since_seq = 1000000`.execute(db())).rejects.toThrow(/append-only/);
    expect(await verify()).toMatchObject({ ok: true, checked: 3, checkpointsVerified: 2 });
  });

  it('deleting every checkpoint is reported as a gap, not as an intact chain with 0 checkpoints', async () => {
    await append(5);
    expect(await checkpointSeqs()).toEqual([1]);
    await deleteCheckpointsAsSuperuser('true');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 1, kind: 'missing_checkpoint' } });
  });

  it('a record more than an hour after the newest checkpoint carries its own, and verify expects it', async () => {
    await append(2);
    t.clock.advance(CHECKPOINT_INTERVAL_MS + 1000);
    await append(2);
    expect(await checkpointSeqs()).toEqual([1, 3]);
    expect(await verify()).toMatchObject({ ok: true, checkpointsVerified: 2 });
    await deleteCheckpointsAsSuperuser('seq = 3');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 3, kind: 'missing_checkpoint' } });
  });

  it('the hourly scheduled checkpoint is expected too: deleting it uncovers the next record', async () => {
    await append(3);
    t.clock.advance(CHECKPOINT_INTERVAL_MS - 60_000);
    await t.app.scheduler.runAll(); // the audit-checkpoint job signs record 3
    t.clock.advance(30 * 60_000);
    await append(1); // 30 minutes after the scheduled checkpoint: none of its own
    expect(await checkpointSeqs()).toEqual([1, 3]);
    expect((await verify()).ok).toBe(true);
    await deleteCheckpointsAsSuperuser('seq = 3');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 4, kind: 'missing_checkpoint' } });
  });

  it('every hundredth record is checkpointed and expected', async () => {
    await append(105);
    expect(await checkpointSeqs()).toEqual([1, 100]);
    await deleteCheckpointsAsSuperuser('seq = 100');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 100, kind: 'missing_checkpoint' } });
  });
});
