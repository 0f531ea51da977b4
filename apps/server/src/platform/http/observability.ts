import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import client from 'prom-client';
import type { Database } from '../db/schema.ts';
import { pendingMigrations } from '../db/migrate.ts';

/**
 * Health, readiness and Prometheus metrics. Each app has its own registry so several apps in
 * one process (tests) do not collide.
 */
export function registerObservability(app: FastifyInstance, db: Kysely<Database>, options: { defaultMetrics: boolean }): client.Registry {
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
      const row = await db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      this.set(Number(row?.seq ?? 0));
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.labels(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });

  app.get('/healthz', { config: { public: true, unlimited: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true, unlimited: true }, schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      const pending = await pendingMigrations(db);
      if (pending.length > 0) return reply.status(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'database unavailable' });
    }
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
