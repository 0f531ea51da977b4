import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { DatabaseHandle } from '../../src/platform/db/database.ts';
import { ephemeralKeyRing, type KeyRing } from '../../src/platform/keys.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.ts';
import { notePolicy, releasePolicy } from './conformance-hooks.ts';
import { createTestDatabase } from './test-db.ts';

/** One key ring per test worker (ephemeral keys cost a little to derive). */
const workerKeys = ephemeralKeyRing();
const DEMO_START = '2026-11-02T09:00:00+08:00';

export interface TestApp {
  app: App;
  database: DatabaseHandle;
  clock: ManualClock;
  keys: KeyRing;
  config: Config;
  /** HTTP through app.inject(); `as` logs in a demo user and sends their bearer token. */
  request(options: RequestOptions): Promise<LightMyRequestResponse>;
  tokenFor(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  as?: string;
  body?: unknown;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

export interface TestAppOptions {
  policy?: string;
  demo?: boolean;
  clock?: ManualClock;
  config?: Partial<Config>;
  /** A database opened by the test (e.g. PostgreSQL through a proxy it controls); closed with the app. */
  database?: DatabaseHandle;
  /** The keys of a data directory a server process will open later (process tests). */
  keys?: KeyRing;
}

/** The real app on a fresh test database, with a manual clock, throwaway keys and cheap password hashing. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const policy = options.policy ?? 'longnan';
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new ManualClock(DEMO_START);
  const keys = options.keys ?? workerKeys;
  // Tests log many users in from one address: rate limits are lifted unless a test sets them.
  const unlimited = { loginRateLimitPerAddress: 1_000_000, loginRateLimitPerAccount: 1_000_000, anonymousRateLimitPerAddress: 1_000_000 };
  const config = loadConfig({ ...process.env, HUITONG_POLICY: policy, LOG_LEVEL: 'silent' }, { passwordCost: 1024, ...unlimited, ...options.config });
  const app = await buildApp({ config, db: database.db, dbKind: database.kind, keys, clock, logger: false });
  await app.server.ready();
  // The conformance record notes that the running test exercised this profile.
  notePolicy(policy, app);
  // Only the demo's own test seeds the whole city; every other test builds what it needs (factories.ts).
  if (options.demo) await seedDemo(app);

  // Tokens are cached with the expiry the server announced. A token is renewed only when the
  // manual clock has passed that expiry — never because a request answered 401, which would hide
  // a session that was revoked (logout, deactivation, password change) when it should still work.
  const tokens = new Map<string, { token: string; expiresAt: number }>();
  async function tokenFor(username: string, password = DEMO_PASSWORD): Promise<string> {
    const cached = tokens.get(username);
    if (cached && password === DEMO_PASSWORD && clock.now().getTime() < cached.expiresAt) return cached.token;
    const response = await app.server.inject({ method: 'POST', url: '/api/auth/tokens', payload: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login as ${username} failed: ${response.statusCode} ${response.body}`);
    const { token, expiresAt } = response.json() as { token: string; expiresAt: string };
    if (password === DEMO_PASSWORD) tokens.set(username, { token, expiresAt: Date.parse(expiresAt) });
    return token;
  }

  return {
    app,
    database,
    clock,
    keys,
    config,
    tokenFor,
    async request({ method, url, as, body, headers = {}, payload }) {
      const allHeaders: Record<string, string> = { ...headers };
      if (as) allHeaders.authorization = `Bearer ${await tokenFor(as)}`;
      return app.server.inject({ method, url, headers: allHeaders, ...(payload !== undefined ? { payload } : body !== undefined ? { payload: body as object } : {}) });
    },
    async close() {
      releasePolicy(app);
      await app.server.close();
      await database.close();
    },
  };
}
