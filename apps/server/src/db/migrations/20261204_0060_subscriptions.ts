import { sql, type Kysely } from 'kysely';

/**
 * Subscriptions of a consuming system to a dataset's change feed (ADR 0018). `delivered_seq` is
 * the consumer's position in `dataset_change`: advanced only after a 2xx (push) or when the
 * consumer pulls with a later cursor. `lease_until` is the claim of the node delivering a push
 * subscription; an expired lease (a node that died) makes it claimable again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dataset_subscription (
      id uuid primary key default gen_random_uuid(),
      dataset_id uuid not null references dataset(id),
      consumer_department_id uuid not null references department(id),
      system_id uuid not null references application_system(id),
      mode text not null check (mode in ('pull','push')),
      endpoint text,
      -- SM4-encrypted signing secret (push only).
      secret text,
      state text not null default 'active' check (state in ('active','paused','stalled','grant_revoked','deleted')),
      delivered_seq bigint not null default 0,
      failures integer not null default 0,
      last_error text,
      last_delivered_at timestamptz,
      next_attempt_at timestamptz,
      lease_until timestamptz,
      stalled_alerted_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((mode = 'push') = (endpoint is not null and secret is not null))
    );
    create unique index dataset_subscription_live on dataset_subscription (dataset_id, system_id) where state <> 'deleted';
    create index dataset_subscription_consumer on dataset_subscription (consumer_department_id);
    create index dataset_subscription_due on dataset_subscription (next_attempt_at) where mode = 'push' and state in ('active','stalled');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists dataset_subscription`.execute(db);
}
