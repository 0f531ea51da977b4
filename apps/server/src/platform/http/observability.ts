import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import client from 'prom-client';
import type { Database } from '../db/schema.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { withDeadline } from '../db/database-errors.ts';
import { can } from '../auth/permissions.ts';
import { AuthenticationError, NotAllowedError } from '../errors.ts';

const digest = (value: string) => crypto.createHash('sha256').update(value).digest();

/**
 * /metrics names routes, volumes and error rates: for a scraper with the configured bearer token
 * (`HUITONG_METRICS_TOKEN`), or a signed-in platform administrator or security auditor.
 */
function metricsAccess(request: FastifyRequest, metricsToken: string | null): void {
  const header = request.headers.authorization;
  if (metricsToken && header && /^Bearer\s+/i.test(header)) {
    const presented = header.replace(/^Bearer\s+/i, '').trim();
    if (crypto.timingSafeEqual(digest(presented), digest(metricsToken))) return;
  }
  if (request.actor.kind === 'anonymous') throw new AuthenticationError();
  if (!can(request.actor, 'system:metrics:read')) throw new NotAllowedError('system:metrics:read');
}

/**
 * Health, readiness and Prometheus metrics. Each app has its own registry so several apps in
 * one process (tests) do not collide.
 */
export function registerObservability(app: FastifyInstance, db: Kysely<Database>, options: { defaultMetrics: boolean; readinessTimeoutMs: number; metricsToken: string | null }): client.Registry {
  const registry = new client.Registry();
  if (options.defaultMetrics) client.collectDefaultMetrics({ register: registry, prefix: 'huitong_' });
  const duration = new client.Histogram({
    name: 'huitong_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'huitong_audit_records',
    help: 'Number of records in the audit trail',
    registers: [registry],
    async collect() {
      // Metrics must keep answering while the database is down (that is when they matter most):
      // the gauge keeps its last value instead of failing or stalling the whole scrape.
      try {
        const row = await withDeadline(db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst(), options.readinessTimeoutMs, 'the audit record count');
        this.set(Number(row?.seq ?? 0));
      } catch {
        // keep the previous value
      }
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.labels(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });

  app.get('/healthz', { config: { public: true, unlimited: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true, unlimited: true }, schema: { hide: true } }, async (request, reply) => {
    try {
      // A frozen database must not hang the probe: the load balancer needs its answer within a
      // second, so the check has its own short deadline (the queries themselves are bounded by
      // the pool's timeouts and end on their own).
      const pending = await withDeadline(
        (async () => {
          await sql`select 1`.execute(db);
          return pendingMigrations(db);
        })(),
        options.readinessTimeoutMs,
        'the database',
      );
      if (pending.length > 0) return reply.status(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });

  // Public to the access-control hook because a scraper's token is not a session; checked here.
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    metricsAccess(request, options.metricsToken);
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
