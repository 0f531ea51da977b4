import crypto from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { createPGlite, openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from '../../src/platform/db/database.ts';
import { buildMigratedPGlite, migratePostgres, runsOnPostgres, TEST_DB, TEST_DATABASE_URL } from './template.ts';

export { runsOnPostgres, TEST_DB, TEST_DATABASE_URL };

/**
 * Every test database is a copy of one migrated template (docs/testing.md):
 * - PGlite: the global setup migrates an instance once per run and dumps its data directory; each
 *   test database loads that dump (`loadDataDir`), instead of migrating or re-dumping a template.
 * - PostgreSQL: the global setup migrates a template database once per run; each test database is
 *   `CREATE DATABASE … TEMPLATE` of it, dropped on close.
 * Outside the db project (no global setup) a worker migrates its own template once.
 */
let templateDump: Promise<Blob> | null = null;

function pgliteTemplateDump(): Promise<Blob> {
  templateDump ??= (async () => {
    const dumpPath = inject('huitongPgliteTemplate');
    if (dumpPath) return new Blob([fs.readFileSync(dumpPath)]);
    const pglite = await buildMigratedPGlite();
    try {
      return (await pglite.dumpDataDir('none')) as Blob;
    } finally {
      await pglite.close();
    }
  })();
  return templateDump;
}

/** Clones an existing PGlite (e.g. a database a test prepared once). */
export async function cloneTestDatabase(source: PGlite): Promise<DatabaseHandle> {
  return createTestDatabase(source);
}

/** A fresh, migrated database with the official calendar loaded. */
export async function createTestDatabase(from?: PGlite): Promise<DatabaseHandle> {
  return openTestDatabase({ from, migrate: true });
}

/** A test database with nothing in it: no tables, no migrations (migration and readiness tests). */
export async function createEmptyTestDatabase(): Promise<DatabaseHandle> {
  return openTestDatabase({ migrate: false });
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its sessions are gone. The pool's end() returns before the server
 * has seen every backend exit, so "being accessed by other users" is retried for a moment; a
 * forced drop would instead kill those backends and crash the closing client with 57P01. A
 * session still open after that is a leak, and fails the test run.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`drop database if exists ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function openTestDatabase({ from, migrate }: { from?: PGlite; migrate: boolean }): Promise<DatabaseHandle> {
  if (TEST_DB === 'postgres') return createPostgresTestDatabase({ migrate });
  if (!migrate) return openDatabase({ pglite: await createPGlite(null) });
  const pglite = from ? ((await from.clone()) as PGlite) : await PGlite.create({ loadDataDir: await pgliteTemplateDump() });
  return openDatabase({ pglite });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite data directory dump (tar). */
    huitongPgliteTemplate: string;
    /** Name of the migrated PostgreSQL template database. */
    huitongPostgresTemplate: string;
  }
}

/**
 * A database of its own on PostgreSQL, whatever HUITONG_TEST_DB says (the outage test needs a real
 * server): a `CREATE DATABASE … TEMPLATE` copy of the run's migrated template when the db project's
 * global setup made one, otherwise created and migrated here. `databaseUrl` lets the app reach it
 * another way, e.g. through a proxy the test controls; databases are created and dropped over a
 * direct connection.
 */
export async function createPostgresTestDatabase(
  options: { migrate?: boolean; databaseUrl?: string } & Pick<OpenDatabaseOptions, 'timeouts' | 'onConnectionError'> = {},
): Promise<DatabaseHandle> {
  const { migrate = true, databaseUrl = TEST_DATABASE_URL, ...rest } = options;
  const name = `huitong_t_${crypto.randomBytes(6).toString('hex')}`;
  const template = migrate && TEST_DB === 'postgres' ? inject('huitongPostgresTemplate') : undefined;
  await adminQuery(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const own = (base: string) => {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  };
  if (migrate && !template) await migratePostgres(own(TEST_DATABASE_URL));
  const handle = await openDatabase({ databaseUrl: own(databaseUrl), ...rest });
  return {
    ...handle,
    async close() {
      await handle.close();
      await dropDatabase(name);
    },
  };
}
