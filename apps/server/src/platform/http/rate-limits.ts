import crypto from 'node:crypto';
import { once } from 'node:events';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { RateLimitedError } from '../errors.ts';

export interface RateLimitSettings {
  redisUrl: string | null;
  redisKeyPrefix: string;
  rateLimitWindowSeconds: number;
  loginRateLimitPerAddress: number;
  loginRateLimitPerAccount: number;
  anonymousRateLimitPerAddress: number;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Account names as counted: case-insensitive like logins, hashed so keys stay short. */
function accountKey(name: string): string {
  return crypto.createHash('sha256').update(name.toLowerCase()).digest('base64url').slice(0, 32);
}

/**
 * Rate limits with @fastify/rate-limit, counted in Redis when `HUITONG_REDIS_URL` is set (every
 * node sees the same counts) and in this process otherwise:
 *
 * - anonymous requests (no valid credentials) per client address, in `onRequest`, before the
 *   401 and before any body is read; health probes are exempt;
 * - credential endpoints (`config.credentials`: login, personal tokens, OAuth tokens) per client
 *   address, in `onRequest`;
 * - the same endpoints per account name or client id from all addresses together, in
 *   `preHandler` once the body is parsed. Real and unknown names are counted alike.
 *
 * A refusal is a 429 with `Retry-After` and `retryAt`; `onRejected` is told first (the audit
 * summary). Register after the actor is resolved and before access control.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  settings: RateLimitSettings,
  options: { clock: Clock; onRejected: (request: FastifyRequest, status: number, code: string) => Promise<void> },
): Promise<void> {
  // No offline queue: while Redis is unreachable a count fails at once (and the request goes
  // through) instead of waiting for a reconnect; a hung Redis is cut off after 500 ms.
  const redis = settings.redisUrl
    ? new Redis(settings.redisUrl, { connectTimeout: 2000, commandTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false })
    : null;
  if (redis) {
    let warned = false;
    redis.on('error', (error) => {
      if (!warned) app.log.warn({ err: error }, 'rate-limit store (Redis) unavailable; requests are not limited meanwhile');
      warned = true;
    });
    redis.on('ready', () => {
      warned = false;
    });
    // Start with the shared counts when Redis is there; do not hold the start-up when it is not.
    await Promise.race([once(redis, 'ready').catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    app.addHook('onClose', async () => {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    });
  }
  await app.register(rateLimit, {
    global: false,
    ...(redis && { redis }),
    nameSpace: `${settings.redisKeyPrefix}rl:`,
    // A broken counter store must not take the login down with it; lockout still applies.
    skipOnError: true,
  });

  const timeWindow = settings.rateLimitWindowSeconds * 1000;
  const limiter = (name: string, max: number, key: (request: FastifyRequest) => string): Limiter =>
    app.createRateLimit({ max, timeWindow, keyGenerator: (request) => `${name}:${key(request)}` });
  const anonymous = limiter('anon', settings.anonymousRateLimitPerAddress, (request) => request.ip);
  const credentialsByAddress = limiter('cred-addr', settings.loginRateLimitPerAddress, (request) => request.ip);
  const credentialsByAccount = limiter('cred-acct', settings.loginRateLimitPerAccount, (request) => {
    const field = request.routeOptions.config.credentials!;
    const value = (request.body as Record<string, unknown> | undefined)?.[field];
    return accountKey(typeof value === 'string' ? value : '');
  });

  async function check(request: FastifyRequest, limit: Limiter): Promise<void> {
    const result = await limit(request);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    const error = new RateLimitedError(new Date(options.clock.now().getTime() + seconds * 1000), seconds);
    if (request.actor.kind === 'anonymous') await options.onRejected(request, error.status, error.code);
    throw error;
  }

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config ?? {};
    if (config.credentials) await check(request, credentialsByAddress);
    if (request.actor.kind === 'anonymous' && !config.unlimited) await check(request, anonymous);
  });
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config?.credentials) await check(request, credentialsByAccount);
  });
}
