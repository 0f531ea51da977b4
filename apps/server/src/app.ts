import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Kysely } from 'kysely';
import type { Config } from './config/config.ts';
import { AuditTrail, CHECKPOINT_INTERVAL_MS } from './platform/audit/audit-trail.ts';
import { ActorCache } from './platform/auth/actor-cache.ts';
import { CalendarService } from './platform/calendar/calendar.service.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { DatabaseKind } from './platform/db/database.ts';
import type { Database } from './platform/db/schema.ts';
import type { PlatformDeps } from './platform/deps.ts';
import type { KeyRing } from './platform/keys.ts';
import { loadProfile, Policy } from './platform/policy/profiles.ts';
import { declarePublic, registerAuthentication, requireAuthentication, type RouteTable } from './platform/http/authentication.ts';
import { registerErrorHandling, registerNotFound } from './platform/http/error-handler.ts';
import { registerObservability } from './platform/http/observability.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerRateLimits } from './platform/http/rate-limits.ts';
import { RejectionSummary } from './platform/http/rejection-summary.ts';
import { registerInputHygiene } from './platform/http/input-hygiene.ts';
import './platform/http/fastify-types.ts';
import { Scheduler } from './platform/scheduler.ts';
import { createAuditModule } from './modules/audit/index.ts';
import { createAuthModule } from './modules/auth/index.ts';
import { catalogTargetNames, createCatalogModule } from './modules/catalog/index.ts';
import { createOrgModule, orgTargetNames } from './modules/org/index.ts';
import { createSystemModule } from './modules/system/index.ts';
import { createNotificationModule } from './modules/notifications/index.ts';
import { createSharingModule, sharingTargetNames } from './modules/sharing/index.ts';
import { createCalendarModule } from './modules/calendar/index.ts';
import { createDatasetsModule, datasetTargetNames } from './modules/datasets/index.ts';
import { createApiServicesModule } from './modules/api-services/index.ts';
import { createSubscriptionsModule, subscriptionTargetNames } from './modules/subscriptions/index.ts';

export interface BuildAppOptions {
  config: Config;
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  keys: KeyRing;
  clock?: Clock;
  /** Process-wide metrics (event loop, memory); off in tests, which build many apps. */
  defaultMetrics?: boolean;
  logger?: boolean;
}

