import crypto from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPGlite, openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { seedCalendar } from '../../src/platform/calendar/calendar.service.ts';

/** Which database the db and HTTP tiers run on: PGlite unless HUITONG_TEST_DB=postgres. */
export const TEST_DB: 'pglite' | 'postgres' = process.env.HUITONG_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL = process.env.HUITONG_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let template: Promise<PGlite> | null = null;

/** Advisory lock key that orders test schema drops after any migration in progress. */
const SCHEMA_DROP_LOCK = 7_310_420;

/** A single session (advisory locks belong to a session and end with it). */
async function schemaLockSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  return client;
}

/** One migrated PGlite per worker; each test database is a clone of it (faster than migrating again). */
async function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pglite = await createPGlite(null);
    const handle = await openDatabase({ pglite });
    await migrateToLatest(handle.db);
    await seedCalendar(handle.db);
    return pglite;
  })();
  return template;
}

/**
 * A fresh, migrated database with the official calendar loaded. On PostgreSQL each test database
 * is its own schema in the `test` database, dropped on close.
 */
/** Clones an existing PGlite (e.g. a database with the demo already seeded). */
export async function cloneTestDatabase(source: PGlite): Promise<DatabaseHandle> {
  return createTestDatabase(source);
}

export async function createTestDatabase(from?: PGlite): Promise<DatabaseHandle> {
  return openTestDatabase({ from, migrate: true });
}

/** A test database with nothing in it: no tables, no migrations (migration and readiness tests). */
export async function createEmptyTestDatabase(): Promise<DatabaseHandle> {
  return openTestDatabase({ migrate: false });
}

async function openTestDatabase({ from, migrate }: { from?: PGlite; migrate: boolean }): Promise<DatabaseHandle> {
  if (TEST_DB === 'postgres') return createPostgresTestDatabase({ migrate });
  if (!migrate) return openDatabase({ pglite: await createPGlite(null) });
  const clone = (await (from ?? (await pgliteTemplate())).clone()) as PGlite;
  return openDatabase({ pglite: clone });
}

/**
 * A migrated schema of its own on PostgreSQL, whatever HUITONG_TEST_DB says (the outage test
 * needs a real server). `databaseUrl` lets the app reach it another way, e.g. through a proxy the
 * test controls; schemas are created and dropped over a direct connection.
 */
export async function createPostgresTestDatabase(
  options: { migrate?: boolean; databaseUrl?: string } & Pick<OpenDatabaseOptions, 'timeouts' | 'onConnectionError'> = {},
): Promise<DatabaseHandle> {
  const { migrate = true, databaseUrl = TEST_DATABASE_URL, ...rest } = options;
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  // The migrator introspects every schema in the database; a schema another test worker drops
  // at that moment fails it ("schema t_… does not exist"). Migrations hold a shared lock, drops
  // an exclusive one, so migrations still run side by side.
  const guard = await schemaLockSession();
  await guard.query('select pg_advisory_lock_shared($1)', [SCHEMA_DROP_LOCK]);
  let handle: DatabaseHandle;
  try {
    await guard.query(`create schema ${schema}`);
    handle = await openDatabase({ databaseUrl, schema, ...rest });
    if (migrate) {
      await migrateToLatest(handle.db, schema);
      await seedCalendar(handle.db);
    }
  } finally {
    await guard.end();
  }
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = await schemaLockSession();
      try {
        await cleanup.query('select pg_advisory_lock($1)', [SCHEMA_DROP_LOCK]);
        await cleanup.query(`drop schema if exists ${schema} cascade`);
        // The datasets module keeps its row tables in a schema beside it (ADR 0012).
        await cleanup.query(`drop schema if exists ${schema}_rows cascade`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
