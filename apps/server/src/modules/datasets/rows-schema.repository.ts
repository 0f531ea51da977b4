import { sql, type Kysely } from 'kysely';

/**
 * The schema holding one row table per dataset: `dataset_rows` beside `public`, `<schema>_rows`
 * beside any other schema (each PostgreSQL test works in a schema of its own). Same rule as the
 * migration that creates it.
 */
export async function rowsSchemaOf(db: Kysely<any>): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const current = result.rows[0]!.schema;
  return current === 'public' ? 'dataset_rows' : `${current}_rows`;
}
