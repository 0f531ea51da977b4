import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Role } from '@huitong/contracts';
import type { Database, NotificationTable, OutboxTable, WebhookSubscriptionTable } from '../../platform/db/schema.ts';

/** The database or an open transaction. */
export type Db = Kysely<Database>;
export type NotificationRow = Selectable<NotificationTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type WebhookRow = Selectable<WebhookSubscriptionTable>;

/** Every query of the notifications module: inbox, outbox and webhook subscriptions. */
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  // ── inbox ──────────────────────────────────────────────────────────────────────────────────
  async insertNotifications(trx: Db, rows: Insertable<NotificationTable>[]): Promise<void> {
    await trx.insertInto('notification').values(rows).execute();
  }

  async inbox(userId: string, options: { unreadOnly?: boolean; limit: number }): Promise<NotificationRow[]> {
    let q = this.db.selectFrom('notification').selectAll().where('user_id', '=', userId);
    if (options.unreadOnly) q = q.where('read_at', 'is', null);
    return q.orderBy('id', 'desc').limit(options.limit).execute();
  }

  async unreadCount(userId: string): Promise<number> {
    const row = await this.db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markRead(userId: string, ids: number[] | 'all', now: Date): Promise<void> {
    let q = this.db.updateTable('notification').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : [-1]);
    await q.execute();
  }

  // ── recipients ─────────────────────────────────────────────────────────────────────────────
  async activeEmails(trx: Db, userIds: readonly string[]): Promise<string[]> {
    const rows = await trx.selectFrom('app_user').select(['email']).where('id', 'in', userIds).where('active', '=', true).where('email', 'is not', null).execute();
    return rows.map((r) => r.email!);
  }

  /** Active users of an organisation (its internal units included) holding any of the roles. */
  async usersWithRoles(trx: Db, organisationId: string, roles: readonly Role[]): Promise<string[]> {
    const rows = await trx
      .withRecursive('unit(id)', (qb) =>
        qb
          .selectFrom('department')
          .select('id')
          .where('id', '=', organisationId)
          .unionAll((u) => u.selectFrom('department as d').innerJoin('unit', 'unit.id', 'd.parent_id').select('d.id').where('d.kind', '=', 'internal_unit')),
      )
      .selectFrom('app_user as u')
      .innerJoin('user_role as r', 'r.user_id', 'u.id')
      .select('u.id')
      .where('u.department_id', 'in', (qb) => qb.selectFrom('unit').select('id'))
      .where('r.role', 'in', roles)
      .where('u.active', '=', true)
      .distinct()
      .execute();
    return rows.map((r) => r.id);
  }

  async operatorId(trx: Db): Promise<string | null> {
    const row = await trx.selectFrom('department').select('id').where('is_operator', '=', true).executeTakeFirst();
    return row?.id ?? null;
  }

  // ── outbox ─────────────────────────────────────────────────────────────────────────────────
  async insertOutbox(trx: Db, row: Insertable<OutboxTable>): Promise<void> {
    await trx.insertInto('outbox').values(row).execute();
  }

  /**
   * Claims due messages by pushing their next attempt out to `leaseUntil`: another node running
   * the job at the same time skips them instead of sending them twice.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
    return this.db.transaction().execute(async (trx) => {
      const ids = await trx
        .selectFrom('outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (ids.length === 0) return [];
      return trx
        .updateTable('outbox')
        .set({ next_attempt_at: leaseUntil })
        .where('id', 'in', ids.map((r) => r.id))
        .returningAll()
        .execute();
    });
  }

  async markDelivered(id: number, attempts: number, now: Date): Promise<void> {
    await this.db.updateTable('outbox').set({ delivered_at: now, attempts, last_error: null }).where('id', '=', id).execute();
  }

  async markAttemptFailed(id: number, values: { attempts: number; lastError: string; nextAttemptAt: Date; failedAt: Date | null }): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ attempts: values.attempts, last_error: values.lastError, next_attempt_at: values.nextAttemptAt, ...(values.failedAt && { failed_at: values.failedAt }) })
      .where('id', '=', id)
      .execute();
  }

  // ── webhooks ───────────────────────────────────────────────────────────────────────────────
  async activeSubscriptions(trx: Db, departmentIds: readonly string[], event: string): Promise<Array<Pick<WebhookRow, 'id' | 'url' | 'department_id'>>> {
    return trx
      .selectFrom('webhook_subscription')
      .select(['id', 'url', 'department_id'])
      .where('department_id', 'in', departmentIds)
      .where('active', '=', true)
      .where((eb) => eb(eb.val(event), '=', eb.fn.any('events')))
      .execute();
  }

  async subscriptionSecret(id: string): Promise<Pick<WebhookRow, 'secret' | 'active'> | undefined> {
    return this.db.selectFrom('webhook_subscription').select(['secret', 'active']).where('id', '=', id).executeTakeFirst();
  }

  async listWebhooks(departmentId: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhook_subscription').selectAll().where('department_id', '=', departmentId).orderBy('created_at').execute();
  }

  async findWebhook(id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhook_subscription').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertWebhook(trx: Db, row: Insertable<WebhookSubscriptionTable>): Promise<WebhookRow> {
    return trx.insertInto('webhook_subscription').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async disableWebhook(trx: Db, id: string): Promise<void> {
    await trx.updateTable('webhook_subscription').set({ active: false }).where('id', '=', id).execute();
  }
}
