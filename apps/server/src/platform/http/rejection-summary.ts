import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { anonymousActor } from '../auth/actor.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

/** Addresses tracked at once; further ones share one bucket, so a spoofing flood cannot grow memory. */
const MAX_ADDRESSES = 10_000;
const OTHER_ADDRESSES = '*';
/** Routes named per summary record; the rest are counted under "other". */
const MAX_ROUTES = 20;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Window {
  startedAt: Date;
  /** Rejections after the first, which was recorded on its own. */
  count: number;
  routes: Map<string, number>;
  statuses: Map<number, number>;
}

/**
 * Anonymous rejections of writes (401 without credentials, 429 over a rate limit) summarised in
 * the audit trail: per client address and window, the first one is recorded as it happens and the rest as
 * one summary record with their count when the window closes. Each node keeps its own counts in
 * memory, so a flood adds a few records per address and window instead of one per request, and
 * the trail still shows who tried what and how often.
 */
export class RejectionSummary {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  /** Notes a rejection and marks the request so the error handler does not record it again. */
  async note(request: FastifyRequest, status: number, code: string): Promise<void> {
    // Like every failed attempt, only writes are on the trail; refused reads never were.
    if (!MUTATING.has(request.method)) return;
    request.actor.failureAudited = true;
    const now = this.clock.now();
    // Bookkeeping is synchronous, so concurrent rejections from one address share one window.
    const writes: Promise<unknown>[] = [];
    let address = request.ip;
    let window = this.#windows.get(address);
    if (window && now.getTime() - window.startedAt.getTime() >= this.windowMs) {
      writes.push(this.write(address, window, now));
      window = undefined;
    }
    if (!window && this.#windows.size >= MAX_ADDRESSES) {
      address = OTHER_ADDRESSES;
      window = this.#windows.get(address);
    }
    const route = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
    if (!window) {
      this.#windows.set(address, { startedAt: now, count: 0, routes: new Map(), statuses: new Map() });
      writes.push(
        this.audit.recordAttempt(this.db, { ...request.actor }, {
          operation: request.routeOptions.config?.operation ?? route,
          outcome: 'denied',
          details: { status, code, route, firstOfWindow: true, windowSeconds: this.windowMs / 1000 },
        }),
      );
    } else {
      window.count++;
      window.statuses.set(status, (window.statuses.get(status) ?? 0) + 1);
      const key = window.routes.has(route) || window.routes.size < MAX_ROUTES ? route : 'other';
      window.routes.set(key, (window.routes.get(key) ?? 0) + 1);
    }
    try {
      await Promise.all(writes);
    } catch (error) {
      // The refusal stands even when the trail cannot be written (database gone).
      request.log.error({ err: error }, 'could not record the anonymous rejection in the audit trail');
    }
  }

  /** Writes the summaries of windows that have closed (all of them when shutting down). */
  async flush(all = false): Promise<number> {
    const now = this.clock.now();
    let written = 0;
    for (const [address, window] of [...this.#windows]) {
      if (!all && now.getTime() - window.startedAt.getTime() < this.windowMs) continue;
      if (await this.write(address, window, now)) written++;
    }
    return written;
  }

  private async write(address: string, window: Window, now: Date): Promise<boolean> {
    this.#windows.delete(address);
    if (window.count === 0) return false;
    const actor = { ...anonymousActor(null, address === OTHER_ADDRESSES ? null : address), name: 'anonymous' };
    await this.audit.recordAttempt(this.db, actor, {
      operation: 'http:anonymous-rejections',
      outcome: 'denied',
      details: {
        count: window.count,
        from: window.startedAt.toISOString(),
        to: now.toISOString(),
        statuses: Object.fromEntries(window.statuses),
        routes: Object.fromEntries(window.routes),
        ...(address === OTHER_ADDRESSES && { addresses: 'more than the tracked maximum' }),
      },
    });
    return true;
  }
}
