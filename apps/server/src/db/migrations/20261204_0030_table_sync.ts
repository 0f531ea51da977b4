import { sql, type Kysely } from 'kysely';

/**
 * Table sync (库表对接, SPEC §4, 000 第十二条): connections to provider databases (credentials encrypted
 * with the master key, never returned) and mappings of a source table to a dataset, with the
 * incremental cursor that advances only when a sync batch commits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dataset_source_connection (
      id uuid primary key default gen_random_uuid(),
      provider_department_id uuid not null references department(id),
      name text not null,
      kind text not null check (kind in ('postgres','mysql')),
      host text not null,
      port integer not null check (port between 1 and 65535),
      database_name text not null,
      username text not null,
      -- encryptField(master key) of the password: sm4:<iv>:<ciphertext>:<mac>.
      password_enc text,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index dataset_source_connection_department on dataset_source_connection (provider_department_id);

    create table dataset_sync_mapping (
      id uuid primary key default gen_random_uuid(),
      dataset_id uuid not null unique references dataset(id) on delete cascade,
      connection_id uuid not null references dataset_source_connection(id),
      source_schema text not null,
      source_table text not null,
      -- { itemCode: sourceColumn }
      columns jsonb not null,
      key_column text,
      watermark_column text,
      interval_minutes integer check (interval_minutes is null or interval_minutes >= 1),
      -- Last (watermark, key) loaded by a committed batch; null before the first.
      last_watermark text,
      last_key text,
      last_run_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists dataset_sync_mapping, dataset_source_connection`.execute(db);
}
