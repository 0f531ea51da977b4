import nodemailer, { type Transporter } from 'nodemailer';
import type { Notification, Role } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can } from '../../platform/auth/permissions.ts';
import { decryptField, encryptField, hmacSm3Hex, randomToken } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { AuthenticationError, NotFoundError } from '../../platform/errors.ts';
import { canonicalJson } from '../../platform/audit/canonical.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

/** The database or an open transaction. */
type Db = Kysely<Database>;

export interface Message {
  kind: string;
  title: string;
  body: string;
  /** A console path, e.g. /sharing/applications/<id>. */
  link?: string;
}

const MAX_ATTEMPTS = 8;
/** Minutes to wait before the n-th retry. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720, 1440];
const WEBHOOK_TIMEOUT_MS = 10_000;
/** How long a claimed message is reserved for the node delivering it. */
const LEASE_MS = 5 * 60_000;

/**
 * Notifications: an in-app inbox for every user, e-mail when an SMTP server is configured and the
 * user has an address, and signed webhooks for departments that subscribe to events. Messages that
 * leave the platform go through an outbox written in the same transaction as the change, and a job
 * delivers them at least once, retrying with back-off.
 */
export class NotificationService {
  #transport: Transporter | null = null;

  constructor(private readonly deps: PlatformDeps) {}

