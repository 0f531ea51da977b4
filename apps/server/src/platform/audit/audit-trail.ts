import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { AuditOutcome, AuditVerifyResult } from '@huitong/contracts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import { sm3Hex, signSm2, verifySm2, type SigningKey } from '../crypto.ts';
import type { Database, AuditLogRow } from '../db/schema.ts';
import { canonicalJson } from './canonical.ts';

export interface AuditEvent {
  operation: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
/** Advisory lock key that serialises appends to the chain (the ASCII of "AUDIT"). */
const CHAIN_LOCK_KEY = 0x4155444954;
/** A signed checkpoint is kept every this many records, in addition to the signed head. */
const CHECKPOINT_EVERY = 100;
/**
 * The checkpoint schedule: the scheduler signs the newest record this often, and a record written
 * longer than this after the newest checkpoint (or the first record of all) is checkpointed in its
 * own transaction. `verify` expects exactly those, so deleted checkpoints show as a gap.
 */
export const CHECKPOINT_INTERVAL_MS = 60 * 60_000;
/** Rows hashed per query while verifying: small enough that one page never holds the event loop long. */
const VERIFY_PAGE = 500;

type RecordFields = Omit<AuditLogRow, 'hash'>;

/** The hash of a record: SM3 over the previous hash and the canonical form of every field. */
export function hashRecord(record: RecordFields): string {
  const fields = [
    record.seq,
    new Date(record.occurred_at).toISOString(),
    record.actor_user_id,
    record.actor_name,
    record.actor_department_id,
    record.actor_department_name,
    record.system_id,
    record.operation,
    record.target_type,
    record.target_id,
    record.outcome,
    record.request_id,
    record.client_ip,
    typeof record.details === 'string' ? JSON.parse(record.details) : record.details,
  ];
  return sm3Hex(`${record.prev_hash}\n${canonicalJson(fields)}`);
}

/**
 * What is signed. Each kind of signature has its own prefix so one cannot stand in for another:
 * a copied checkpoint signature must not pass as the head (hiding truncation) or as a purge
 * anchor (hiding deletion of the oldest records).
 */
type SignedKind = 'head' | 'checkpoint' | 'anchor';
function signedMessage(kind: SignedKind, seq: number, hash: string): string {
  return `huitong-audit-${kind}:${seq}:${hash}`;
}

/**
 * The tamper-evident audit trail (SPEC §7). Records are appended under an advisory lock in the
 * caller's transaction, so a change and its record commit or roll back together. Each record
 * chains to the previous by SM3; the newest record's hash is signed on every append (the head)
 * and every hundredth is kept as a signed checkpoint, so edits, deletions, insertions,
 * reordering and truncation are all detectable by `verify`.
 */
export class AuditTrail {
  constructor(
    private readonly clock: Clock,
    private readonly signingKey: SigningKey,
    /** Told when an append finds the end of the chain tampered with (for logs and alerts). */
    private readonly onTamper?: (message: string) => void,
  ) {}

