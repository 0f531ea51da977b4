import type { ColumnType, Generated, Kysely } from 'kysely';
import type { SubscriptionMode, SubscriptionState } from '@huitong/contracts';
import type { Database } from '../../platform/db/schema.ts';

/** The table owned by the subscriptions module (migration 20261204_0060_subscriptions, ADR 0018). */
export interface DatasetSubscriptionTable {
  id: Generated<string>;
  dataset_id: string;
  consumer_department_id: string;
  system_id: string;
  mode: SubscriptionMode;
  endpoint: string | null;
  secret: string | null;
  state: Generated<SubscriptionState>;
  delivered_seq: ColumnType<string, number | undefined, number>;
  failures: Generated<number>;
  last_error: string | null;
  last_delivered_at: Date | null;
  next_attempt_at: Date | null;
  lease_until: Date | null;
  stalled_alerted_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export type SubscriptionTables = {
  dataset_subscription: DatasetSubscriptionTable;
};

export type SubscriptionDb = Kysely<Database & SubscriptionTables>;

export function subscriptionDb(db: Kysely<Database>): SubscriptionDb {
  return db.withTables<SubscriptionTables>();
}

/** The same executor seen as the platform's, for the audit trail and notifications. */
export function platformDb(db: SubscriptionDb): Kysely<Database> {
  return db as unknown as Kysely<Database>;
}
