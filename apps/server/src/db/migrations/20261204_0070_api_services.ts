import { sql, type Kysely } from 'kysely';

/**
 * API services (服务接口, 接口代理): a provider's HTTP API registered for a published entry, with
 * its OpenAPI document, upstream authentication (the secret encrypted with the master key, never
 * returned) and the last probe result (ADR 0019).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_service (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references catalog_entry(id),
      provider_department_id uuid not null references department(id),
      state text not null default 'active' check (state in ('active','inactive')),
      base_url text not null,
      -- The parsed OpenAPI 3.x document and the operations exposed through the gateway.
      openapi jsonb not null,
      operations jsonb not null,
      probe_path text,
      auth_kind text not null check (auth_kind in ('none','header','basic','oauth2_client_credentials')),
      -- The non-secret part: header name, user name, token URL, client id, scope.
      auth_config jsonb not null,
      -- encryptField(master key) of the header value, password or client secret.
      auth_secret_enc text,
      connect_timeout_ms integer not null check (connect_timeout_ms between 100 and 30000),
      read_timeout_ms integer not null check (read_timeout_ms between 100 and 60000),
      last_probe jsonb,
      last_probe_ok boolean,
      last_probe_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    -- One active registration per entry; a deactivated one stays for the record.
    create unique index api_service_active_entry on api_service (entry_id) where state = 'active';
    create index api_service_department on api_service (provider_department_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists api_service`.execute(db);
}
