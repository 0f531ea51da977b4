/**
 * Authenticated request overhead: `GET /healthz` with a bearer token on the real platform, with the
 * actor cache on (the default) and off, against a bare Fastify server answering the same route in
 * the same run (the baseline). What it measures is the cost of learning who is calling (ADR 0015).
 *
 *   npm run bench:auth                      # embedded PGlite, 2,000 requests per server
 *   npm run bench:auth -- --pg --rows 5000  # PostgreSQL at HUITONG_BENCH_DATABASE_URL
 *
 * The last line is one JSON object; `ratio` is the cached platform's mean time per request over
 * the bare server's.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config/config.ts';
import { cliActor } from '../../apps/server/src/platform/auth/actor.ts';
import { openDatabase, type DatabaseHandle } from '../../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.ts';
import { ephemeralKeyRing } from '../../apps/server/src/platform/keys.ts';
import { DEMO_PASSWORD } from '../../apps/server/src/seed/demo-data.ts';
import { demoIdNumber, demoUscc } from '../../apps/server/src/seed/demo.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const usePg = args.includes('--pg');
const ROWS = Number(option('rows', '2000'));
const PG_URL = process.env.HUITONG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function database(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (!usePg) {
    const handle = await openDatabase({ dataDir: null });
    await migrateToLatest(handle.db);
    return { handle, drop: async () => {} };
  }
  const schema = `bench_auth_${crypto.randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: PG_URL });
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await admin.close();
  const handle = await openDatabase({ databaseUrl: PG_URL, schema });
  await migrateToLatest(handle.db, schema);
  return {
    handle,
    drop: async () => {
      const cleanup = await openDatabase({ databaseUrl: PG_URL });
      await sql.raw(`drop schema if exists ${schema} cascade`).execute(cleanup.db);
      await cleanup.close();
    },
  };
}

/** Mean milliseconds per request over `ROWS` sequential keep-alive requests, after a warm-up. */
async function measure(url: string, headers: Record<string, string>): Promise<number> {
  for (let i = 0; i < 300; i++) await (await fetch(url, { headers })).text();
  const started = performance.now();
  for (let i = 0; i < ROWS; i++) {
    const response = await fetch(url, { headers });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    await response.text();
  }
  return (performance.now() - started) / ROWS;
}

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function platform(actorCacheSeconds: number, handle: DatabaseHandle) {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { passwordCost: 1024, actorCacheSeconds, loginRateLimitPerAddress: 1_000_000, anonymousRateLimitPerAddress: 1_000_000 });
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, keys: ephemeralKeyRing(), logger: false });
  await app.server.ready();
  return app;
}

const { handle, drop } = await database();
try {
  const cli = cliActor('bench');
  const setup = await platform(0, handle);
  const department = await setup.modules.org.service.createDepartment(cli, { parentId: null, name: '基准测试部门', shortName: '基准', kind: 'government', level: 'county', uscc: demoUscc('MB1BENCH1') });
  await setup.modules.org.service.createUser(cli, { username: 'bench_user', name: '基准用户', idNumber: demoIdNumber('19800101', '123'), phone: '13900000000', departmentId: department.id, roles: ['data_officer'], password: DEMO_PASSWORD });
  const base = await listen(setup.server);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_user', password: DEMO_PASSWORD }) });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  await setup.server.close();

  // Three rounds, each server measured in turn; the best round of each counts, so that warm-up
  // and the machine's other work do not favour whichever runs first.
  const best: Record<'bare' | 'uncached' | 'cached', number> = { bare: Infinity, uncached: Infinity, cached: Infinity };
  for (let round = 0; round < 3; round++) {
    const bare = Fastify();
    bare.get('/healthz', async () => ({ status: 'ok' }));
    const bareUrl = await listen(bare);
    best.bare = Math.min(best.bare, await measure(`${bareUrl}/healthz`, {}));
    await bare.close();
    for (const [label, seconds] of [['uncached', 0], ['cached', 10]] as const) {
      const app = await platform(seconds, handle);
      const url = await listen(app.server);
      best[label] = Math.min(best[label], await measure(`${url}/healthz`, { cookie }));
      await app.server.close();
    }
  }
  const bareMs = best.bare;
  const results = best;
  const line = {
    bench: 'auth',
    database: usePg ? 'postgres' : 'pglite',
    rows: ROWS,
    bare_ms: Number(bareMs.toFixed(3)),
    uncached_ms: Number(results.uncached!.toFixed(3)),
    cached_ms: Number(results.cached!.toFixed(3)),
    uncached_ratio: Number((results.uncached! / bareMs).toFixed(2)),
    ratio: Number((results.cached! / bareMs).toFixed(2)),
  };
  console.log(`| ${line.database} | ${ROWS} | ${line.bare_ms} ms | ${line.uncached_ms} ms (${line.uncached_ratio}×) | ${line.cached_ms} ms (${line.ratio}×) |`);
  console.log(JSON.stringify(line));
} finally {
  await handle.close();
  await drop();
}
