/**
 * Ingest: a CSV of `--rows` residents (20 items, valid ID numbers and USCCs) uploaded through the
 * platform's own HTTP upload (multipart stream → encoding detection → parse → validate every cell
 * → stage → merge with the change log → visible in one commit, then counted), against the baseline
 * `psql \copy` of the same file into an unindexed table of the same column types on the same
 * PostgreSQL, in the same run.
 *
 *   npm run bench:ingest -- --rows 100000                 # platform on PostgreSQL, UTF-8 CSV
 *   npm run bench:ingest -- --rows 100000 --encoding gbk  # the same file saved as GBK
 *   npm run bench:ingest -- --rows 100000 --pglite        # platform on embedded PGlite (baseline still psql)
 *
 * The platform runs in this process; peak RSS is sampled every 50 ms during the upload (it
 * includes the upload's client side, which streams the file from disk). The last line is one JSON
 * object; `ratio` = platform rows/s ÷ `\copy` rows/s.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CatalogContent } from '@huitong/contracts';
import { sql } from 'kysely';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config/config.ts';
import { cliActor } from '../../apps/server/src/platform/auth/actor.ts';
import { openDatabase, type DatabaseHandle } from '../../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.ts';
import { ephemeralKeyRing } from '../../apps/server/src/platform/keys.ts';
import { DEMO_PASSWORD } from '../../apps/server/src/seed/demo-data.ts';
import { demoIdNumber, demoUscc } from '../../apps/server/src/seed/demo.ts';
import { BASELINE_TYPES, ITEMS, writeCsv } from './generate.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ROWS = Number(option('rows', '100000'));
const ENCODING = option('encoding', 'utf-8') === 'gbk' ? 'gbk' : 'utf-8';
const usePglite = args.includes('--pglite');
const PG_URL = process.env.HUITONG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function platformDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (usePglite) {
    const handle = await openDatabase({ dataDir: null });
    await migrateToLatest(handle.db);
    return { handle, drop: async () => {} };
  }
  const schema = `bench_ingest_${crypto.randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: PG_URL });
  await sql.raw(`create schema ${schema}`).execute(admin.db);
  await admin.close();
  const handle = await openDatabase({ databaseUrl: PG_URL, schema });
  await migrateToLatest(handle.db, schema);
  return {
    handle,
    drop: async () => {
      const cleanup = await openDatabase({ databaseUrl: PG_URL });
      // The rows live in `<schema>_rows` beside the platform schema (ADR 0012).
      await sql.raw(`drop schema if exists ${schema}_rows cascade; drop schema if exists ${schema} cascade`).execute(cleanup.db);
      await cleanup.close();
    },
  };
}

/** `psql \copy` of the file into an unindexed table with the same column types: the baseline. */
function baselineCopy(file: string): number {
  const table = `bench_ingest_copy_${crypto.randomBytes(4).toString('hex')}`;
  const columns = ITEMS.map((item, i) => `${item.code} ${BASELINE_TYPES[i]}`).join(', ');
  const psql = (command: string) => execFileSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qc', command], { stdio: ['ignore', 'ignore', 'inherit'] });
  psql(`create table public.${table} (${columns})`);
  try {
    const started = performance.now();
    psql(`\\copy public.${table} from '${file}' with (format csv, header true, encoding '${ENCODING === 'gbk' ? 'GBK' : 'UTF8'}')`);
    return performance.now() - started;
  } finally {
    psql(`drop table if exists public.${table}`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-ingest-'));
const file = path.join(dir, `residents-${ENCODING}.csv`);
const bytes = await writeCsv(file, ROWS, ENCODING);

const { handle, drop } = await platformDatabase();
try {
  const cli = cliActor('bench');
  const config = loadConfig(
    { ...process.env, LOG_LEVEL: 'silent' },
    { passwordCost: 1024, uploadLimitBytes: 64 * 1024 * 1024 * 1024, loginRateLimitPerAddress: 1_000_000, anonymousRateLimitPerAddress: 1_000_000 },
  );
  const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, keys: ephemeralKeyRing(), logger: false });
  await app.server.ready();
  const { org, auth, catalog } = app.modules;
  const root = await org.service.createDepartment(cli, { parentId: null, name: '龙南市人民政府', shortName: '龙南市', kind: 'government', level: 'county', uscc: demoUscc('MB1BENCH0') });
  const operator = await org.service.createDepartment(cli, { parentId: root.id, name: '龙南市数据中心', shortName: '数据中心', kind: 'department', level: 'county', uscc: demoUscc('MB1BENCH2'), isOperator: true });
  const provider = await org.service.createDepartment(cli, { parentId: root.id, name: '龙南市公安局', shortName: '公安局', kind: 'department', level: 'county', uscc: demoUscc('MB1BENCH1') });
  const officer = await org.service.createUser(cli, { username: 'bench_officer', name: '基准编目员', idNumber: demoIdNumber('19800101', '123'), phone: '13900000000', departmentId: provider.id, roles: ['data_officer'], password: DEMO_PASSWORD });
  const reviewer = await org.service.createUser(cli, { username: 'bench_reviewer', name: '基准审核员', idNumber: demoIdNumber('19800101', '124'), phone: '13900000001', departmentId: operator.id, roles: ['platform_reviewer'], password: DEMO_PASSWORD });
  const officerActor = (await auth.service.actorForUser(officer.id, cli))!;
  const content: CatalogContent = {
    name: '龙南市常住人口基本信息',
    classCode: '201',
    internalUnitId: null,
    abstract: '常住人口的身份、户籍、工作单位与参保情况。',
    keywords: ['人口', '户籍'],
    formatCategory: 'spreadsheet',
    formatType: 'csv',
    items: ITEMS,
    shareType: 'unconditional',
    shareModes: ['interface'],
    shareMethodType: 'file',
    openType: 'none',
    updateCycle: 'monthly',
    provisionMethod: 'file',
    domain: 'other',
    relatedResourceCodes: [],
    dedicated: false,
    dedicatedDepartmentIds: [],
  };
  const draft = await catalog.service.create(officerActor, { content, changeSummary: '初次编目' });
  await catalog.service.submit(officerActor, draft.id);
  await catalog.service.review((await auth.service.actorForUser(reviewer.id, cli))!, draft.id, 'approve', '符合目录编制要求。');

  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench_officer', password: DEMO_PASSWORD }) });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const authorization = `Bearer ${((await login.json()) as { token: string }).token}`;
  const created = await fetch(`${base}/api/datasets`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ entryId: draft.id }) });
  if (created.status !== 201) throw new Error(`dataset answered ${created.status}: ${await created.text()}`);
  const dataset = (await created.json()) as { id: string };

  // Baseline first (it also warms PostgreSQL's cache of the file's pages).
  const copyMs = baselineCopy(file);

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const form = new FormData();
  form.append('file', await fs.openAsBlob(file, { type: 'text/csv' }), path.basename(file));
  const started = performance.now();
  const upload = await fetch(`${base}/api/datasets/${dataset.id}/batches?mode=replace`, { method: 'POST', headers: { authorization }, body: form });
  const batch = (await upload.json()) as { state: string; counts: { read: number; inserted: number; rejected: number } };
  const platformMs = performance.now() - started;
  clearInterval(sampler);
  if (upload.status !== 201 || batch.state !== 'loaded') throw new Error(`upload answered ${upload.status}: ${JSON.stringify(batch).slice(0, 2000)}`);
  // Queryable: the dataset reports the rows its table now holds, read by a new statement.
  const after = (await (await fetch(`${base}/api/datasets/${dataset.id}`, { headers: { authorization } })).json()) as { rowCount: number };
  if (after.rowCount !== ROWS || batch.counts.inserted !== ROWS) throw new Error(`expected ${ROWS} rows, the batch inserted ${batch.counts.inserted} and the dataset holds ${after.rowCount}`);
  await app.server.close();

  const copyRate = ROWS / (copyMs / 1000);
  const platformRate = ROWS / (platformMs / 1000);
  const line = {
    bench: 'ingest',
    database: usePglite ? 'pglite' : 'postgres',
    encoding: ENCODING,
    rows: ROWS,
    bytes,
    copy_ms: Math.round(copyMs),
    platform_ms: Math.round(platformMs),
    copy_rows_per_s: Math.round(copyRate),
    platform_rows_per_s: Math.round(platformRate),
    visible_rows: after.rowCount,
    peak_rss_mb: Math.round(peakRss / 1024 / 1024),
    rss_growth_mb: Math.round((peakRss - rssBefore) / 1024 / 1024),
    ratio: Number((platformRate / copyRate).toFixed(3)),
  };
  console.log(JSON.stringify(line));
} finally {
  await handle.close();
  await drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
