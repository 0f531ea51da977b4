import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DEFAULT_SPREADSHEET_LIMITS } from '../platform/spreadsheet/limits.ts';

/**
 * The one typed configuration object. Every setting comes from the environment, is validated
 * once at boot, and a bad value stops the process with a message naming the variable.
 */
export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  dataDir: Type.String({ minLength: 1 }),
  /** When set, the platform runs on this PostgreSQL database instead of embedded PGlite. */
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  policy: Type.String({ pattern: '^[a-z][a-z0-9_-]*$' }),
  /** PostgreSQL: opening a connection or waiting for a free one in the pool. */
  dbConnectTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  /** PostgreSQL statement_timeout; the client gives up 1 s later if the server is silent. 0 = none. */
  dbStatementTimeoutMs: Type.Integer({ minimum: 0, maximum: 3_600_000 }),
  /** PostgreSQL idle_in_transaction_session_timeout. 0 = none. */
  dbIdleInTransactionTimeoutMs: Type.Integer({ minimum: 0, maximum: 3_600_000 }),
  /** How long /readyz waits for the database before answering 503. */
  readinessTimeoutMs: Type.Integer({ minimum: 50, maximum: 10_000 }),
  policiesDir: Type.String(),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  /** Session lifetime for console logins and user bearer tokens. */
  sessionTtlMinutes: Type.Integer({ minimum: 5, maximum: 60 * 24 * 7 }),
  /** How long a resolved actor is reused before the session is read again (changes made on another node or by the CLI show within it); 0 turns caching off. */
  actorCacheSeconds: Type.Integer({ minimum: 0, maximum: 300 }),
  /** How long a node keeps a push subscription it claimed; a node that dies hands it on after this. */
  subscriptionLeaseSeconds: Type.Integer({ minimum: 5, maximum: 3600 }),
  /** Lockout after repeated failed logins (等保 level 3 login failure handling). */
  loginMaxFailures: Type.Integer({ minimum: 1, maximum: 100 }),
  loginFailureWindowMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
  /** scrypt cost parameter N for passwords and client secrets (a power of two). */
  passwordCost: Type.Integer({ minimum: 1024, maximum: 2 ** 20, multipleOf: 1024 }),
  /** Trust X-Forwarded-For from a load balancer when resolving client addresses. */
  trustProxy: Type.Boolean(),
  /** Serve cookies with the Secure flag; on when the console is reached over HTTPS. */
  secureCookies: Type.Boolean(),
  /** Seed the demo city on first start when the database is empty. */
  seedDemo: Type.Boolean(),
  /** Directory with the built console (apps/web/dist); served at / when present. */
  webDir: Type.String(),
  /** Request body limit in bytes for JSON bodies. */
  bodyLimitBytes: Type.Integer({ minimum: 1024 }),
  /** Upload limit for spreadsheets. */
  uploadLimitBytes: Type.Integer({ minimum: 1024 }),
  /** API services (接口代理): allow upstreams on link-local addresses (169.254.0.0/16, fe80::/10), refused by default (ADR 0019). */
  apiServiceAllowLinkLocal: Type.Boolean(),
  /** Size limit for stamped application letters (PDF). */
  letterLimitBytes: Type.Integer({ minimum: 1024 }),
  /** Uploaded workbooks (platform/spreadsheet): unpacked size, rows and cells, parsing workers at once. */
  spreadsheetMaxUnpackedBytes: Type.Integer({ minimum: 1024 }),
  spreadsheetMaxRows: Type.Integer({ minimum: 1 }),
  spreadsheetMaxCells: Type.Integer({ minimum: 1 }),
  spreadsheetWorkers: Type.Integer({ minimum: 1, maximum: 16 }),
  /** SMTP server for e-mail notifications (smtp://user:pass@host:port); none means in-app only. */
  smtpUrl: Type.Union([Type.String({ pattern: '^smtps?://' }), Type.Null()]),
  mailFrom: Type.String({ minLength: 3 }),
  /** Link base for notifications (e-mails and webhooks point into the console). */
  publicUrl: Type.String({ pattern: '^https?://' }),
  /** Redis for counters shared by every node (rate limits); none means per process. */
  redisUrl: Type.Union([Type.String({ pattern: '^rediss?://' }), Type.Null()]),
  /** Prefix of every Redis key, so several deployments (or tests) can share one Redis. */
  redisKeyPrefix: Type.String({ minLength: 1, maxLength: 100 }),
  /** Length of a rate-limit window. */
  rateLimitWindowSeconds: Type.Integer({ minimum: 1, maximum: 24 * 3600 }),
  /** Login, token and OAuth token requests per client address and window. */
  loginRateLimitPerAddress: Type.Integer({ minimum: 1 }),
  /** Login and token requests per account name (or OAuth client id) and window, from all addresses. */
  loginRateLimitPerAccount: Type.Integer({ minimum: 1 }),
  /** Requests without valid credentials per client address and window (health probes excepted). */
  anonymousRateLimitPerAddress: Type.Integer({ minimum: 1 }),
  /** Bearer token a Prometheus scraper sends to /metrics; none means only signed-in operators. */
  metricsToken: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
});
export type Config = Static<typeof ConfigSchema>;

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

