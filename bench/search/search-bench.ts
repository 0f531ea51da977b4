/**
 * Catalog search benchmark: p50/p99 latency and recall of the platform's Chinese full-text
 * search on 100 000 generated catalog entries, against a sequential LIKE scan over the same
 * rows in the same run (the baseline, and the ground truth for recall).
 *
 *   npm run bench:search                      # embedded PGlite, 100 000 entries
 *   npm run bench:search -- --pg              # PostgreSQL at HUITONG_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 *   npm run bench:search -- --entries 20000 --runs 5
 *
 * Every query goes through CatalogService.search, the code path of GET /api/catalog/entries
 * (ranking, facets and total included). Results are printed as a Markdown table for
 * docs/benchmarks.md and written to bench/results/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig, repoRoot } from '../../apps/server/src/config/config.ts';
import { cliActor, type Actor } from '../../apps/server/src/platform/auth/actor.ts';
import { openDatabase } from '../../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.ts';
import type { Database } from '../../apps/server/src/platform/db/schema.ts';
import { ephemeralKeyRing } from '../../apps/server/src/platform/keys.ts';
import { queryClauses, queryWords, normalise } from '../../apps/server/src/modules/catalog/catalog-search.ts';
import { CatalogSearchIndex, toIndexed } from '../../apps/server/src/modules/catalog/catalog-search-index.ts';
import { CatalogRepository } from '../../apps/server/src/modules/catalog/catalog.repository.ts';
import { loadEntries } from './generate.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const usePg = args.includes('--pg');
const ENTRIES = Number(option('entries', '100000'));
const RUNS = Number(option('runs', '10'));
const PG_URL = process.env.HUITONG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

const QUERIES: Array<{ q: string; kind: string }> = [
  { q: '证', kind: '1 character' },
  { q: '税', kind: '1 character' },
  { q: '车', kind: '1 character' },
  { q: '药', kind: '1 character' },
  { q: '社保', kind: '2 characters' },
  { q: '许可', kind: '2 characters' },
  { q: '医保', kind: '2 characters' },
  { q: '林权', kind: '2 characters' },
  { q: '营业执照', kind: 'multi-character' },
  { q: '不动产登记', kind: 'multi-character' },
  { q: '公民身份号码', kind: 'multi-character' },
  { q: '食品经营许可信息', kind: 'multi-character' },
  { q: '龙南市企业', kind: 'multi-character' },
];

function likeCondition(q: string) {
  const pattern = `%${q}%`;
  return sql<boolean>`(e.name like ${pattern} or e.abstract like ${pattern} or exists (select 1 from unnest(e.item_names) n where n like ${pattern}))`;
}

async function main(): Promise<void> {
  const schema = usePg ? `bench_${crypto.randomBytes(4).toString('hex')}` : null;
  if (schema) {
    const admin = await openDatabase({ databaseUrl: PG_URL });
    await sql.raw(`create schema ${schema}`).execute(admin.db);
    await admin.close();
  }
  const handle = await openDatabase(usePg ? { databaseUrl: PG_URL, schema: schema! } : {});
  try {
    await migrateToLatest(handle.db, schema);
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { passwordCost: 1024 });
    const app = await buildApp({ config, db: handle.db, dbKind: handle.kind, keys: ephemeralKeyRing(), logger: false });
    const government = await handle.db.insertInto('department').values({ parent_id: null, name: '基准测试市人民政府', kind: 'government', level: 'county' }).returning('id').executeTakeFirstOrThrow();
    const provider = await handle.db.insertInto('department').values({ parent_id: government.id, name: '龙南市基准测试局', kind: 'department', level: 'county', class_code: '01' }).returning('id').executeTakeFirstOrThrow();

    const loadStart = performance.now();
    await loadEntries(handle.db, provider.id, ENTRIES);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    console.error(`loaded ${ENTRIES} entries in ${loadSeconds.toFixed(1)} s on ${handle.kind}`);

    const actor: Actor = { ...cliActor('bench'), kind: 'user', organisationId: provider.id };
    // The first search on a node loads the index from the database: timed separately.
    const indexStart = performance.now();
    await app.modules.catalog.service.search(actor, { q: '信息', pageSize: 1 });
    const indexSeconds = (performance.now() - indexStart) / 1000;
    console.error(`index loaded in ${indexSeconds.toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
    // A second index built the same way gives the full match sets for recall.
    const recallIndex = new CatalogSearchIndex();
    let after: string | null = null;
    for (;;) {
      const page = await new CatalogRepository().indexRowsAfter(handle.db, after, 5000);
      for (const row of page) recallIndex.upsert(toIndexed(row));
      if (page.length < 5000) break;
      after = page[page.length - 1]!.id;
    }
    const rows: Array<Record<string, string | number>> = [];
    const allOurs: number[] = [];
    const allBase: number[] = [];
    let found = 0;
    let expected = 0;

    for (const { q, kind } of QUERIES) {
      // Ground truth: every published entry whose name, abstract or items contain the query.
      const truth = new Set(
        (await handle.db.selectFrom('catalog_entry as e').select('e.id').where('e.status', '=', 'published').where(likeCondition(q)).execute()).map((r) => r.id),
      );
      // What the platform's search matches: the same index and query analysis as CatalogService.search.
      const all = recallIndex.search({ clauses: queryClauses(q), phrase: normalise(q), words: queryWords(q), scope: { kind: 'published' }, offset: 0, limit: ENTRIES });
      const matched = new Set(all.ids);
      const hit = [...truth].filter((id) => matched.has(id)).length;
      found += hit;
      expected += truth.size;

      const ours: number[] = [];
      const base: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        let t0 = performance.now();
        await app.modules.catalog.service.search(actor, { q, page: 1, pageSize: 20 });
        ours.push(performance.now() - t0);
        t0 = performance.now();
        // Baseline: the same first page (and total) by a sequential LIKE scan.
        await Promise.all([
          handle.db.selectFrom('catalog_entry as e').select(['e.id', 'e.name']).where('e.status', '=', 'published').where(likeCondition(q)).orderBy(sql`strpos(e.name, ${q}) > 0`, 'desc').orderBy('e.published_at', 'desc').limit(20).execute(),
          handle.db.selectFrom('catalog_entry as e').select((eb) => eb.fn.countAll().as('n')).where('e.status', '=', 'published').where(likeCondition(q)).executeTakeFirst(),
        ]);
        base.push(performance.now() - t0);
      }
      ours.sort((a, b) => a - b);
      base.sort((a, b) => a - b);
      allOurs.push(...ours);
      allBase.push(...base);
      rows.push({
        query: q,
        kind,
        matches: truth.size,
        returned: matched.size,
        recall: truth.size === 0 ? 1 : Number((hit / truth.size).toFixed(4)),
        p50: Number(percentile(ours, 50).toFixed(1)),
        p99: Number(percentile(ours, 99).toFixed(1)),
        likeP50: Number(percentile(base, 50).toFixed(1)),
        likeP99: Number(percentile(base, 99).toFixed(1)),
      });
      console.error(`${q}: ${JSON.stringify(rows[rows.length - 1])}`);
    }
    allOurs.sort((a, b) => a - b);
    allBase.sort((a, b) => a - b);
    const summary = {
      database: handle.kind,
      entries: ENTRIES,
      runsPerQuery: RUNS,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      indexLoadSeconds: Number(indexSeconds.toFixed(1)),
      recall: Number((found / expected).toFixed(4)),
      p50: Number(percentile(allOurs, 50).toFixed(1)),
      p99: Number(percentile(allOurs, 99).toFixed(1)),
      likeP50: Number(percentile(allBase, 50).toFixed(1)),
      likeP99: Number(percentile(allBase, 99).toFixed(1)),
      speedupP50: Number((percentile(allBase, 50) / percentile(allOurs, 50)).toFixed(1)),
      node: process.version,
      date: new Date().toISOString(),
    };

    const table = [
      `| query | kind | LIKE matches | search matches | recall | search p50 ms | search p99 ms | LIKE p50 ms | LIKE p99 ms |`,
      `|---|---|---:|---:|---:|---:|---:|---:|---:|`,
      ...rows.map((r) => `| ${r.query} | ${r.kind} | ${r.matches} | ${r.returned} | ${r.recall} | ${r.p50} | ${r.p99} | ${r.likeP50} | ${r.likeP99} |`),
      `| **all** | | | | **${summary.recall}** | **${summary.p50}** | **${summary.p99}** | ${summary.likeP50} | ${summary.likeP99} |`,
    ].join('\n');
    console.log(`\nSearch on ${ENTRIES} entries, ${handle.kind}, ${RUNS} runs per query (first page of 20 with total and facets):\n\n${table}\n`);
    console.log(JSON.stringify(summary));
    const outDir = path.join(repoRoot, 'bench/results');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, `search-${handle.kind}.json`), JSON.stringify({ summary, rows }, null, 2) + '\n');
    await app.server.close();
  } finally {
    await handle.close();
    if (schema) {
      const admin = await openDatabase({ databaseUrl: PG_URL });
      await sql.raw(`drop schema if exists ${schema} cascade`).execute(admin.db);
      await admin.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
