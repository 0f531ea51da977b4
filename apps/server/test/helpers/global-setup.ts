import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { buildMigratedPGlite, migratePostgres, TEST_DB, TEST_DATABASE_URL } from './template.ts';

/**
 * Runs once per `vitest run` for the db project: migrates one template database, which every
 * test database then copies (test-db.ts). Migrating per test cost about a second each on PGlite.
 */
export default async function setup(project: TestProject) {
  if (TEST_DB === 'postgres') {
    const name = `huitong_template_${crypto.randomBytes(4).toString('hex')}`;
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    // Every connection to the template must be closed before it can be copied.
    await migratePostgres(url.toString());
    project.provide('huitongPostgresTemplate', name);
    return async () => {
      await admin(`drop database if exists ${name} with (force)`);
    };
  }
  const pglite = await buildMigratedPGlite();
  const dump = (await pglite.dumpDataDir('none')) as Blob;
  await pglite.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-template-')), 'pgdata.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('huitongPgliteTemplate', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