export interface App {
  server: FastifyInstance;
  deps: PlatformDeps;
  modules: ReturnType<typeof createModules>;
  scheduler: Scheduler;
  /** Every registered route and whether it is public (the access-control walk in the tests). */
  routes: RouteTable;
  /** The anonymous-rejection summaries; the scheduler flushes closed windows. */
  rejections: RejectionSummary;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function createModules(deps: PlatformDeps) {
  const org = createOrgModule(deps);
  const auth = createAuthModule(deps, org.service);
  const audit = createAuditModule(deps, org.service);
  const catalog = createCatalogModule(deps, org.service);
  const notifications = createNotificationModule(deps);
  const sharing = createSharingModule(deps, org.service, catalog.service, notifications.service);
  const calendar = createCalendarModule(deps, sharing.deadlines);
  const system = createSystemModule(deps);
  const datasets = createDatasetsModule(deps, catalog.data, notifications.service);
  const apiServices = createApiServicesModule(deps, catalog.data);
  const subscriptions = createSubscriptionsModule(deps, datasets.feed, sharing.grants, notifications.service, { leaseMs: deps.config.subscriptionLeaseSeconds * 1000 });
  // The audit viewer names targets through each owning module's port (modules/audit/README.md).
  const catalogNames = catalogTargetNames(deps.db);
  const datasetNames = datasetTargetNames(deps.db, catalogNames.catalog_entry);
  const names = { ...orgTargetNames(deps.db), ...catalogNames, ...sharingTargetNames(deps.db), ...datasetNames, ...subscriptionTargetNames(deps.db, datasetNames.dataset) };
  for (const [type, resolver] of Object.entries(names)) audit.targetNames.register(type, resolver);
  return { org, auth, audit, catalog, notifications, sharing, calendar, system, datasets, apiServices, subscriptions };
}

/**
 * Builds the whole platform on a database: platform plugins first, then the modules. Tests build
 * exactly this app (with a manual clock and ephemeral keys) and talk to it through inject().
 */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config, db, keys } = options;
  const clock = options.clock ?? systemClock;
  const policy = new Policy(loadProfile(config.policiesDir, config.policy));
  let tamperLog: ((message: string) => void) | undefined;
  const deps: PlatformDeps = {
    config,
    db,
    dbKind: options.dbKind,
    clock,
    keys,
    policy,
    audit: new AuditTrail(clock, keys.auditSigning, (message) => tamperLog?.(message)),
    calendar: new CalendarService(db, clock),
    actors: new ActorCache(config.actorCacheSeconds * 1000),
  };

  const server = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    },
    // allErrors off: ajv stops at the first problem, so a hostile body costs one error, not one per key (ADR 0013).
    ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: 'array', useDefaults: true } },
  });
  tamperLog = (message) => server.log.error({ alert: 'audit-tamper' }, message);
  server.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const modules = createModules(deps);

  await server.register(cookie);
  // First of the request hooks, so refusals (401, 429) carry the headers too.
  await registerSecurityHeaders(server, { https: config.secureCookies });
  // Before any route: the route table must see every route, and the actor is resolved first.
  const routes = registerAuthentication(server, modules.auth.service);
  // Anonymous refusals (401, 429) are summarised per address and window in the audit trail.
  const rejections = new RejectionSummary(db, deps.audit, clock, config.rateLimitWindowSeconds * 1000);
  const onRejected = (request: FastifyRequest, status: number, code: string) => rejections.note(request, status, code);
  await registerRateLimits(server, config, { clock, onRejected });
  requireAuthentication(server, { onRejected });
  server.addHook('onClose', async () => {
    await rejections.flush(true).catch((error) => server.log.error({ err: error }, 'could not write the last anonymous-rejection summaries'));
  });
  await server.register(formbody);
  await server.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20 } });
  await server.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Huitong 汇通 API',
        version: '0.1.0',
        description: '政务数据共享交换与开放平台 API. Console sessions use the httpOnly cookie; scripts use `Authorization: Bearer` tokens from /api/auth/tokens; application systems use /api/oauth/token.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'huitong_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  // The interactive API reference is public documentation, like /api/openapi.json.
  await server.register(async (scope) => {
    declarePublic(scope);
    await scope.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null } });
  });

  registerErrorHandling(server, { db, audit: deps.audit, clock });
  const metrics = registerObservability(server, db, { defaultMetrics: options.defaultMetrics ?? false, readinessTimeoutMs: config.readinessTimeoutMs, metricsToken: config.metricsToken });
  modules.subscriptions.metrics(metrics);
  registerInputHygiene(server);

  server.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => server.swagger());
  for (const module of Object.values(modules)) await server.register(module.routes);

  registerConsole(server, config.webDir);

  const scheduler = new Scheduler(server.log);
  scheduler.add('audit-checkpoint', CHECKPOINT_INTERVAL_MS, async () => {
    await deps.audit.checkpoint(db);
  });
  scheduler.add('audit-rejection-summaries', config.rateLimitWindowSeconds * 1000, async () => {
    await rejections.flush();
  });
  scheduler.add('catalog-apply-due-changes', 60_000, async () => {
    await modules.catalog.service.applyDueChanges();
  });
  scheduler.add('catalog-search-refresh', 5_000, async () => {
    await modules.catalog.service.refreshIndex();
  });
  scheduler.add('sharing-deadlines', 5 * 60_000, async () => {
    await modules.sharing.deadlines.run();
  });
  scheduler.add('notification-outbox', 15_000, async () => {
    await modules.notifications.service.deliverOutbox();
  });
  scheduler.add('dataset-interrupted-batches', 5 * 60_000, async () => {
    await modules.datasets.service.failInterruptedBatches();
  });
  scheduler.add('dataset-item-migrations', 60_000, async () => {
    await modules.datasets.migrations.run();
  });
  scheduler.add('dataset-monthly-reports', 60 * 60_000, async () => {
    await modules.datasets.monthlyReports.run();
  });
  // Short interval: a change reaches a push subscriber within about a second; idle runs are one query.
  scheduler.add('subscription-dispatch', 1_000, () => modules.subscriptions.dispatcher.dispatch().then(() => undefined));
  scheduler.add('dataset-table-sync', 60_000, () => modules.datasets.tableSync.runDue().then(() => undefined));

  return { server, deps, modules, scheduler, routes, rejections };
}

/** Serves the built console at / when it exists; deep links fall back to index.html (see registerNotFound). */
function registerConsole(server: FastifyInstance, webDir: string): void {
  const built = fs.existsSync(path.join(webDir, 'index.html'));
  if (built) {
    // The console's files are public. The not-found handler lives in the same scope because it
    // answers deep links with index.html through this plugin's sendFile.
    server.register(async (scope) => {
      // Static files are not counted against the per-address anonymous budget: a whole office
      // behind one address loads the sign-in page at the start of the day.
      declarePublic(scope, { unlimited: true });
      // wildcard: files are looked up per request, so a rebuilt console is served without a restart.
      await scope.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: true, index: ['index.html'] });
      registerNotFound(scope, { consoleIndex: true });
    });
    return;
  }
  server.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><meta charset="utf-8"><title>Huitong</title><p>控制台尚未构建 (console not built): run <code>npm run build:web</code>. API: <a href="/api/docs">/api/docs</a></p>'),
  );
  registerNotFound(server, { consoleIndex: false });
}
