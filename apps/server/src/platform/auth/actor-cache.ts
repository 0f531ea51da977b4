import type { Actor } from './actor.ts';

/** A token's resolved identity, without the per-request fields (request id, client address). */
export interface CachedIdentity {
  actor: Actor;
  kind: 'console' | 'user_api' | 'system';
  /** When the session or token itself ends (on the platform clock). */
  expiresAt: Date;
  /** The session's last recorded use (on the platform clock); refreshed at most once a minute. */
  lastSeenAt: Date;
  userId: string | null;
  systemId: string | null;
}

/**
 * Resolved actors by token digest, so that an authenticated request does not re-read its session,
 * user, roles and department chain (four or more statements) every time (ADR 0015).
 *
 * Changes on this node take effect at once: whoever revokes a session, changes a password, a role,
 * a user's or system's state, or a department forgets the affected entries after their commit.
 * Changes made elsewhere (another node, the `huitong` CLI against PostgreSQL) take effect within
 * `ttlMs`, measured on the monotonic clock so that the tests' manual platform clock does not pin
 * entries for ever. A ttl of 0 turns the cache off.
 */
export class ActorCache {
  readonly #entries = new Map<string, { identity: CachedIdentity; cachedAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  get(tokenDigest: string): CachedIdentity | undefined {
    const entry = this.#entries.get(tokenDigest);
    if (!entry) return undefined;
    if (this.monotonicNow() - entry.cachedAt >= this.ttlMs) {
      this.#entries.delete(tokenDigest);
      return undefined;
    }
    return entry.identity;
  }

  set(tokenDigest: string, identity: CachedIdentity): void {
    if (this.ttlMs <= 0) return;
    this.#entries.delete(tokenDigest);
    // Insertion order is age order: the oldest entry goes first when the cache is full.
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(tokenDigest, { identity, cachedAt: this.monotonicNow() });
  }

  forgetToken(tokenDigest: string): void {
    this.#entries.delete(tokenDigest);
  }

  forgetUser(userId: string): void {
    for (const [digest, entry] of this.#entries) if (entry.identity.userId === userId) this.#entries.delete(digest);
  }

  forgetSystem(systemId: string): void {
    for (const [digest, entry] of this.#entries) if (entry.identity.systemId === systemId) this.#entries.delete(digest);
  }

  /** After a change that can reach many actors at once (a department renamed, moved or closed). */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
