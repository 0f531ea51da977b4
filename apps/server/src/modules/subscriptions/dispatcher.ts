import { canonicalJson } from '../../platform/audit/canonical.ts';
import { taskActor } from '../../platform/auth/actor.ts';
import { decryptField } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { notificationMessages, webhookSignature } from '../notifications/index.ts';
import { encodeCursor } from './cursor.ts';
import type { SubscriptionRow } from './subscriptions.repository.ts';
import { platformDb } from './subscriptions.schema.ts';
import { SubscriptionsService } from './subscriptions.service.ts';

/**
 * How push subscriptions are delivered. The PostgreSQL claim dispatcher serves one node or
 * several without a broker; a NATS JetStream dispatcher (`HUITONG_NATS_URL`) can implement the
 * same interface later without touching the writers of the change log or the API.
 */
export interface ChangeDispatcher {
  readonly kind: string;
  /** Delivers what is due; returns how many batches were acknowledged. */
  dispatch(): Promise<number>;
}

export interface DispatcherOptions {
  /** Changes per POST. */
  batchSize: number;
  /** How long a claimed subscription stays this node's while it delivers. */
  leaseMs: number;
  timeoutMs: number;
  /** Consecutive failures after which the subscription is stalled and the consumer alerted. */
  stallAfter: number;
  /** First retry delay; doubles per failure up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** With nothing new, look again after this long. */
  idleMs: number;
  /** One dispatch() stops claiming after this long, so a busy feed cannot hold the job forever. */
  budgetMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  batchSize: 100,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  stallAfter: 5,
  backoffMs: 5_000,
  maxBackoffMs: 15 * 60_000,
  idleMs: 1_000,
  budgetMs: 10_000,
};

export function backoff(failures: number, options: Pick<DispatcherOptions, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(options.maxBackoffMs, options.backoffMs * 2 ** Math.max(0, failures - 1));
}

/**
 * Claims due push subscriptions (`for update skip locked` + a lease, so PGlite and several
 * PostgreSQL nodes work alike) and delivers each one's changes in sequence order, one batch at a
 * time: the position advances only after a 2xx, so delivery is at least once and in order per
 * key. The grant is checked before every batch.
 */
export class PostgresClaimDispatcher implements ChangeDispatcher {
  readonly kind = 'postgres';
  private readonly options: DispatcherOptions;

  constructor(
    private readonly deps: PlatformDeps,
    private readonly subscriptions: SubscriptionsService,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  }

  async dispatch(): Promise<number> {
    const started = Date.now();
    let acknowledged = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const claimed = await this.subscriptions.repo.claimDue(this.subscriptions.db, now, new Date(now.getTime() + this.options.leaseMs), 10);
      if (claimed.length === 0) return acknowledged;
      let progress = 0;
      for (const row of claimed) if (await this.deliver(row)) progress++;
      acknowledged += progress;
      // Only what just succeeded can have more waiting right away; failures wait for their back-off.
      if (progress === 0 || Date.now() - started > this.options.budgetMs) return acknowledged;
    }
  }

  /** One batch of one subscription; true when it was acknowledged. */
  private async deliver(row: SubscriptionRow): Promise<boolean> {
    const { repo, db, feed } = this.subscriptions;
    const now = this.deps.clock.now();
    const dataset = await feed.dataset(row.dataset_id);
    const decision = dataset ? await this.subscriptions.access(row, dataset) : null;
    if (!dataset || !decision?.allowed) {
      await this.subscriptions.revoked(row, decision?.reason ?? 'dataset gone');
      return false;
    }
    const from = Number(row.delivered_seq);
    const changes = await feed.changesAfter(dataset.id, from, this.options.batchSize);
    if (changes.length === 0) {
      await repo.release(db, row.id, new Date(now.getTime() + this.options.idleMs));
      return false;
    }
    const policy = await this.subscriptions.visibility(dataset, decision);
    const to = changes[changes.length - 1]!.seq;
    const body = canonicalJson({
      subscriptionId: row.id,
      datasetId: dataset.id,
      changes: changes.map((c) => SubscriptionsService.project(row.id, c, policy)),
      cursor: encodeCursor(to),
    });
    const timestamp = Math.floor(now.getTime() / 1000);
    try {
      const response = await fetch(row.endpoint!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-huitong-event': 'dataset.changes',
          'x-huitong-delivery': `${row.id}:${from + 1}-${to}`,
          // The same batch retried carries the same key; each change carries its own as well.
          'idempotency-key': `${row.id}:${to}`,
          'x-huitong-signature': webhookSignature(decryptField(this.deps.keys.data, row.secret!), timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      await this.failed(row, error instanceof Error ? error.message : String(error));
      return false;
    }
    return repo.delivered(db, row.id, from, to, this.deps.clock.now());
  }

  private async failed(row: SubscriptionRow, message: string): Promise<void> {
    const { repo, db } = this.subscriptions;
    const now = this.deps.clock.now();
    const failures = row.failures + 1;
    await repo.failed(db, row.id, failures, message, new Date(now.getTime() + backoff(failures, this.options)), now);
    if (failures < this.options.stallAfter) return;
    await db.transaction().execute(async (trx) => {
      if (!(await repo.markStalled(trx, row.id, now))) return;
      await this.deps.audit.record(platformDb(trx), taskActor('subscription-dispatch'), {
        operation: 'dataset:subscription:stalled',
        targetType: 'dataset_subscription',
        targetId: row.id,
        outcome: 'failure',
        details: { failures, lastError: message.slice(0, 500), deliveredSeq: Number(row.delivered_seq) },
      });
      await this.subscriptions.notifications.notifyRoles(
        platformDb(trx),
        row.consumer_department_id,
        ['data_officer', 'dept_admin'],
        notificationMessages.subscriptionStalled({ subscriptionId: row.id, endpoint: row.endpoint ?? '', failures, error: message.slice(0, 200) }),
      );
    });
  }
}
