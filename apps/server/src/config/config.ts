import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

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
  policiesDir: Type.String(),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  /** Session lifetime for console logins and user bearer tokens. */
  sessionTtlMinutes: Type.Integer({ minimum: 5, maximum: 60 * 24 * 7 }),
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
  /** Size limit for stamped application letters (PDF). */
  letterLimitBytes: Type.Integer({ minimum: 1024 }),
  /** SMTP server for e-mail notifications (smtp://user:pass@host:port); none means in-app only. */
  smtpUrl: Type.Union([Type.String({ pattern: '^smtps?://' }), Type.Null()]),
  mailFrom: Type.String({ minLength: 3 }),
  /** Link base for notifications (e-mails and webhooks point into the console). */
  publicUrl: Type.String({ pattern: '^https?://' }),
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
    logLevel: (env.LOG_LEVEL || 'info') as Config['logLevel'],
    sessionTtlMinutes: int(env.HUITONG_SESSION_TTL_MINUTES, 8 * 60),
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
    smtpUrl: env.HUITONG_SMTP_URL || null,
    mailFrom: env.HUITONG_MAIL_FROM || 'huitong@localhost',
    publicUrl: env.HUITONG_PUBLIC_URL || `http://localhost:${env.PORT || 8080}`,
    ...overrides,
  };
  const errors = [...Value.Errors(ConfigSchema, config)];
  if (errors.length > 0) {
    const names: Record<string, string> = {
      port: 'PORT',
      host: 'HOST',
      dataDir: 'HUITONG_DATA_DIR',
      databaseUrl: 'DATABASE_URL',
      policy: 'HUITONG_POLICY',
      logLevel: 'LOG_LEVEL',
      sessionTtlMinutes: 'HUITONG_SESSION_TTL_MINUTES',
      loginMaxFailures: 'HUITONG_LOGIN_MAX_FAILURES',
      loginFailureWindowMinutes: 'HUITONG_LOGIN_FAILURE_WINDOW_MINUTES',
      bodyLimitBytes: 'HUITONG_BODY_LIMIT_BYTES',
      passwordCost: 'HUITONG_PASSWORD_SCRYPT_COST',
      uploadLimitBytes: 'HUITONG_UPLOAD_LIMIT_BYTES',
      letterLimitBytes: 'HUITONG_LETTER_LIMIT_BYTES',
      smtpUrl: 'HUITONG_SMTP_URL',
      mailFrom: 'HUITONG_MAIL_FROM',
      publicUrl: 'HUITONG_PUBLIC_URL',
    };
    const lines = errors.map((e) => {
      const key = e.path.replace(/^\//, '').split('/')[0] ?? '';
      return `${names[key] ?? key}: ${e.message} (got ${JSON.stringify(e.value)})`;
    });
    throw new ConfigError(`invalid configuration:\n  ${[...new Set(lines)].join('\n  ')}`);
  }
  return config;
}

export { repoRoot };
