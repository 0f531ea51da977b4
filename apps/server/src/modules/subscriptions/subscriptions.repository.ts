import { sql, type Insertable, type Selectable } from 'kysely';
import type { SubscriptionState } from '@huitong/contracts';
import type { DatasetSubscriptionTable, SubscriptionDb } from './subscriptions.schema.ts';

export type SubscriptionRow = Selectable<DatasetSubscriptionTable>;

/** Queries of the subscriptions module. Every method takes the executor (db or transaction) first. */
export class SubscriptionsRepository {
  insert(db: SubscriptionDb, values: Insertable<DatasetSubscriptionTable>) {
    return db.insertInto('dataset_subscription').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** A live subscription; `consumerDepartmentId` null = any department (platform scope). */
  find(db: SubscriptionDb, id: string, consumerDepartmentId: string | null) {
    let q = db.selectFrom('dataset_subscription').selectAll().where('id', '=', id).where('state', '<>', 'deleted');
    if (consumerDepartmentId !== null) q = q.where('consumer_department_id', '=', consumerDepartmentId);
    return q.executeTakeFirst();
  }

  list(db: SubscriptionDb, consumerDepartmentId: string | null) {
    let q = db.selectFrom('dataset_subscription').selectAll().where('state', '<>', 'deleted');
    if (consumerDepartmentId !== null) q = q.where('consumer_department_id', '=', consumerDepartmentId);
    return q.orderBy('created_at', 'desc').execute();
  }

  liveFor(db: SubscriptionDb, datasetId: string, systemId: string) {
    return db.selectFrom('dataset_subscription').select('id').where('dataset_id', '=', datasetId).where('system_id', '=', systemId).where('state', '<>', 'deleted').executeTakeFirst();
  }

  /** A guarded state change: only from one of `from`; returns the row, or undefined when it was not in one of them. */
  transition(db: SubscriptionDb, id: string, from: readonly SubscriptionState[], to: SubscriptionState, now: Date, reset = false) {
    return db
      .updateTable('dataset_subscription')
      .set({ state: to, updated_at: now, lease_until: null, ...(reset && { failures: 0, last_error: null, next_attempt_at: now, stalled_alerted_at: null }) })
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .returningAll()
      .executeTakeFirst();
  }

  /** A pull with a later cursor acknowledges everything before it. */
  async acknowledge(db: SubscriptionDb, id: string, seq: number, now: Date): Promise<void> {
    await db
      .updateTable('dataset_subscription')
      .set({ delivered_seq: seq, last_delivered_at: now, updated_at: now })
      .where('id', '=', id)
      .where(sql<boolean>`delivered_seq < ${seq}::bigint`)
      .execute();
  }

  /**
   * Claims due push subscriptions for this node: `for update skip locked` keeps two nodes from
   * taking the same row at once, and the lease keeps it taken while it is delivered outside the
   * transaction. A node that dies leaves a lease that expires.
   */
  claimDue(db: SubscriptionDb, now: Date, leaseUntil: Date, limit: number) {
    return db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('dataset_subscription')
        .select('id')
        .where('mode', '=', 'push')
        .where('state', 'in', ['active', 'stalled'])
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx.updateTable('dataset_subscription').set({ lease_until: leaseUntil }).where('id', 'in', due.map((d) => d.id)).returningAll().execute();
    });
  }

  /**
   * After a 2xx: the position moves to the last delivered sequence, only from where this claim
   * started (a second node that somehow delivered the same batch does not move it twice).
   */
  async delivered(db: SubscriptionDb, id: string, fromSeq: number, toSeq: number, now: Date): Promise<boolean> {
    const result = await db
      .updateTable('dataset_subscription')
      .set({
        delivered_seq: toSeq,
        failures: 0,
        last_error: null,
        last_delivered_at: now,
        next_attempt_at: now,
        lease_until: null,
        updated_at: now,
        state: sql<SubscriptionState>`case when state = 'stalled' then 'active' else state end`,
        stalled_alerted_at: null,
      })
      .where('id', '=', id)
      .where(sql<boolean>`delivered_seq = ${fromSeq}::bigint`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async failed(db: SubscriptionDb, id: string, failures: number, error: string, nextAttemptAt: Date, now: Date): Promise<void> {
    await db.updateTable('dataset_subscription').set({ failures, last_error: error.slice(0, 500), next_attempt_at: nextAttemptAt, lease_until: null, updated_at: now }).where('id', '=', id).execute();
  }

  /** Nothing to deliver: free the claim until the next change (or a short while). */
  async release(db: SubscriptionDb, id: string, nextAttemptAt: Date): Promise<void> {
    await db.updateTable('dataset_subscription').set({ lease_until: null, next_attempt_at: nextAttemptAt }).where('id', '=', id).execute();
  }

  /** Marks an active subscription stalled once; true when this call did it (so the alert goes once). */
  async markStalled(db: SubscriptionDb, id: string, now: Date): Promise<boolean> {
    const result = await db
      .updateTable('dataset_subscription')
      .set({ state: 'stalled', stalled_alerted_at: now, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Every live subscription's position, for the lag gauge. */
  positions(db: SubscriptionDb) {
    return db.selectFrom('dataset_subscription').select(['id', 'dataset_id', 'consumer_department_id', 'state', 'mode', 'delivered_seq']).where('state', '<>', 'deleted').execute();
  }
}
