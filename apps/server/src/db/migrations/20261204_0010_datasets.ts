import { sql, type Kysely } from 'kysely';

/**
 * The data resource center (ADR 0012): datasets of published entries, their generated typed
 * columns, load batches with row errors, and the per-dataset change log. Each dataset's rows live
 * in its own table in the schema `dataset_rows` (see `rowsSchemaOf`), created by the datasets module.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The rows schema sits beside the platform's: dataset_rows for public, <schema>_rows for a
  // schema of its own (tests on PostgreSQL), so that dropping a schema's pair removes everything.
  await sql`
    do $$ begin
      execute format('create schema if not exists %I', case when current_schema() = 'public' then 'dataset_rows' else current_schema() || '_rows' end);
    end $$;

    create table dataset (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null unique references catalog_entry(id),
      provider_department_id uuid not null references department(id),
      -- Generated, never user text: d_<id without dashes> in schema dataset_rows.
      table_name text not null unique check (table_name ~ '^d_[0-9a-f]{32}$'),
      entry_version_id uuid not null references catalog_version(id),
      key_item_code text,
      key_kind text not null check (key_kind in ('id_number','uscc','other','generated')),
      is_base boolean not null default false,
      row_count bigint not null default 0,
      last_batch_id uuid,
      last_loaded_at timestamptz,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index dataset_department on dataset (provider_department_id);

    create table dataset_column (
      dataset_id uuid not null references dataset(id) on delete cascade,
      ordinal integer not null,
      column_name text not null check (column_name ~ '^c[0-9]{1,4}$'),
      item_code text not null,
      item_name text not null,
      data_type text not null,
      length integer,
      required boolean not null,
      identifier_kind text not null,
      primary key (dataset_id, ordinal),
      unique (dataset_id, column_name),
      unique (dataset_id, item_code)
    );

    create table dataset_batch (
      id uuid primary key default gen_random_uuid(),
      dataset_id uuid not null references dataset(id) on delete cascade,
      batch_no integer not null,
      state text not null check (state in ('receiving','validating','loaded','rejected','failed','rolled_back')),
      source text not null check (source in ('upload','sync','api','rollback')),
      -- A rollback is itself a batch (source rollback) that reverts this one's changes.
      rollback_of uuid references dataset_batch(id),
      mode text not null check (mode in ('replace','upsert')),
      on_error text not null check (on_error in ('reject','load_valid')),
      file_name text,
      file_size bigint,
      file_sm3 text,
      encoding text,
      rows_read bigint not null default 0,
      rows_inserted bigint not null default 0,
      rows_updated bigint not null default 0,
      rows_deleted bigint not null default 0,
      rows_unchanged bigint not null default 0,
      rows_rejected bigint not null default 0,
      error_count bigint not null default 0,
      failure text,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      finished_at timestamptz,
      unique (dataset_id, batch_no)
    );
    create index dataset_batch_history on dataset_batch (dataset_id, batch_no desc);

    create table dataset_batch_error (
      batch_id uuid not null references dataset_batch(id) on delete cascade,
      ordinal integer not null,
      row_no bigint,
      column_name text,
      value text,
      rule text not null,
      message text not null,
      primary key (batch_id, ordinal)
    );

    -- Every create, update and delete with the key and the values, numbered per dataset (subscriptions read it by seq).
    create table dataset_change (
      dataset_id uuid not null references dataset(id) on delete cascade,
      seq bigint not null,
      batch_id uuid not null references dataset_batch(id),
      record_key text not null,
      op text not null check (op in ('create','update','delete')),
      data jsonb,
      old_data jsonb,
      changed_at timestamptz not null,
      primary key (dataset_id, seq)
    );
    create index dataset_change_batch on dataset_change (batch_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists dataset_change, dataset_batch_error, dataset_batch, dataset_column, dataset cascade;
    do $$ begin
      execute format('drop schema if exists %I cascade', case when current_schema() = 'public' then 'dataset_rows' else current_schema() || '_rows' end);
    end $$;
  `.execute(db);
}
