import type { Subscription, SubscriptionChange, SubscriptionChangePage, SubscriptionCreate, SubscriptionCreated } from '@huitong/contracts';
import { taskActor, type Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { encryptField, randomToken } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, NotAllowedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldVisibility, type DatasetFeedPort, type FeedChange, type FeedDataset, type FieldVisibility } from '../datasets/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import type { AccessDecision, GrantAccessPort } from '../sharing/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { SubscriptionsRepository, type SubscriptionRow } from './subscriptions.repository.ts';
import { platformDb, subscriptionDb, type SubscriptionDb } from './subscriptions.schema.ts';

/** The permissions of this module (platform/auth/permissions.ts). */
type SubscriptionOperation = 'dataset:subscription:read' | 'dataset:subscription:manage';

const NIL = '00000000-0000-0000-0000-000000000000';
const ENDPOINT = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

/**
 * Subscriptions (SPEC §4; ADR 0018): an application system of a department holding a grant in
 * force follows a dataset's change log, by pulling with an opaque cursor or by pushes from the
 * dispatcher. What it receives goes through the field-visibility policy of its grant; the grant
 * is checked again on every pull and before every push.
 */
export class SubscriptionsService {
  readonly repo = new SubscriptionsRepository();

  constructor(
    private readonly deps: PlatformDeps,
    readonly feed: DatasetFeedPort,
    private readonly grants: GrantAccessPort,
    readonly notifications: NotificationService,
  ) {}

  get db(): SubscriptionDb {
    return subscriptionDb(this.deps.db);
  }

  /**
   * A subscription the actor may reach for the operation. Another department's is not there
   * (404, department scope in the WHERE clause); a role without the permission is a 403. A system
   * reaches only its own subscriptions, and only to read and pull.
   */
  private async load(actor: Actor, id: string, operation: SubscriptionOperation): Promise<SubscriptionRow> {
    if (actor.kind === 'system') {
      const row = await this.repo.find(this.db, id, actor.organisationId ?? NIL);
      if (!row || row.system_id !== actor.systemId) throw new NotFoundError('订阅 subscription', id);
      if (operation !== 'dataset:subscription:read') throw new NotAllowedError(operation);
      return row;
    }
    const row = await this.repo.find(this.db, id, hasPlatformScope(actor, operation) ? null : (actor.organisationId ?? NIL));
    if (!row) throw new NotFoundError('订阅 subscription', id);
    authorize(actor, operation, row.consumer_department_id);
    return row;
  }

  /** The grant check every channel applies: entry, consumer, system and mode, today. */
  access(row: Pick<SubscriptionRow, 'consumer_department_id' | 'system_id'>, dataset: FeedDataset): Promise<AccessDecision> {
    return this.grants.access({ consumerDepartmentId: row.consumer_department_id, systemId: row.system_id, entryId: dataset.entryId, shareMode: 'interface' });
  }

  /** The visibility of the dataset's items under this grant decision. */
  async visibility(dataset: FeedDataset, decision: AccessDecision): Promise<FieldVisibility> {
    return fieldVisibility({ grant: { itemCodes: decision.itemCodes }, items: await this.feed.items(dataset.entryId), keyItemCode: dataset.keyItemCode, pseudonymKey: this.deps.keys.data.pseudonym });
  }

  /** A change as the subscriber may see it. */
  static project(subscriptionId: string, change: FeedChange, policy: FieldVisibility): SubscriptionChange {
    return { seq: change.seq, idempotencyKey: `${subscriptionId}:${change.seq}`, key: policy.projectKey(change.key), op: change.op, data: policy.project(change.data), changedAt: change.changedAt.toISOString() };
  }

