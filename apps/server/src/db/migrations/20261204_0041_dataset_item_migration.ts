import { sql, type Kysely } from 'kysely';

/**
 * A new published catalog version migrates the dataset's table (ADR 0012): removed items keep
 * their column, hidden; a migration that the existing data does not fit leaves the table as it
 * was and says why on the dataset.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table dataset_column add column hidden boolean not null default false;
    alter table dataset add column migration_problem text,
      add column migration_problem_version_id uuid references catalog_version(id),
      add column migration_problem_at timestamptz;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table dataset drop column if exists migration_problem, drop column if exists migration_problem_version_id, drop column if exists migration_problem_at;
    alter table dataset_column drop column if exists hidden;
  `.execute(db);
}
