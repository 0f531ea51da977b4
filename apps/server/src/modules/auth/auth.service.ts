import type { Me, Role } from '@huitong/contracts';
import { anonymousActor, type Actor } from '../../platform/auth/actor.ts';
import { operationsOf } from '../../platform/auth/permissions.ts';
import { hashPassword, passwordWeakness, randomToken, sm3Hex, verifyPassword } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { AccountLockedError, AuthenticationError, ValidationError } from '../../platform/errors.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { toDepartment, type OrgService, type UserWithDepartment } from '../org/index.ts';
import { AuthRepository } from './auth.repository.ts';
import { SessionRepository } from './session.repository.ts';

export type SessionKind = 'console' | 'user_api' | 'system';

const SYSTEM_TOKEN_TTL_SECONDS = 3600;
/** last_seen_at is refreshed at most this often, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Password login with lockout, sessions for the console (httpOnly cookie) and bearer tokens
 * for API clients, and OAuth2 client-credentials tokens for application systems. Tokens are
 * stored only as SM3 digests.
 */
export class AuthService {
  /** A real hash compared against when the user does not exist, so timing does not reveal it. */
  #dummyHash: Promise<string> | null = null;
  private readonly sessions = new SessionRepository();
  private readonly repo = new AuthRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
  ) {}

  private dummyHash(): Promise<string> {
    this.#dummyHash ??= hashPassword(randomToken(16), this.deps.config.passwordCost);
    return this.#dummyHash;
  }

  /**
   * From when failures of this name from this address count: the last two windows, cut at the
   * last success from the address, and at an administrator's unlock — a lock the account no
   * longer shows (unlock clears locked_until) was lifted at the account's last update.
   */
  private async countingSince(db: Kysely<Database>, username: string, clientIp: string | null, user: UserWithDepartment | undefined, now: Date): Promise<Date> {
    let since = new Date(now.getTime() - 2 * this.deps.config.loginFailureWindowMinutes * 60_000);
    const success = await this.repo.lastSuccess(db, username, clientIp);
    if (success && success > since) since = success;
    if (user && user.locked_until === null && user.updated_at > since && (await this.lockFrom(db, username, clientIp, since, now))) since = user.updated_at;
    return since;
  }

  /** The end of the lock formed by the failures after `since`, or null when there is none. */
  private async lockFrom(db: Kysely<Database>, username: string, clientIp: string | null, since: Date, now: Date): Promise<Date | null> {
    const { loginMaxFailures, loginFailureWindowMinutes } = this.deps.config;
    const windowMs = loginFailureWindowMinutes * 60_000;
    const failures = await this.repo.recentFailures(db, username, clientIp, since, loginMaxFailures);
    if (failures.length < loginMaxFailures) return null;
    const newest = failures[0]!;
    if (newest.getTime() - failures[failures.length - 1]!.getTime() >= windowMs) return null;
    const until = new Date(newest.getTime() + windowMs);
    return until > now ? until : null;
  }

  /**
   * Password login. Lockout is per (account name, client address): `loginMaxFailures` failures of
   * one name from one address within the window lock that name for that address until the window
   * after the last of them has passed. Someone failing on `admin` from one address therefore does
   * not lock the administrator out everywhere; guessing from many addresses is bounded by the
   * per-account rate limit (platform/http/rate-limits.ts). Unknown names are counted and locked
   * exactly like real ones, so neither the status, the body nor the timing tells them apart.
   */
  async login(request: Actor, username: string, password: string, kind: 'console' | 'user_api', userAgent: string | null): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
    const { db, clock, config, audit } = this.deps;
    const now = clock.now();
    const user = await this.org.credentials.findLogin(db, username);
    const attempt: Actor = { ...request, userId: user?.id ?? null, username, name: user?.name ?? null, departmentId: user?.department_id ?? null, departmentName: user?.department_name ?? null };

    const since = await this.countingSince(db, username, request.clientIp, user, now);
    const locked = await this.lockFrom(db, username, request.clientIp, since, now);
    if (locked) {
      // Not a login_attempt: the lock ends a window after the failure that set it, however
      // often it is knocked on meanwhile. The audit trail has every refusal.
      await audit.recordAttempt(db, attempt, { operation: 'auth:login', targetType: user ? 'user' : null, targetId: user?.id ?? null, outcome: 'denied', details: { username, reason: 'locked', lockedUntil: locked.toISOString() } });
      request.failureAudited = true;
      throw new AccountLockedError(locked);
    }

    const passwordOk = await verifyPassword(password, user?.password_hash ?? (await this.dummyHash()));
    const ok = Boolean(user && user.active && passwordOk);
    if (!ok) {
      await db.transaction().execute(async (trx) => {
        await this.repo.recordAttempt(trx, { username, succeeded: false, clientIp: request.clientIp, at: now });
        const lockedUntil = await this.lockFrom(trx, username, request.clientIp, since, now);
        // Shown to administrators on the account (and cleared by their unlock).
        if (lockedUntil && user) await this.org.credentials.setLockedUntil(trx, user.id, lockedUntil, now);
        await audit.record(trx, attempt, {
          operation: 'auth:login',
          targetType: user ? 'user' : null,
          targetId: user?.id ?? null,
          outcome: 'failure',
          details: { username, reason: !user ? 'unknown_user' : !user.active ? 'inactive' : 'bad_password', ...(lockedUntil && { lockedUntil: lockedUntil.toISOString() }) },
        });
      });
      attempt.failureAudited = true;
      request.failureAudited = true;
      throw new AuthenticationError('用户名或密码错误 (wrong username or password)', 'INVALID_CREDENTIALS');
    }

    const token = randomToken(32);
    const expiresAt = new Date(now.getTime() + config.sessionTtlMinutes * 60_000);
    const actor = (await this.actorForUser(user!.id, request))!;
    await db.transaction().execute(async (trx) => {
      await this.repo.recordAttempt(trx, { username, succeeded: true, clientIp: request.clientIp, at: now });
      await this.sessions.insert(trx, { token_digest: sm3Hex(token), kind, user_id: user!.id, system_id: null, created_at: now, expires_at: expiresAt, last_seen_at: now, client_ip: request.clientIp, user_agent: userAgent?.slice(0, 300) ?? null });
      await audit.record(trx, actor, { operation: kind === 'console' ? 'auth:login' : 'auth:token', targetType: 'user', targetId: user!.id, details: { username } });
    });
    return { token, expiresAt, actor };
  }

  async logout(actor: Actor, token: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.sessions.revoke(trx, sm3Hex(token), this.deps.clock.now());
      await this.deps.audit.record(trx, actor, { operation: 'auth:logout', targetType: 'user', targetId: actor.userId });
    });
    this.deps.actors.forgetToken(sm3Hex(token));
  }

  /** OAuth2 client credentials for application systems. */
  async issueSystemToken(request: Actor, clientId: string, clientSecret: string): Promise<{ token: string; expiresIn: number }> {
    const { db, clock, audit } = this.deps;
    const system = await this.org.credentials.findSystemCredentials(db, clientId);
    const secretOk = await verifyPassword(clientSecret, system?.secret_hash ?? (await this.dummyHash()));
    const systemActor: Actor = { ...request, kind: 'system', systemId: system?.id ?? null, departmentId: system?.department_id ?? null, departmentName: system?.department_name ?? null, name: system?.name ?? clientId };
    if (!system || !system.active || !secretOk) {
      await audit.recordAttempt(db, systemActor, { operation: 'auth:system-token', targetType: 'application_system', targetId: system?.id ?? null, outcome: 'failure', details: { clientId, reason: !system ? 'unknown_client' : !system.active ? 'inactive' : 'bad_secret' } });
      request.failureAudited = true;
      throw new AuthenticationError('客户端凭据无效 (invalid client credentials)', 'INVALID_CLIENT');
    }
    const token = randomToken(32);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await this.sessions.insert(trx, { token_digest: sm3Hex(token), kind: 'system', user_id: null, system_id: system.id, created_at: now, expires_at: new Date(now.getTime() + SYSTEM_TOKEN_TTL_SECONDS * 1000), last_seen_at: now, client_ip: request.clientIp, user_agent: null });
      await audit.record(trx, systemActor, { operation: 'auth:system-token', targetType: 'application_system', targetId: system.id });
    });
    return { token, expiresIn: SYSTEM_TOKEN_TTL_SECONDS };
  }

  /**
   * Resolves a cookie or bearer token to its actor; null when missing, expired or revoked. A
   * resolved actor is reused from the actor cache (platform/auth/actor-cache.ts) for a few seconds,
   * so an authenticated request normally reads nothing here.
   */
  async resolve(token: string, request: Actor): Promise<{ actor: Actor; kind: SessionKind } | null> {
    const { db, clock, actors } = this.deps;
    const now = clock.now();
    const digest = sm3Hex(token);
    const cached = actors.get(digest);
    if (cached) {
      if (cached.expiresAt <= now) {
        actors.forgetToken(digest);
        return null;
      }
      if (now.getTime() - cached.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await this.sessions.touch(db, digest, now);
        cached.lastSeenAt = now;
      }
      // A fresh object per request: handlers mark their own actor (failureAudited), never the cached one.
      return { actor: { ...cached.actor, requestId: request.requestId, clientIp: request.clientIp, failureAudited: undefined }, kind: cached.kind };
    }
    const session = await this.sessions.find(db, digest);
    if (!session || session.revoked_at || session.expires_at <= now) return null;
    let actor: Actor | null;
    if (session.user_id) actor = await this.actorForUser(session.user_id, request);
    else {
      const system = await this.org.directory.findSystem(db, session.system_id!);
      actor = system && system.active ? await this.actorForSystem(system, request) : null;
    }
    if (!actor) return null;
    let lastSeenAt = session.last_seen_at;
    if (now.getTime() - lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.sessions.touch(db, digest, now);
      lastSeenAt = now;
    }
    actors.set(digest, { actor: { ...actor }, kind: session.kind, expiresAt: session.expires_at, lastSeenAt, userId: session.user_id, systemId: session.system_id });
    return { actor, kind: session.kind };
  }

  async actorForUser(userId: string, request: Actor): Promise<Actor | null> {
    const db = this.deps.db;
    const user = await this.org.directory.findUser(db, userId);
    if (!user || !user.active) return null;
    const roles = (await this.org.directory.rolesOf(db, [userId])).get(userId) ?? [];
    const organisation = await this.org.organisationOf(user.department_id);
    return {
      ...anonymousActor(request.requestId, request.clientIp),
      kind: 'user',
      userId: user.id,
      username: user.username,
      name: user.name,
      departmentId: user.department_id,
      departmentName: user.department_name,
      organisationId: organisation.id,
      organisationName: organisation.name,
      operatorMember: organisation.is_operator,
      roles: roles as Role[],
    };
  }

  private async actorForSystem(system: { id: string; department_id: string; department_name: string; name: string }, request: Actor): Promise<Actor> {
    const organisation = await this.org.organisationOf(system.department_id);
    return {
      ...anonymousActor(request.requestId, request.clientIp),
      kind: 'system',
      name: system.name,
      departmentId: system.department_id,
      departmentName: system.department_name,
      organisationId: organisation.id,
      organisationName: organisation.name,
      operatorMember: organisation.is_operator,
      systemId: system.id,
    };
  }

  async me(actor: Actor): Promise<Me> {
    if (actor.kind !== 'user' || !actor.userId) throw new AuthenticationError();
    const user = await this.org.getUser(actor, actor.userId);
    const department = await this.org.getDepartment(actor.departmentId!);
    const organisation = await this.org.organisationOf(actor.departmentId!);
    const delegatedEntryIds = await this.repo.delegatedEntryIds(this.deps.db, actor.userId);
    return {
      user,
      department,
      organisationId: organisation.id,
      organisationName: toDepartment(organisation).name,
      operatorMember: organisation.is_operator,
      operations: operationsOf(actor),
      delegatedEntryIds,
      policy: { id: this.deps.policy.id, name: this.deps.policy.profile.name },
    };
  }

  /**
   * Changes the user's own password. Every other session and API token of the user ends at once
   * (someone who learnt the old password loses the access they gained); `currentToken` is kept.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, currentToken?: string): Promise<void> {
    if (actor.kind !== 'user' || !actor.userId) throw new AuthenticationError();
    const passwordHash = await this.org.credentials.passwordHashOf(this.deps.db, actor.userId);
    if (!passwordHash || !(await verifyPassword(currentPassword, passwordHash))) {
      throw ValidationError.field('currentPassword', '当前密码不正确 (current password is wrong)', 'WRONG_PASSWORD');
    }
    const weakness = passwordWeakness(newPassword);
    if (weakness) throw ValidationError.field('newPassword', `newPassword: ${weakness}`, 'WEAK_PASSWORD');
    if (newPassword === currentPassword) throw ValidationError.field('newPassword', '新密码不能与当前密码相同 (choose a new password)');
    const hash = await hashPassword(newPassword, this.deps.config.passwordCost);
    await this.deps.db.transaction().execute(async (trx) => {
      const now = this.deps.clock.now();
      await this.org.credentials.setPassword(trx, actor.userId!, hash, now, false);
      const revoked = await this.sessions.revokeUserSessions(trx, actor.userId!, now, currentToken ? sm3Hex(currentToken) : undefined);
      await this.deps.audit.record(trx, actor, { operation: 'auth:password-change', targetType: 'user', targetId: actor.userId, details: { sessionsRevoked: revoked } });
    });
    this.deps.actors.forgetUser(actor.userId);
  }

  /**
   * Sets a new password for a user on the server (CLI), e.g. for an auditor whose account no
   * administrator may touch. Every session and API token of the user ends.
   */
  async resetPassword(actor: Actor, username: string, newPassword: string): Promise<{ userId: string; sessionsRevoked: number }> {
    if (actor.kind !== 'cli') throw new AuthenticationError();
    const user = await this.org.directory.findUserByUsername(this.deps.db, username);
    if (!user) throw ValidationError.field('username', `用户 ${username} 不存在 (user not found)`);
    const weakness = passwordWeakness(newPassword);
    if (weakness) throw ValidationError.field('password', `password: ${weakness}`, 'WEAK_PASSWORD');
    const hash = await hashPassword(newPassword, this.deps.config.passwordCost);
    const result = await this.deps.db.transaction().execute(async (trx) => {
      const now = this.deps.clock.now();
      await this.org.credentials.setPassword(trx, user.id, hash, now, true);
      const sessionsRevoked = await this.sessions.revokeUserSessions(trx, user.id, now);
      await this.deps.audit.record(trx, actor, { operation: 'auth:password-reset', targetType: 'user', targetId: user.id, details: { username: user.username, sessionsRevoked } });
      return { userId: user.id, sessionsRevoked };
    });
    this.deps.actors.forgetUser(user.id);
    return result;
  }
}
