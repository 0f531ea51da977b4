import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/platform/auth/actor.ts';
import { hashRecord } from '../../src/platform/audit/audit-trail.ts';
import { canonicalJson } from '../../src/platform/audit/canonical.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The audit trail is tampered with through SQL, as someone with database access would, and
 * every kind of tampering must be reported with the sequence number where it shows.
 */
describe('tamper-evident audit chain', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
    const { audit } = t.app.deps;
    const actor = cliActor('test');
    for (let i = 1; i <= 12; i++) {
      await t.database.db.transaction().execute((trx) => audit.record(trx, actor, { operation: 'test:event', targetType: 'thing', targetId: `t${i}`, details: { i, note: `事件 ${i}`, nested: { b: 2, a: 1 } } }));
      t.clock.advance(1000);
    }
  });
  afterEach(() => t.close());

  // Tests act as a database superuser would: the append-only trigger is switched off first.
  async function asSuperuser(statement: string): Promise<void> {
    await sql.raw(`alter table audit_log disable trigger audit_log_append_only; ${statement}; alter table audit_log enable trigger audit_log_append_only;`).execute(t.database.db);
  }

  const verify = () => t.app.deps.audit.verify(t.database.db);

  it('verifies an intact chain', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: 12, firstSeq: 1, lastSeq: 12, problem: null });
  });

  it('refuses UPDATE and DELETE through the database itself (append-only)', async () => {
    await expect(sql`update audit_log set outcome = 'failure' where seq = 3`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 3`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('detects an edited record', async () => {
    await asSuperuser(`update audit_log set details = '{"i": 5, "note": "改过", "nested": {"a": 1, "b": 2}}' where seq = 5`);
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 5, kind: 'hash_mismatch' } });
  });

  it('detects an edit that also recomputes the edited record’s own hash', async () => {
    const row = await t.database.db.selectFrom('audit_log').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
    const forged = { ...row, actor_name: 'someone else' };
    await asSuperuser(`update audit_log set actor_name = 'someone else', hash = '${hashRecord(forged)}' where seq = 5`);
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 6, kind: 'broken_link' } });
  });

  it('detects a deleted record in the middle', async () => {
    await asSuperuser('delete from audit_log where seq = 7');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 7, kind: 'missing' } });
  });

  it('detects records deleted from the end, even after new records are appended', async () => {
    await asSuperuser('delete from audit_log where seq >= 11');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 12, kind: 'truncated' } });
    // The next append chains from record 10 but must not re-sign the head over the damage.
    await t.database.db.transaction().execute((trx) => t.app.deps.audit.record(trx, cliActor('test'), { operation: 'test:after' }));
    const after = await verify();
    expect(after.ok).toBe(false);
    expect(after.problem?.kind).toMatch(/truncated|rewritten|unsigned_tail/);
  });

  it('detects an inserted record', async () => {
    // Shift the tail up by one and slip a forged record in at seq 4 with a plausible hash.
    await asSuperuser('update audit_log set seq = seq + 1000 where seq >= 4; update audit_log set seq = seq - 999 where seq >= 1000');
    const prev = await t.database.db.selectFrom('audit_log').select('hash').where('seq', '=', 3).executeTakeFirstOrThrow();
    const fields = {
      seq: 4,
      occurred_at: new Date(),
      actor_user_id: null,
      actor_name: 'intruder',
      actor_department_id: null,
      actor_department_name: null,
      system_id: null,
      operation: 'test:forged',
      target_type: null,
      target_id: null,
      outcome: 'success' as const,
      request_id: null,
      client_ip: null,
      details: {},
      prev_hash: prev.hash,
    };
    await t.database.db.insertInto('audit_log').values({ ...fields, details: canonicalJson({}), hash: hashRecord(fields) }).execute();
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problem).toMatchObject({ seq: 5, kind: 'broken_link' });
  });

  it('detects reordered records', async () => {
    await asSuperuser('update audit_log set seq = -1 where seq = 8; update audit_log set seq = 8 where seq = 9; update audit_log set seq = 9 where seq = -1');
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 8, kind: 'broken_link' } });
  });

  it('detects a whole chain rewritten with valid hashes (the signatures do not match)', async () => {
    const rows = await t.database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = '0'.repeat(64);
    const statements: string[] = [];
    for (const row of rows) {
      const forged = { ...row, actor_name: row.seq === 2 ? 'rewritten' : row.actor_name, prev_hash: prev };
      const hash = hashRecord(forged);
      statements.push(`update audit_log set actor_name = ${forged.actor_name === null ? 'null' : `'${forged.actor_name}'`}, prev_hash = '${prev}', hash = '${hash}' where seq = ${row.seq}`);
      prev = hash;
    }
    await asSuperuser(statements.join('; '));
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problem?.kind).toBe('rewritten');
  });

  it('keeps a signed checkpoint every hundred records and on demand', async () => {
    const seq = await t.app.deps.audit.checkpoint(t.database.db);
    expect(seq).toBe(12);
    const result = await verify();
    // The first record of the chain is checkpointed too (test/db/audit-evidence.test.ts).
    expect(result).toMatchObject({ ok: true, checkpointsVerified: 2 });
    // A forged checkpoint signature is caught (checkpoints are append-only: superuser again).
    await sql
      .raw(
        `alter table audit_checkpoint disable trigger audit_checkpoint_append_only; update audit_checkpoint set signature = '${Buffer.from('forged').toString('base64')}' where seq = 12; alter table audit_checkpoint enable trigger audit_checkpoint_append_only`,
      )
      .execute(t.database.db);
    expect(await verify()).toMatchObject({ ok: false, problem: { seq: 12, kind: 'bad_checkpoint_signature' } });
  });
});