export class ConfigError extends Error {}

/** Reads the environment into a validated Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    port: int(env.PORT, 8080),
    // Loopback unless told otherwise: exposing the platform is a decision (HOST=0.0.0.0), not a default.
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.HUITONG_DATA_DIR || path.join(repoRoot, 'data')),
    databaseUrl: env.DATABASE_URL || null,
    policy: env.HUITONG_POLICY || 'longnan',
    policiesDir: path.resolve(env.HUITONG_POLICIES_DIR || path.join(repoRoot, 'policies')),
    dbConnectTimeoutMs: int(env.HUITONG_DB_CONNECT_TIMEOUT_MS, 5_000),
    dbStatementTimeoutMs: int(env.HUITONG_DB_STATEMENT_TIMEOUT_MS, 30_000),
    dbIdleInTransactionTimeoutMs: int(env.HUITONG_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, 60_000),
    readinessTimeoutMs: int(env.HUITONG_READY_TIMEOUT_MS, 500),
    logLevel: (env.LOG_LEVEL || 'info') as Config['logLevel'],
    sessionTtlMinutes: int(env.HUITONG_SESSION_TTL_MINUTES, 8 * 60),
    actorCacheSeconds: int(env.HUITONG_ACTOR_CACHE_SECONDS, 10),
    subscriptionLeaseSeconds: int(env.HUITONG_SUBSCRIPTION_LEASE_SECONDS, 60),
    loginMaxFailures: int(env.HUITONG_LOGIN_MAX_FAILURES, 5),
    loginFailureWindowMinutes: int(env.HUITONG_LOGIN_FAILURE_WINDOW_MINUTES, 15),
    passwordCost: int(env.HUITONG_PASSWORD_SCRYPT_COST, 2 ** 15),
    trustProxy: bool(env.HUITONG_TRUST_PROXY, false),
    secureCookies: bool(env.HUITONG_SECURE_COOKIES, false),
    seedDemo: bool(env.HUITONG_SEED_DEMO, true),
    webDir: path.resolve(env.HUITONG_WEB_DIR || path.join(repoRoot, 'apps/web/dist')),
    bodyLimitBytes: int(env.HUITONG_BODY_LIMIT_BYTES, 2 * 1024 * 1024),
    uploadLimitBytes: int(env.HUITONG_UPLOAD_LIMIT_BYTES, 20 * 1024 * 1024),
    letterLimitBytes: int(env.HUITONG_LETTER_LIMIT_BYTES, 10 * 1024 * 1024),
    apiServiceAllowLinkLocal: bool(env.HUITONG_API_SERVICE_ALLOW_LINK_LOCAL, false),
    spreadsheetMaxUnpackedBytes: int(env.HUITONG_SPREADSHEET_MAX_UNPACKED_BYTES, DEFAULT_SPREADSHEET_LIMITS.maxUnpackedBytes),
    spreadsheetMaxRows: int(env.HUITONG_SPREADSHEET_MAX_ROWS, DEFAULT_SPREADSHEET_LIMITS.maxRows),
    spreadsheetMaxCells: int(env.HUITONG_SPREADSHEET_MAX_CELLS, DEFAULT_SPREADSHEET_LIMITS.maxCells),
    spreadsheetWorkers: int(env.HUITONG_SPREADSHEET_WORKERS, DEFAULT_SPREADSHEET_LIMITS.concurrency),
    smtpUrl: env.HUITONG_SMTP_URL || null,
    mailFrom: env.HUITONG_MAIL_FROM || 'huitong@localhost',
    publicUrl: env.HUITONG_PUBLIC_URL || `http://localhost:${env.PORT || 8080}`,
    redisUrl: env.HUITONG_REDIS_URL || null,
    redisKeyPrefix: env.HUITONG_REDIS_PREFIX || 'huitong:',
    rateLimitWindowSeconds: int(env.HUITONG_RATE_LIMIT_WINDOW_SECONDS, 60),
    loginRateLimitPerAddress: int(env.HUITONG_LOGIN_RATE_LIMIT_PER_ADDRESS, 20),
    loginRateLimitPerAccount: int(env.HUITONG_LOGIN_RATE_LIMIT_PER_ACCOUNT, 10),
    anonymousRateLimitPerAddress: int(env.HUITONG_ANONYMOUS_RATE_LIMIT_PER_ADDRESS, 300),
    metricsToken: env.HUITONG_METRICS_TOKEN || null,
    ...overrides,
  };
  const lines = [...Value.Errors(ConfigSchema, config)].map((e) => {
    const key = e.path.replace(/^\//, '').split('/')[0] ?? '';
    return `${VARIABLES[key] ?? key}: ${e.message} (got ${JSON.stringify(e.value)})`;
  });
  lines.push(...checkPaths(config));
  if (lines.length > 0) {
    const unique = [...new Set(lines)];
    // One problem fits on one line; several are listed one per line.
    throw new ConfigError(unique.length === 1 ? `invalid configuration: ${unique[0]}` : `invalid configuration:\n  ${unique.join('\n  ')}`);
  }
  return config;
}

const VARIABLES: Record<string, string> = {
  spreadsheetMaxUnpackedBytes: 'HUITONG_SPREADSHEET_MAX_UNPACKED_BYTES',
  spreadsheetMaxRows: 'HUITONG_SPREADSHEET_MAX_ROWS',
  spreadsheetMaxCells: 'HUITONG_SPREADSHEET_MAX_CELLS',
  spreadsheetWorkers: 'HUITONG_SPREADSHEET_WORKERS',
  redisUrl: 'HUITONG_REDIS_URL',
  redisKeyPrefix: 'HUITONG_REDIS_PREFIX',
  rateLimitWindowSeconds: 'HUITONG_RATE_LIMIT_WINDOW_SECONDS',
  loginRateLimitPerAddress: 'HUITONG_LOGIN_RATE_LIMIT_PER_ADDRESS',
  loginRateLimitPerAccount: 'HUITONG_LOGIN_RATE_LIMIT_PER_ACCOUNT',
  anonymousRateLimitPerAddress: 'HUITONG_ANONYMOUS_RATE_LIMIT_PER_ADDRESS',
  metricsToken: 'HUITONG_METRICS_TOKEN',
  port: 'PORT',
  host: 'HOST',
  dataDir: 'HUITONG_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  policy: 'HUITONG_POLICY',
  policiesDir: 'HUITONG_POLICIES_DIR',
  webDir: 'HUITONG_WEB_DIR',
  dbConnectTimeoutMs: 'HUITONG_DB_CONNECT_TIMEOUT_MS',
  dbStatementTimeoutMs: 'HUITONG_DB_STATEMENT_TIMEOUT_MS',
  dbIdleInTransactionTimeoutMs: 'HUITONG_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  readinessTimeoutMs: 'HUITONG_READY_TIMEOUT_MS',
  trustProxy: 'HUITONG_TRUST_PROXY',
  secureCookies: 'HUITONG_SECURE_COOKIES',
  seedDemo: 'HUITONG_SEED_DEMO',
  logLevel: 'LOG_LEVEL',
  sessionTtlMinutes: 'HUITONG_SESSION_TTL_MINUTES',
  actorCacheSeconds: 'HUITONG_ACTOR_CACHE_SECONDS',
  subscriptionLeaseSeconds: 'HUITONG_SUBSCRIPTION_LEASE_SECONDS',
  loginMaxFailures: 'HUITONG_LOGIN_MAX_FAILURES',
  loginFailureWindowMinutes: 'HUITONG_LOGIN_FAILURE_WINDOW_MINUTES',
  bodyLimitBytes: 'HUITONG_BODY_LIMIT_BYTES',
  passwordCost: 'HUITONG_PASSWORD_SCRYPT_COST',
  uploadLimitBytes: 'HUITONG_UPLOAD_LIMIT_BYTES',
  letterLimitBytes: 'HUITONG_LETTER_LIMIT_BYTES',
  apiServiceAllowLinkLocal: 'HUITONG_API_SERVICE_ALLOW_LINK_LOCAL',
  smtpUrl: 'HUITONG_SMTP_URL',
  mailFrom: 'HUITONG_MAIL_FROM',
  publicUrl: 'HUITONG_PUBLIC_URL',
};

/**
 * Checks against the file system, still before anything is written: the start-up must not
 * create keys or a database for a configuration it is going to refuse.
 */
function checkPaths(config: Config): string[] {
  const problems: string[] = [];
  const isDir = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  if (!isDir(config.policiesDir)) {
    problems.push(`HUITONG_POLICIES_DIR: ${config.policiesDir} is not a directory`);
  } else if (typeof config.policy === 'string') {
    const known = fs.readdirSync(config.policiesDir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
    if (!known.includes(config.policy)) {
      problems.push(`HUITONG_POLICY: no policy profile named ${JSON.stringify(config.policy)} (allowed: ${known.join(', ')})`);
    }
  }
  const dataDir = fs.statSync(config.dataDir, { throwIfNoEntry: false });
  if (dataDir && !dataDir.isDirectory()) problems.push(`HUITONG_DATA_DIR: ${config.dataDir} exists and is not a directory`);
  return problems;
}

export { repoRoot };
