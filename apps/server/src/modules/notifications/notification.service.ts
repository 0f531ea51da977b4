import nodemailer, { type Transporter } from 'nodemailer';
import { DEFAULT_MESSAGE_LANGUAGE, renderNotification, type MessageLanguage, type MessageParams, type Notification, type Role } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can } from '../../platform/auth/permissions.ts';
import { decryptField, encryptField, hmacSm3Hex, randomToken } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { AuthenticationError, NotFoundError } from '../../platform/errors.ts';
import { canonicalJson } from '../../platform/audit/canonical.ts';
import { NotificationRepository, type Db, type NotificationRow, type WebhookRow } from './notification.repository.ts';
import type { Message } from './notification.messages.ts';

export type { Message } from './notification.messages.ts';

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
  private readonly repo: NotificationRepository;

  constructor(private readonly deps: PlatformDeps) {
    this.repo = new NotificationRepository(deps.db);
  }

  /** Puts a message in these users' inboxes (and e-mail outbox) inside the caller's transaction. */
  async notifyUsers(trx: Db, userIds: readonly string[], message: Message): Promise<void> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    const now = this.deps.clock.now();
    const code = message.code ?? null;
    const params = code && message.params ? canonicalJson(message.params) : null;
    await this.repo.insertNotifications(
      trx,
      unique.map((user_id) => ({ user_id, kind: message.kind, code, params, title: message.title, body: message.body, link: message.link ?? null, created_at: now })),
    );
    if (!this.deps.config.smtpUrl) return;
    const link = message.link ? `${this.deps.config.publicUrl}${message.link}` : null;
    for (const email of await this.repo.activeEmails(trx, unique)) {
      await this.repo.insertOutbox(trx, { channel: 'email', target: email, subject: message.title, payload: canonicalJson({ text: `${message.body}${link ? `\n\n${link}` : ''}` }), next_attempt_at: now, created_at: now });
    }
  }

  /** Users of an organisation (its internal units included) holding any of the roles. */
  async usersWithRoles(trx: Db, organisationId: string, roles: readonly Role[]): Promise<string[]> {
    return this.repo.usersWithRoles(trx, organisationId, roles);
  }

  async notifyRoles(trx: Db, organisationId: string, roles: readonly Role[], message: Message): Promise<void> {
    await this.notifyUsers(trx, await this.usersWithRoles(trx, organisationId, roles), message);
  }

  /** The operator's users with these roles (platform reviewers, supervisors). */
  async notifyOperator(trx: Db, roles: readonly Role[], message: Message): Promise<void> {
    const operatorId = await this.repo.operatorId(trx);
    if (operatorId) await this.notifyRoles(trx, operatorId, roles, message);
  }

  /** Queues a webhook call for each subscription of these departments to the event. */
  async emit(trx: Db, departmentIds: readonly string[], event: string, data: Record<string, unknown>): Promise<void> {
    const ids = [...new Set(departmentIds)];
    if (ids.length === 0) return;
    const now = this.deps.clock.now();
    for (const subscription of await this.repo.activeSubscriptions(trx, ids, event)) {
      await this.repo.insertOutbox(trx, {
        channel: 'webhook',
        target: subscription.url,
        subject: event,
        payload: canonicalJson({ event, occurredAt: now.toISOString(), departmentId: subscription.department_id, data }),
        signing_key_ref: subscription.id,
        next_attempt_at: now,
        created_at: now,
      });
    }
  }

  // ── inbox ──────────────────────────────────────────────────────────────────────────────────
  /** The actor's messages; coded ones rendered in `language` (Chinese, as stored, by default). */
  async inbox(actor: Actor, options: { unreadOnly?: boolean; limit?: number }, language: MessageLanguage = DEFAULT_MESSAGE_LANGUAGE): Promise<{ items: Notification[]; unread: number }> {
    if (!actor.userId) throw new AuthenticationError();
    const [rows, unread] = await Promise.all([this.repo.inbox(actor.userId, { unreadOnly: options.unreadOnly, limit: options.limit ?? 50 }), this.repo.unreadCount(actor.userId)]);
    return { items: rows.map((r) => toNotification(r, language)), unread };
  }

  async markRead(actor: Actor, ids: number[] | 'all'): Promise<void> {
    if (!actor.userId) throw new AuthenticationError();
    await this.repo.markRead(actor.userId, ids, this.deps.clock.now());
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
    const due = await this.repo.claimDue(now, new Date(now.getTime() + LEASE_MS), limit);
    let delivered = 0;
    for (const message of due) {
      try {
        if (message.channel === 'email') {
          if (!this.deps.config.smtpUrl) throw new Error('no SMTP server configured');
          const payload = message.payload as unknown as { text: string };
          await this.transport().sendMail({ from: this.deps.config.mailFrom, to: message.target, subject: message.subject ?? '汇通通知', text: payload.text });
        } else {
          const subscription = await this.repo.subscriptionSecret(message.signing_key_ref!);
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
        await this.repo.markDelivered(message.id, message.attempts + 1, this.deps.clock.now());
        delivered++;
      } catch (error) {
        const attempts = message.attempts + 1;
        const wait = BACKOFF_MINUTES[Math.min(attempts - 1, BACKOFF_MINUTES.length - 1)]!;
        await this.repo.markAttemptFailed(message.id, {
          attempts,
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + wait * 60_000),
          failedAt: attempts >= MAX_ATTEMPTS ? now : null,
        });
      }
    }
    return delivered;
  }

  private toWebhook(r: WebhookRow) {
    return { id: r.id, departmentId: r.department_id, url: r.url, events: r.events, active: r.active, createdAt: r.created_at.toISOString() };
  }

  async listWebhooks(actor: Actor, departmentId: string) {
    authorize(actor, 'org:webhook:manage', departmentId);
    const rows = await this.repo.listWebhooks(departmentId);
    return rows.map((r) => this.toWebhook(r));
  }

  async createWebhook(actor: Actor, input: { departmentId: string; url: string; events: string[] }) {
    authorize(actor, 'org:webhook:manage', input.departmentId);
    const { secret, stored } = this.newWebhookSecret();
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const inserted = await this.repo.insertWebhook(trx, { department_id: input.departmentId, url: input.url, secret: stored, events: input.events, created_by: actor.userId, created_at: this.deps.clock.now() });
      await this.deps.audit.record(trx, actor, { operation: 'org:webhook:create', targetType: 'webhook_subscription', targetId: inserted.id, details: { url: input.url, events: input.events } });
      return inserted;
    });
    return { webhook: this.toWebhook(row), secret };
  }

  async disableWebhook(actor: Actor, id: string): Promise<void> {
    const row = await this.repo.findWebhook(id);
    // Only those who may list a department's webhooks see them; to anyone else one does not exist.
    if (!row || !can(actor, 'org:webhook:manage', row.department_id)) throw new NotFoundError('webhook', id);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.disableWebhook(trx, id);
      await this.deps.audit.record(trx, actor, { operation: 'org:webhook:disable', targetType: 'webhook_subscription', targetId: id });
    });
  }
}

/** A stored message for its reader: coded ones in the reader's language, older ones as stored. */
export function toNotification(r: NotificationRow, language: MessageLanguage): Notification {
  const params = (r.params ?? null) as MessageParams | null;
  const rendered = r.code ? renderNotification(language, r.code, params ?? undefined) : null;
  return {
    id: r.id,
    kind: r.kind,
    code: r.code,
    params,
    title: rendered?.title ?? r.title,
    body: rendered?.body ?? r.body,
    link: r.link,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}
