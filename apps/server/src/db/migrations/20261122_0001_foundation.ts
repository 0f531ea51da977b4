import { sql, type Kysely } from 'kysely';

/**
 * Foundation: organisations, people, sessions, application systems, the audit trail,
 * the working-day calendar and the resource catalog.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table department (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references department(id),
      name text not null,
      short_name text,
      kind text not null check (kind in ('government','department','internal_unit','affiliated_unit')),
      level text not null check (level in ('province','city','county')),
      uscc text unique,
      class_code text unique check (class_code ~ '^[0-9]{2}$'),
      is_operator boolean not null default false,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index department_single_operator on department (is_operator) where is_operator;
    create unique index department_sibling_name on department (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name);

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      name text not null,
      id_number_cipher text not null,
      id_number_digest text not null unique,
      id_number_masked text not null,
      phone_cipher text not null,
      phone_masked text not null,
      department_id uuid not null references department(id),
      password_hash text not null,
      active boolean not null default true,
      locked_until timestamptz,
      password_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index app_user_username on app_user (lower(username));
    create index app_user_department on app_user (department_id);

    create table user_role (
      user_id uuid not null references app_user(id) on delete cascade,
      role text not null check (role in ('platform_admin','dept_admin','platform_reviewer','data_officer','dept_leader','provider_reviewer','security_auditor','supervisor')),
      primary key (user_id, role)
    );

    create table login_attempt (
      id bigint generated always as identity primary key,
      username text not null,
      succeeded boolean not null,
      client_ip text,
      attempted_at timestamptz not null
    );
    create index login_attempt_recent on login_attempt (lower(username), attempted_at);

    create table application_system (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references department(id),
      name text not null,
      description text,
      client_id text not null unique,
      secret_hash text not null,
      secret_rotated_at timestamptz not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (department_id, name)
    );

    create table auth_session (
      token_digest text primary key,
      kind text not null check (kind in ('console','user_api','system')),
      user_id uuid references app_user(id) on delete cascade,
      system_id uuid references application_system(id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null,
      client_ip text,
      user_agent text,
      revoked_at timestamptz,
      check ((user_id is null) <> (system_id is null))
    );
    create index auth_session_user on auth_session (user_id);

    create table data_officer (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references department(id),
      user_id uuid not null references app_user(id),
      started_at timestamptz not null,
      ended_at timestamptz,
      note text,
      assigned_by uuid references app_user(id),
      ended_by uuid references app_user(id)
    );
    create unique index data_officer_current on data_officer (department_id, user_id) where ended_at is null;

    -- The audit trail. No foreign keys: records outlive the rows they mention.
    create table audit_log (
      seq bigint primary key,
      occurred_at timestamptz not null,
      actor_user_id uuid,
      actor_name text,
      actor_department_id uuid,
      actor_department_name text,
      system_id uuid,
      operation text not null,
      target_type text,
      target_id text,
      outcome text not null check (outcome in ('success','failure','denied')),
      request_id text,
      client_ip text,
      details jsonb not null default '{}'::jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_time on audit_log (occurred_at);
    create index audit_log_actor on audit_log (actor_user_id, occurred_at);
    create index audit_log_department on audit_log (actor_department_id, occurred_at);
    create index audit_log_operation on audit_log (operation, occurred_at);
    create index audit_log_target on audit_log (target_type, target_id);

    create table audit_checkpoint (
      seq bigint primary key,
      hash text not null,
      signed_at timestamptz not null,
      key_id text not null,
      signature text not null
    );

    -- The signed head: seq and hash of the newest record, re-signed with every record, so that
    -- cutting records off the end of the chain is detected too.
    create table audit_head (
      id boolean primary key default true check (id),
      seq bigint not null,
      hash text not null,
      signed_at timestamptz not null,
      key_id text not null,
      signature text not null
    );

    -- A retention purge removes the oldest records; the anchor keeps the hash the next record chains to.
    create table audit_anchor (
      seq bigint primary key,
      hash text not null,
      purged_at timestamptz not null,
      purged_by text not null,
      key_id text not null,
      signature text not null
    );

    -- Records are append-only. Only the retention purge may delete, and it announces itself
    -- with a transaction-local setting; nothing may update.
    create function audit_log_protect() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('huitong.audit_purge', true) = 'on' then
        return old;
      end if;
      raise exception 'audit records are append-only (% refused)', tg_op using errcode = '42501';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_protect();

    create table calendar_year (
      year integer primary key,
      source text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
    );
    create table calendar_day (
      day date primary key,
      year integer not null references calendar_year(year) on delete cascade,
      kind text not null check (kind in ('holiday','workday')),
      name text not null
    );

    create table catalog_classification (
      code text primary key check (code ~ '^[123]([0-9]{2}([0-9]{3})?)?$'),
      name text not null,
      parent_code text references catalog_classification(code)
    );

    create table catalog_code_sequence (
      class_code text primary key,
      next_value integer not null
    );

    create table catalog_entry (
      id uuid primary key default gen_random_uuid(),
      resource_code text not null unique,
      provider_department_id uuid not null references department(id),
      status text not null check (status in ('draft','published','offline')),
      published_version_id uuid,
      pending_version_id uuid,
      -- Columns below mirror the published version (or the first draft before publication)
      -- so that lists and the search index need no join.
      name text not null,
      abstract text not null,
      class_code text not null references catalog_classification(code),
      share_type text not null,
      open_type text not null,
      domain text not null,
      format_category text not null,
      update_cycle text not null,
      provision_method text not null,
      dedicated boolean not null default false,
      dedicated_department_ids uuid[] not null default '{}',
      item_names text[] not null default '{}',
      item_count integer not null default 0,
      keywords text[] not null default '{}',
      mount_status text not null default 'none' check (mount_status in ('none','mounted')),
      mount_detail text,
      mounted_at timestamptz,
      published_at timestamptz,
      offline_at timestamptz,
      last_maintained_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- Search runs on the in-memory index (ADR 0004); this index lets every node pick up changes.
    create index catalog_entry_updated on catalog_entry (updated_at);
    create index catalog_entry_provider on catalog_entry (provider_department_id, status);
    create index catalog_entry_status_published on catalog_entry (status, published_at desc);
    create index catalog_entry_dedicated on catalog_entry using gin (dedicated_department_ids);

    create table catalog_version (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references catalog_entry(id),
      version_no integer not null,
      kind text not null check (kind in ('content','offline')),
      state text not null check (state in ('draft','submitted','rejected','approved','published','superseded')),
      content jsonb not null,
      change_summary text,
      offline_reason text,
      replacement_entry_id uuid references catalog_entry(id),
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      submitted_by uuid references app_user(id),
      submitted_at timestamptz,
      reviewed_by uuid references app_user(id),
      reviewed_at timestamptz,
      review_comment text,
      effective_at timestamptz,
      published_at timestamptz,
      unique (entry_id, version_no)
    );
    create index catalog_version_review_queue on catalog_version (state, submitted_at) where state = 'submitted';
    create index catalog_version_due on catalog_version (effective_at) where state = 'approved';
    alter table catalog_entry add foreign key (published_version_id) references catalog_version(id);
    alter table catalog_entry add foreign key (pending_version_id) references catalog_version(id);

    -- Every review decision, so a rejection's reason stays visible after the version is resubmitted.
    create table catalog_review (
      id bigint generated always as identity primary key,
      version_id uuid not null references catalog_version(id) on delete cascade,
      decision text not null check (decision in ('approve','reject')),
      comment text,
      reviewed_by uuid references app_user(id),
      reviewed_at timestamptz not null
    );
    create index catalog_review_version on catalog_review (version_id, reviewed_at);

    create table catalog_objection (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references catalog_entry(id),
      kind text not null check (kind in ('objection','error')),
      item_code text,
      content text not null,
      state text not null check (state in ('open','answered','closed')),
      raised_by_department_id uuid not null references department(id),
      raised_by uuid not null references app_user(id),
      raised_at timestamptz not null,
      answer text,
      answered_by uuid references app_user(id),
      answered_at timestamptz,
      closed_at timestamptz,
      closed_by uuid references app_user(id)
    );
    create index catalog_objection_entry on catalog_objection (entry_id);
    create index catalog_objection_raiser on catalog_objection (raised_by_department_id);

    create table catalog_maintenance_trigger (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references department(id),
      kind text not null check (kind in ('legal_change','function_change')),
      description text not null,
      occurred_on date not null,
      due_on date not null,
      due_provisional boolean not null,
      created_by uuid not null references app_user(id),
      created_at timestamptz not null,
      resolved_at timestamptz,
      resolved_by uuid references app_user(id)
    );
    create index catalog_maintenance_trigger_open on catalog_maintenance_trigger (department_id) where resolved_at is null;

    create table catalog_change_notice (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references catalog_entry(id),
      version_id uuid not null references catalog_version(id),
      recipient_department_id uuid not null references department(id),
      kind text not null check (kind in ('update','offline')),
      message text not null,
      noticed_at timestamptz not null,
      effective_at timestamptz not null,
      replacement_entry_id uuid references catalog_entry(id)
    );
    create index catalog_change_notice_recipient on catalog_change_notice (recipient_department_id, noticed_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists catalog_change_notice, catalog_maintenance_trigger, catalog_objection, catalog_review cascade;
    alter table if exists catalog_entry drop constraint if exists catalog_entry_published_version_id_fkey;
    alter table if exists catalog_entry drop constraint if exists catalog_entry_pending_version_id_fkey;
    drop table if exists catalog_version, catalog_entry, catalog_code_sequence, catalog_classification cascade;
    drop table if exists calendar_day, calendar_year cascade;
    drop table if exists audit_anchor, audit_head, audit_checkpoint cascade;
    drop trigger if exists audit_log_append_only on audit_log;
    drop table if exists audit_log cascade;
    drop function if exists audit_log_protect();
    drop table if exists data_officer, auth_session, application_system, login_attempt, user_role, app_user, department cascade;
  `.execute(db);
}
