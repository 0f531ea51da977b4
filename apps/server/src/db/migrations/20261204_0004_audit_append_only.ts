import { sql, type Kysely } from 'kysely';

/**
 * Audit evidence that a database user cannot quietly remove:
 * - TRUNCATE bypasses row triggers, so the audit tables refuse it with a statement trigger;
 * - signed checkpoints are append-only (a deleted checkpoint would let a rolled-back tail pass);
 * - `audit_checkpoint_rule` records from which record on the chain follows the checkpoint
 *   schedule that `verify` expects (records before this migration were checkpointed by the older
 *   rule: every hundredth only). It is append-only as well.
 * The retention purge keeps checkpoints; it removes only records (ADR 0003).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_evidence_protect() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only (% refused)', tg_table_name, tg_op using errcode = '42501';
    end $$;

    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_evidence_protect();

    create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
      for each row execute function audit_evidence_protect();
    create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
      for each statement execute function audit_evidence_protect();

    create trigger audit_anchor_append_only before update or delete on audit_anchor
      for each row execute function audit_evidence_protect();
    create trigger audit_anchor_no_truncate before truncate on audit_anchor
      for each statement execute function audit_evidence_protect();

    create table audit_checkpoint_rule (
      id boolean primary key default true check (id),
      since_seq bigint not null,
      adopted_at timestamptz not null default now()
    );
    insert into audit_checkpoint_rule (since_seq) select coalesce(max(seq), 0) from audit_log;
    create trigger audit_checkpoint_rule_append_only before update or delete on audit_checkpoint_rule
      for each row execute function audit_evidence_protect();
    create trigger audit_checkpoint_rule_no_truncate before truncate on audit_checkpoint_rule
      for each statement execute function audit_evidence_protect();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists audit_checkpoint_rule;
    drop trigger if exists audit_anchor_no_truncate on audit_anchor;
    drop trigger if exists audit_anchor_append_only on audit_anchor;
    drop trigger if exists audit_checkpoint_no_truncate on audit_checkpoint;
    drop trigger if exists audit_checkpoint_append_only on audit_checkpoint;
    drop trigger if exists audit_log_no_truncate on audit_log;
    drop function if exists audit_evidence_protect();
  `.execute(db);
}
