import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.ts';
import type { DatabaseHandle } from '../../src/platform/db/database.ts';
import { migrateToLatest, pendingMigrations } from '../../src/platform/db/migrate.ts';
import { createEmptyTestDatabase } from '../helpers/test-db.ts';

describe('readiness: pending migrations', () => {
  let database: DatabaseHandle | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('reports every migration as pending on an empty database and none once migrated', async () => {
    database = await createEmptyTestDatabase();
    expect(await pendingMigrations(database.db, database.schema)).toEqual(Object.keys(migrations));
    await migrateToLatest(database.db, database.schema);
    expect(await pendingMigrations(database.db, database.schema)).toEqual([]);
  });

  it('reports only the migrations the database has not run', async () => {
    database = await createEmptyTestDatabase();
    await migrateToLatest(database.db, database.schema);
    const [last] = Object.keys(migrations).slice(-1);
    await database.db.deleteFrom('schema_migration' as never).where('name' as never, '=', last as never).execute();
    expect(await pendingMigrations(database.db, database.schema)).toEqual([last]);
  });
});
