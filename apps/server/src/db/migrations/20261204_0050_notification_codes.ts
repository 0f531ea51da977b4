import { sql, type Kysely } from 'kysely';

/**
 * Inbox messages keep the catalog code and parameters they were built from (ADR 0017), so each
 * reader sees them in their own language. Older rows have neither and keep their stored text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table notification add column code text, add column params jsonb;
    alter table notification add constraint notification_params_with_code check (params is null or code is not null);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notification drop column if exists params, drop column if exists code;`.execute(db);
}