  /** Appends a record inside the caller's transaction. */
  async record(trx: Kysely<Database>, actor: Actor, event: AuditEvent): Promise<number> {
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
    const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const anchor = last ? undefined : await trx.selectFrom('audit_anchor').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const previous = last ?? anchor;
    const seq = previous ? previous.seq + 1 : 1;
    const prevHash = previous ? previous.hash : GENESIS_HASH;
    // The signed head must name the newest record (or, right after a purge of everything, the
    // anchor). If it does not, records were removed from or added to the end behind the
    // platform's back: keep the old head so verify keeps reporting it instead of signing over it.
    const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirst();
    const tailIntact = head ? previous !== undefined && head.seq === previous.seq && head.hash === previous.hash : last === undefined;
    const fields: RecordFields = {
      seq,
      occurred_at: this.clock.now(),
      actor_user_id: actor.userId,
      actor_name: actor.name,
      actor_department_id: actor.departmentId,
      actor_department_name: actor.departmentName,
      system_id: actor.systemId,
      operation: event.operation,
      target_type: event.targetType ?? null,
      target_id: event.targetId ?? null,
      outcome: event.outcome ?? 'success',
      request_id: actor.requestId,
      client_ip: actor.clientIp,
      details: event.details ?? {},
      prev_hash: prevHash,
    };
    const hash = hashRecord(fields);
    await trx
      .insertInto('audit_log')
      .values({ ...fields, details: canonicalJson(fields.details), hash })
      .execute();
    if (tailIntact) await this.signHead(trx, seq, hash);
    else this.onTamper?.(`audit head names record ${head?.seq} but the chain ends at ${last?.seq ?? 'nothing'}`);
    const latest = await trx.selectFrom('audit_checkpoint').select(['seq', 'signed_at']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (checkpointDue(seq, fields.occurred_at, latest)) await this.writeCheckpoint(trx, seq, hash);
    return seq;
  }

  /**
   * Records a failed or denied attempt in its own transaction: the attempt's own transaction
   * has been rolled back, but the attempt must still be on record.
   */
  async recordAttempt(db: Kysely<Database>, actor: Actor, event: AuditEvent): Promise<void> {
    await db.transaction().execute((trx) => this.record(trx, actor, event));
    actor.failureAudited = true;
  }

  private async signHead(trx: Kysely<Database>, seq: number, hash: string): Promise<void> {
    const signature = signSm2(this.signingKey, signedMessage('head', seq, hash));
    const values = { seq, hash, signed_at: this.clock.now(), key_id: this.signingKey.keyId, signature };
    await trx
      .insertInto('audit_head')
      .values({ id: true, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  private async writeCheckpoint(trx: Kysely<Database>, seq: number, hash: string): Promise<void> {
    // signed_at is the clock of the record's own append: verify compares it with later records.
    await trx
      .insertInto('audit_checkpoint')
      .values({
        seq,
        hash,
        signed_at: this.clock.now(),
        key_id: this.signingKey.keyId,
        signature: signSm2(this.signingKey, signedMessage('checkpoint', seq, hash)),
      })
      .onConflict((oc) => oc.column('seq').doNothing())
      .execute();
  }

  /** Signs a checkpoint for the newest record now (the scheduler and the CLI call this). */
  async checkpoint(db: Kysely<Database>): Promise<number | null> {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
      const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      if (!last) return null;
      await this.writeCheckpoint(trx, last.seq, last.hash);
      return last.seq;
    });
  }

  /**
   * Walks the whole chain. Reports the first problem with the sequence number of the record where
   * it shows: a gap (deleted), a broken link (inserted or reordered), a hash mismatch (edited), a
   * bad signature, or a head/checkpoint that no longer matches its record (truncated or rewritten).
   */
  async verify(db: Kysely<Database>): Promise<AuditVerifyResult> {
    const anchor = await db.selectFrom('audit_anchor').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const result: AuditVerifyResult = { ok: true, checked: 0, firstSeq: null, lastSeq: null, checkpointsVerified: 0, problem: null };
    const fail = (seq: number, kind: string, message: string): AuditVerifyResult => ({
      ...result,
      ok: false,
      problem: { seq, kind, message },
    });
    const publicKey = this.signingKey.publicKey;

    if (anchor && !verifySm2(publicKey, signedMessage('anchor', anchor.seq, anchor.hash), anchor.signature)) {
      return fail(anchor.seq, 'bad_anchor_signature', `retention anchor at record ${anchor.seq} has an invalid signature`);
    }
    let expectedSeq = anchor ? anchor.seq + 1 : 1;
    let prevHash = anchor ? anchor.hash : GENESIS_HASH;
    const hashes = new Map<number, string>();
    // Checkpoints are never deleted (not even by the purge); those at or before the anchor cannot
    // be compared with their records any more but still date the schedule.
    const allCheckpoints = await db.selectFrom('audit_checkpoint').selectAll().orderBy('seq').execute();
    const checkpoints = allCheckpoints.filter((c) => c.seq > (anchor?.seq ?? 0));
    const wanted = new Set(checkpoints.map((c) => c.seq));
    // Records after `since_seq` follow the schedule; older ones only the every-hundredth rule.
    const rule = await db.selectFrom('audit_checkpoint_rule').select('since_seq').executeTakeFirst();
    const scheduleFrom = rule ? Number(rule.since_seq) : 0;
    let nextCheckpoint = 0;
    let previousCheckpoint: { seq: number; signed_at: Date } | undefined;
    let missingCheckpoint: AuditVerifyResult | null = null;

    let after = expectedSeq - 1;
    for (;;) {
      const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(VERIFY_PAGE).execute();
      if (page.length === 0) break;
      for (const row of page) {
        if (row.seq !== expectedSeq) {
          return fail(
            expectedSeq,
            row.seq > expectedSeq ? 'missing' : 'out_of_order',
            row.seq > expectedSeq
              ? `record ${expectedSeq}${row.seq - expectedSeq > 1 ? `–${row.seq - 1}` : ''} is missing (deleted); the chain resumes at ${row.seq}`
              : `record ${row.seq} appears where ${expectedSeq} was expected`,
          );
        }
        if (row.prev_hash !== prevHash) {
          return fail(row.seq, 'broken_link', `record ${row.seq} does not chain to record ${row.seq - 1} (inserted, reordered or rewritten)`);
        }
        const recomputed = hashRecord(row);
        if (recomputed !== row.hash) {
          return fail(row.seq, 'hash_mismatch', `record ${row.seq} was modified after it was written (hash mismatch)`);
        }
        if (wanted.has(row.seq)) hashes.set(row.seq, row.hash);
        while (nextCheckpoint < allCheckpoints.length && allCheckpoints[nextCheckpoint]!.seq < row.seq) previousCheckpoint = allCheckpoints[nextCheckpoint++];
        const checkpointed = allCheckpoints[nextCheckpoint]?.seq === row.seq;
        const due = row.seq % CHECKPOINT_EVERY === 0 || (row.seq > scheduleFrom && checkpointDue(row.seq, row.occurred_at, previousCheckpoint));
        if (due && !checkpointed && !missingCheckpoint) {
          missingCheckpoint = fail(row.seq, 'missing_checkpoint', `record ${row.seq} should have a signed checkpoint under the schedule but has none (checkpoints removed)`);
        }
        if (result.firstSeq === null) result.firstSeq = row.seq;
        result.lastSeq = row.seq;
        result.checked++;
        prevHash = row.hash;
        expectedSeq++;
      }
      after = page[page.length - 1]!.seq;
    }

    if (missingCheckpoint) return { ...missingCheckpoint, checked: result.checked, firstSeq: result.firstSeq, lastSeq: result.lastSeq };
    for (const [index, checkpoint] of allCheckpoints.filter((c) => !wanted.has(c.seq)).entries()) {
      // SM2 verification is synchronous; give other requests a turn between batches.
      if (index > 0 && index % 20 === 0) await yieldToLoop();
      if (!verifySm2(publicKey, signedMessage('checkpoint', checkpoint.seq, checkpoint.hash), checkpoint.signature)) {
        return fail(checkpoint.seq, 'bad_checkpoint_signature', `checkpoint at record ${checkpoint.seq} has an invalid signature`);
      }
    }
    for (const [index, checkpoint] of checkpoints.entries()) {
      if (index > 0 && index % 20 === 0) await yieldToLoop();
      if (!verifySm2(publicKey, signedMessage('checkpoint', checkpoint.seq, checkpoint.hash), checkpoint.signature)) {
        return fail(checkpoint.seq, 'bad_checkpoint_signature', `checkpoint at record ${checkpoint.seq} has an invalid signature`);
      }
      const actual = hashes.get(checkpoint.seq);
      if (actual === undefined) {
        return fail(checkpoint.seq, 'truncated', `record ${checkpoint.seq} is signed in a checkpoint but no longer exists (records removed)`);
      }
      if (actual !== checkpoint.hash) {
        return fail(checkpoint.seq, 'rewritten', `record ${checkpoint.seq} differs from its signed checkpoint (chain rewritten)`);
      }
      result.checkpointsVerified++;
    }

    const head = await db.selectFrom('audit_head').selectAll().executeTakeFirst();
    if (head) {
      if (!verifySm2(publicKey, signedMessage('head', head.seq, head.hash), head.signature)) {
        return fail(head.seq, 'bad_head_signature', `the signed head (record ${head.seq}) has an invalid signature`);
      }
      if (result.lastSeq === null || head.seq > result.lastSeq) {
        return fail(head.seq, 'truncated', `the newest record should be ${head.seq} but the chain ends at ${result.lastSeq ?? 'nothing'} (records removed from the end)`);
      }
      if (head.seq < result.lastSeq) {
        return fail(head.seq + 1, 'unsigned_tail', `records after ${head.seq} were added without the platform's signature`);
      }
      if (head.hash !== prevHash) {
        return fail(head.seq, 'rewritten', `record ${head.seq} differs from the signed head (chain rewritten)`);
      }
    } else if (result.checked > 0) {
      return fail(result.firstSeq ?? 1, 'unsigned_tail', 'the chain has records but no signed head');
    }
    return result;
  }

  /**
   * Deletes records older than `before`, keeping a signed anchor so the rest still verifies.
   * Refuses to cut into the retention period (`minimumRetainFrom`): logs inside it must stay.
   */
  async purge(db: Kysely<Database>, actor: Actor, before: Date, minimumRetainFrom: Date | null): Promise<{ purged: number; anchorSeq: number | null }> {
    if (minimumRetainFrom === null || before.getTime() > minimumRetainFrom.getTime()) {
      throw new RetentionViolationError(before, minimumRetainFrom);
    }
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
      const last = await trx
        .selectFrom('audit_log')
        .select(['seq', 'hash'])
        .where('occurred_at', '<', before)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!last) return { purged: 0, anchorSeq: null };
      await sql`select set_config('huitong.audit_purge', 'on', true)`.execute(trx);
      const deleted = await trx.deleteFrom('audit_log').where('seq', '<=', last.seq).executeTakeFirst();
      await sql`select set_config('huitong.audit_purge', 'off', true)`.execute(trx);
      await trx
        .insertInto('audit_anchor')
        .values({
          seq: last.seq,
          hash: last.hash,
          purged_at: this.clock.now(),
          purged_by: actor.name ?? actor.username ?? 'unknown',
          key_id: this.signingKey.keyId,
          signature: signSm2(this.signingKey, signedMessage('anchor', last.seq, last.hash)),
        })
        .execute();
      const purged = Number(deleted.numDeletedRows);
      await this.record(trx, actor, {
        operation: 'audit:purge',
        targetType: 'audit_log',
        details: { before: before.toISOString(), purged, anchorSeq: last.seq },
      });
      return { purged, anchorSeq: last.seq };
    });
  }
}

/** Whether the schedule wants a checkpoint at this record, given the newest checkpoint before it. */
function checkpointDue(seq: number, occurredAt: Date, previous: { signed_at: Date } | undefined): boolean {
  return seq % CHECKPOINT_EVERY === 0 || !previous || occurredAt.getTime() - previous.signed_at.getTime() > CHECKPOINT_INTERVAL_MS;
}

export class RetentionViolationError extends Error {
  constructor(
    readonly before: Date,
    readonly minimumRetainFrom: Date | null,
  ) {
    super(
      minimumRetainFrom === null
        ? 'the policy keeps audit records permanently; nothing may be purged'
        : `records after ${minimumRetainFrom.toISOString()} are inside the retention period and may not be purged (asked to purge before ${before.toISOString()})`,
    );
  }
}
