import { PGlite } from '@electric-sql/pglite';
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
