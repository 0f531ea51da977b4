import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedCalendar } from '../../src/platform/calendar/calendar.service.ts';

/** Which database the db and HTTP tiers run on: PGlite unless HUITONG_TEST_DB=postgres. */
export const TEST_DB: 'pglite' | 'postgres' = process.env.HUITONG_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL = process.env.HUITONG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A PGlite with every migration applied and the official calendar loaded: what each test starts from. */
export async function buildMigratedPGlite(): Promise<PGlite> {
  const pglite = await PGlite.create();
  const handle = await openDatabase({ pglite });
  await migrateToLatest(handle.db);
  await seedCalendar(handle.db);
  return pglite;
}

/** Migrates an (empty) PostgreSQL database given by URL and loads the calendar. */
export async function migratePostgres(databaseUrl: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl });
  try {
    await migrateToLatest(handle.db);
    await seedCalendar(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * Whether a test that needs a real PostgreSQL server runs: always under HUITONG_TEST_DB=postgres
 * (where a missing server is a failure), and on the embedded-database run only when one answers,
 * because `npm test` needs nothing but Node. Says so when it skips.
 */
export async function runsOnPostgres(testFile: string): Promise<boolean> {
  if (TEST_DB === 'postgres') return true;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    console.warn(`${testFile} skipped: no PostgreSQL at ${new URL(TEST_DATABASE_URL).host} (npm run test:pg runs it)`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