  private async toSubscriptions(rows: SubscriptionRow[]): Promise<Subscription[]> {
    const heads = await this.feed.heads([...new Set(rows.map((r) => r.dataset_id))]);
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.dataset_id))) names.set(id, (await this.feed.dataset(id))?.entryName ?? '');
    return rows.map((r) => {
      const head = heads.get(r.dataset_id) ?? 0;
      const delivered = Number(r.delivered_seq);
      return {
        id: r.id,
        datasetId: r.dataset_id,
        entryName: names.get(r.dataset_id) ?? '',
        consumerDepartmentId: r.consumer_department_id,
        systemId: r.system_id,
        mode: r.mode,
        endpoint: r.endpoint,
        state: r.state,
        deliveredSeq: delivered,
        headSeq: head,
        lag: Math.max(0, head - delivered),
        failures: r.failures,
        lastError: r.last_error,
        lastDeliveredAt: iso(r.last_delivered_at),
        nextAttemptAt: iso(r.next_attempt_at),
        createdAt: r.created_at.toISOString(),
      };
    });
  }

  async create(actor: Actor, input: SubscriptionCreate): Promise<SubscriptionCreated> {
    if (actor.kind === 'system') throw new NotAllowedError('dataset:subscription:manage');
    authorize(actor, 'dataset:subscription:manage', actor.organisationId);
    const dataset = await this.feed.dataset(input.datasetId);
    if (!dataset) throw new NotFoundError('数据集 dataset', input.datasetId);
    if (input.mode === 'push' && !(input.endpoint && ENDPOINT.test(input.endpoint) && URL.canParse(input.endpoint)))
      throw ValidationError.field('endpoint', 'endpoint: 推送订阅需要 http(s) 回调地址 (push needs an http or https URL)');
    if (input.mode === 'pull' && input.endpoint) throw ValidationError.field('endpoint', 'endpoint: 拉取订阅不需要回调地址 (a pull subscription has no endpoint)');
    const row = { consumer_department_id: actor.organisationId!, system_id: input.systemId };
    const decision = await this.access(row, dataset);
    if (!decision.allowed) throw new NotAllowedError('dataset:subscription:manage', `没有覆盖该应用系统的有效授权 (no grant in force for this system: ${decision.reason})`);
    const secret = input.mode === 'push' ? randomToken(24) : null;
    const now = this.deps.clock.now();
    const created = await this.db.transaction().execute(async (trx) => {
      if (await this.repo.liveFor(trx, dataset.id, input.systemId)) throw new ConflictError('该应用系统已订阅此数据集 (this system already subscribes to the dataset)', 'ALREADY_SUBSCRIBED');
      const inserted = await this.repo.insert(trx, {
        dataset_id: dataset.id,
        consumer_department_id: row.consumer_department_id,
        system_id: input.systemId,
        mode: input.mode,
        endpoint: input.mode === 'push' ? input.endpoint! : null,
        secret: secret ? encryptField(this.deps.keys.data, secret) : null,
        next_attempt_at: now,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await this.deps.audit.record(platformDb(trx), actor, {
        operation: 'dataset:subscription:create',
        targetType: 'dataset_subscription',
        targetId: inserted.id,
        details: { datasetId: dataset.id, systemId: input.systemId, mode: input.mode, endpoint: inserted.endpoint, grantId: decision.grantId, itemCodes: decision.itemCodes },
      });
      return inserted;
    });
    return { subscription: (await this.toSubscriptions([created]))[0]!, secret };
  }

  async list(actor: Actor): Promise<Subscription[]> {
    let scope: string | null;
    if (actor.kind === 'system') scope = actor.organisationId ?? NIL;
    else if (hasPlatformScope(actor, 'dataset:subscription:read')) scope = null;
    else {
      authorize(actor, 'dataset:subscription:read', actor.organisationId);
      scope = actor.organisationId!;
    }
    const rows = await this.repo.list(this.db, scope);
    return this.toSubscriptions(actor.kind === 'system' ? rows.filter((r) => r.system_id === actor.systemId) : rows);
  }

  async get(actor: Actor, id: string): Promise<Subscription> {
    return (await this.toSubscriptions([await this.load(actor, id, 'dataset:subscription:read')]))[0]!;
  }

  private async change(actor: Actor, id: string, operation: 'pause' | 'resume' | 'delete'): Promise<Subscription | null> {
    const row = await this.load(actor, id, 'dataset:subscription:manage');
    const now = this.deps.clock.now();
    if (operation === 'resume') {
      const dataset = await this.feed.dataset(row.dataset_id);
      const decision = dataset ? await this.access(row, dataset) : null;
      if (!decision?.allowed) throw new NotAllowedError('dataset:subscription:manage', `授权已失效,不能恢复 (no grant in force: ${decision?.reason ?? 'dataset gone'})`);
    }
    const [from, to, audited] = {
      pause: [['active', 'stalled', 'grant_revoked'], 'paused', 'dataset:subscription:pause'],
      resume: [['paused', 'stalled', 'grant_revoked'], 'active', 'dataset:subscription:resume'],
      delete: [['active', 'paused', 'stalled', 'grant_revoked'], 'deleted', 'dataset:subscription:delete'],
    }[operation] as [Array<SubscriptionRow['state']>, SubscriptionRow['state'], string];
    const updated = await this.db.transaction().execute(async (trx) => {
      const changed = await this.repo.transition(trx, id, from, to, now, operation === 'resume');
      if (!changed) throw new InvalidTransitionError(row.state, operation);
      await this.deps.audit.record(platformDb(trx), actor, { operation: audited, targetType: 'dataset_subscription', targetId: id, details: { from: row.state, to, datasetId: row.dataset_id, systemId: row.system_id } });
      return changed;
    });
    return operation === 'delete' ? null : (await this.toSubscriptions([updated]))[0]!;
  }

  pause(actor: Actor, id: string) {
    return this.change(actor, id, 'pause') as Promise<Subscription>;
  }

  resume(actor: Actor, id: string) {
    return this.change(actor, id, 'resume') as Promise<Subscription>;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.change(actor, id, 'delete');
  }

  /**
   * Pull: the changes after the cursor (none = from the start of the log), through the grant's
   * visibility. Asking with a cursor acknowledges what came before it, which is the lag figure.
   */
  async pull(actor: Actor, id: string, cursor: string | undefined, limit: number): Promise<SubscriptionChangePage> {
    const row = await this.load(actor, id, 'dataset:subscription:read');
    if (row.mode !== 'pull') throw new ConflictError('推送订阅不能拉取 (a push subscription is delivered by the platform)', 'NOT_A_PULL_SUBSCRIPTION');
    if (row.state === 'paused') throw new InvalidTransitionError('paused', 'pull', '订阅已暂停 (the subscription is paused)');
    const after = cursor === undefined ? 0 : decodeCursor(cursor);
    if (after === null) throw ValidationError.field('cursor', 'cursor: 游标无效 (not a cursor this API issued)');
    const dataset = await this.feed.dataset(row.dataset_id);
    const decision = dataset ? await this.access(row, dataset) : null;
    const now = this.deps.clock.now();
    if (!dataset || !decision?.allowed) {
      await this.revoked(row, decision?.reason ?? 'dataset gone');
      throw new NotAllowedError('dataset:subscription:read', `授权已失效,停止提供数据 (no grant in force: ${decision?.reason ?? 'dataset gone'})`);
    }
    const policy = await this.visibility(dataset, decision);
    const changes = await this.feed.changesAfter(dataset.id, after, limit + 1);
    const page = changes.slice(0, limit);
    if (after > 0) await this.repo.acknowledge(this.db, row.id, after, now);
    const last = page.length ? page[page.length - 1]!.seq : after;
    return { changes: page.map((c) => SubscriptionsService.project(row.id, c, policy)), cursor: encodeCursor(last), more: changes.length > limit };
  }

  /** Every live subscription's lag (head − delivered sequence), for the metrics gauge. */
  async lags(): Promise<Array<{ id: string; datasetId: string; state: string; mode: string; lag: number }>> {
    const rows = await this.repo.positions(this.db);
    const heads = await this.feed.heads([...new Set(rows.map((r) => r.dataset_id))]);
    return rows.map((r) => ({ id: r.id, datasetId: r.dataset_id, state: r.state, mode: r.mode, lag: Math.max(0, (heads.get(r.dataset_id) ?? 0) - Number(r.delivered_seq)) }));
  }

  /** The grant no longer covers the subscription: stop it (guarded) and record why. */
  async revoked(row: SubscriptionRow, reason: string): Promise<boolean> {
    const now = this.deps.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const changed = await this.repo.transition(trx, row.id, ['active', 'stalled'], 'grant_revoked', now);
      if (!changed) return false;
      await this.deps.audit.record(platformDb(trx), taskActor('subscription-dispatch'), {
        operation: 'dataset:subscription:grant-revoked',
        targetType: 'dataset_subscription',
        targetId: row.id,
        details: { reason, datasetId: row.dataset_id, systemId: row.system_id },
      });
      await this.notifications.notifyRoles(platformDb(trx), row.consumer_department_id, ['data_officer', 'dept_admin'], notificationMessages.subscriptionGrantEnded({ subscriptionId: row.id, reason }));
      return true;
    });
  }
}
