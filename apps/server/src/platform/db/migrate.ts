import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from '../../db/migrations/index.ts';

/**
 * `schema` names the PostgreSQL schema the platform lives in when it is not `public` (tests
 * isolate themselves in one schema each); the migrator must look for its tables there only.
 */
export function createMigrator(db: Kysely<any>, schema?: string | null): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
    ...(schema && { migrationTableSchema: schema }),
  });
}

export class MigrationError extends Error {}

/** Brings the schema up to date; throws with the failing migration's name and cause. */
export async function migrateToLatest(db: Kysely<any>, schema?: string | null): Promise<string[]> {
  const result: MigrationResultSet = await createMigrator(db, schema).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Names of migrations that exist in code but not yet in the database (readiness check).
 *
 * Reads the migration table directly instead of asking Kysely's migrator: the migrator first
 * introspects every table in every schema, which is slow for a probe hit every few seconds and
 * fails when another schema is dropped while it looks (test workers, multi-tenant hosts).
 * Without `schema` the table is found through the connection's search path, as all the
 * platform's other tables are.
 */
export async function pendingMigrations(db: Kysely<any>, schema?: string | null): Promise<string[]> {
  let executed: Set<string>;
  try {
    const table = sql.table(schema ? `${schema}.schema_migration` : 'schema_migration');
    const rows = await sql<{ name: string }>`select name from ${table}`.execute(db);
    executed = new Set(rows.rows.map((row) => row.name));
  } catch (error) {
    // 42P01 undefined_table: nothing has been migrated yet. Anything else is a database fault.
    if ((error as { code?: string }).code === '42P01') executed = new Set();
    else throw error;
  }
  return Object.keys(migrations).filter((name) => !executed.has(name));
}