  /** Puts a message in these users' inboxes (and e-mail outbox) inside the caller's transaction. */
  async notifyUsers(trx: Db, userIds: readonly string[], message: Message): Promise<void> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    const now = this.deps.clock.now();
    await trx
      .insertInto('notification')
      .values(unique.map((user_id) => ({ user_id, kind: message.kind, title: message.title, body: message.body, link: message.link ?? null, created_at: now })))
      .execute();
    if (!this.deps.config.smtpUrl) return;
    const withEmail = await trx.selectFrom('app_user').select(['email']).where('id', 'in', unique).where('active', '=', true).where('email', 'is not', null).execute();
    const link = message.link ? `${this.deps.config.publicUrl}${message.link}` : null;
    for (const { email } of withEmail) {
      await trx
        .insertInto('outbox')
        .values({ channel: 'email', target: email!, subject: message.title, payload: canonicalJson({ text: `${message.body}${link ? `\n\n${link}` : ''}` }), next_attempt_at: now, created_at: now })
        .execute();
    }
  }

  /** Users of an organisation (its internal units included) holding any of the roles. */
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

  async notifyRoles(trx: Db, organisationId: string, roles: readonly Role[], message: Message): Promise<void> {
    await this.notifyUsers(trx, await this.usersWithRoles(trx, organisationId, roles), message);
  }

  /** The operator's users with these roles (platform reviewers, supervisors). */
  async notifyOperator(trx: Db, roles: readonly Role[], message: Message): Promise<void> {
    const operator = await trx.selectFrom('department').select('id').where('is_operator', '=', true).executeTakeFirst();
    if (operator) await this.notifyRoles(trx, operator.id, roles, message);
  }

  /** Queues a webhook call for each subscription of these departments to the event. */
  async emit(trx: Db, departmentIds: readonly string[], event: string, data: Record<string, unknown>): Promise<void> {
    const ids = [...new Set(departmentIds)];
    if (ids.length === 0) return;
    const subscriptions = await trx
      .selectFrom('webhook_subscription')
      .select(['id', 'url', 'department_id'])
      .where('department_id', 'in', ids)
      .where('active', '=', true)
      .where((eb) => eb(eb.val(event), '=', eb.fn.any('events')))
      .execute();
    const now = this.deps.clock.now();
    for (const subscription of subscriptions) {
      await trx
        .insertInto('outbox')
        .values({
          channel: 'webhook',
          target: subscription.url,
          subject: event,
          payload: canonicalJson({ event, occurredAt: now.toISOString(), departmentId: subscription.department_id, data }),
          signing_key_ref: subscription.id,
          next_attempt_at: now,
          created_at: now,
        })
        .execute();
    }
  }

  // ── inbox ──────────────────────────────────────────────────────────────────────────────────
  async inbox(actor: Actor, options: { unreadOnly?: boolean; limit?: number }): Promise<{ items: Notification[]; unread: number }> {
    if (!actor.userId) throw new AuthenticationError();
    let q = this.deps.db.selectFrom('notification').selectAll().where('user_id', '=', actor.userId);
    if (options.unreadOnly) q = q.where('read_at', 'is', null);
    const [rows, unread] = await Promise.all([
      q.orderBy('id', 'desc').limit(options.limit ?? 50).execute(),
      this.deps.db.selectFrom('notification').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString(), readAt: r.read_at ? r.read_at.toISOString() : null })),
      unread: Number(unread.n),
    };
  }

  async markRead(actor: Actor, ids: number[] | 'all'): Promise<void> {
    if (!actor.userId) throw new AuthenticationError();
    let q = this.deps.db.updateTable('notification').set({ read_at: this.deps.clock.now() }).where('user_id', '=', actor.userId).where('read_at', 'is', null);
    if (ids !== 'all') q = q.where('id', 'in', ids.length ? ids : [-1]);
    await q.execute();
  }

  // ── webhooks ───────────────────────────────────────────────────────────────────────────────
  newWebhookSecret(): { secret: string; stored: string } {
    const secret = randomToken(24);
    return { secret, stored: encryptField(this.deps.keys.data, secret) };
  }

  /** `X-Huitong-Signature: t=<unix seconds>,sm3=<hex HMAC-SM3 of "<t>.<body>">`. */
  static signature(secret: string, timestamp: number, body: string): string {
    return `t=${timestamp},sm3=${hmacSm3Hex(Buffer.from(secret), `${timestamp}.${body}`)}`;
  }

  // ── delivery ───────────────────────────────────────────────────────────────────────────────
  private transport(): Transporter {
    this.#transport ??= nodemailer.createTransport(this.deps.config.smtpUrl!);
    return this.#transport;
  }

  /** Delivers due outbox messages (scheduled job). Returns how many were delivered. */
  async deliverOutbox(limit = 50): Promise<number> {
    const now = this.deps.clock.now();
    // Claim due messages by pushing their next attempt out by a lease: another node running the
    // job at the same time skips them instead of sending them twice.
    const due = await this.deps.db.transaction().execute(async (trx) => {
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
        .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS) })
        .where('id', 'in', ids.map((r) => r.id))
        .returningAll()
        .execute();
    });
    let delivered = 0;
    for (const message of due) {
      try {
        if (message.channel === 'email') {
          if (!this.deps.config.smtpUrl) throw new Error('no SMTP server configured');
          const payload = message.payload as unknown as { text: string };
          await this.transport().sendMail({ from: this.deps.config.mailFrom, to: message.target, subject: message.subject ?? '汇通通知', text: payload.text });
        } else {
          const subscription = await this.deps.db.selectFrom('webhook_subscription').select(['secret', 'active']).where('id', '=', message.signing_key_ref!).executeTakeFirst();
          if (!subscription || !subscription.active) throw new Error('webhook subscription removed or disabled');
          const body = canonicalJson(message.payload);
          const timestamp = Math.floor(now.getTime() / 1000);
          const response = await fetch(message.target, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-huitong-event': message.subject ?? '',
              'x-huitong-delivery': String(message.id),
              'x-huitong-signature': NotificationService.signature(decryptField(this.deps.keys.data, subscription.secret), timestamp, body),
            },
            body,
            signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
        }
        await this.deps.db.updateTable('outbox').set({ delivered_at: this.deps.clock.now(), attempts: message.attempts + 1, last_error: null }).where('id', '=', message.id).execute();
        delivered++;
      } catch (error) {
        const attempts = message.attempts + 1;
        const wait = BACKOFF_MINUTES[Math.min(attempts - 1, BACKOFF_MINUTES.length - 1)]!;
        await this.deps.db
          .updateTable('outbox')
          .set({
            attempts,
            last_error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
            next_attempt_at: new Date(now.getTime() + wait * 60_000),
            ...(attempts >= MAX_ATTEMPTS && { failed_at: now }),
          })
          .where('id', '=', message.id)
          .execute();
      }
    }
    return delivered;
  }

  private toWebhook(r: { id: string; department_id: string; url: string; events: string[]; active: boolean; created_at: Date }) {
    return { id: r.id, departmentId: r.department_id, url: r.url, events: r.events, active: r.active, createdAt: r.created_at.toISOString() };
  }

  async listWebhooks(actor: Actor, departmentId: string) {
    authorize(actor, 'org:webhook:manage', departmentId);
    const rows = await this.deps.db.selectFrom('webhook_subscription').selectAll().where('department_id', '=', departmentId).orderBy('created_at').execute();
    return rows.map((r) => this.toWebhook(r));
  }

  async createWebhook(actor: Actor, input: { departmentId: string; url: string; events: string[] }) {
    authorize(actor, 'org:webhook:manage', input.departmentId);
    const { secret, stored } = this.newWebhookSecret();
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('webhook_subscription')
        .values({ department_id: input.departmentId, url: input.url, secret: stored, events: input.events, created_by: actor.userId, created_at: this.deps.clock.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, actor, { operation: 'org:webhook:create', targetType: 'webhook_subscription', targetId: inserted.id, details: { url: input.url, events: input.events } });
      return inserted;
    });
    return { webhook: this.toWebhook(row), secret };
  }

  async disableWebhook(actor: Actor, id: string): Promise<void> {
    const row = await this.deps.db.selectFrom('webhook_subscription').selectAll().where('id', '=', id).executeTakeFirst();
    // Only those who may list a department's webhooks see them; to anyone else one does not exist.
    if (!row || !can(actor, 'org:webhook:manage', row.department_id)) throw new NotFoundError('webhook', id);
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('webhook_subscription').set({ active: false }).where('id', '=', id).execute();
      await this.deps.audit.record(trx, actor, { operation: 'org:webhook:disable', targetType: 'webhook_subscription', targetId: id });
    });
  }
}
