import { sql, type Kysely } from 'kysely';

/**
 * The sharing portal: applications and their review steps, grants, review delegations, the
 * demand list, notifications (inbox, e-mail and webhook outbox) and the supervision record of
 * overdue steps.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table app_user add column email text;

    -- Objections get a reply deadline where the profile sets one (004 Art. 16; 001 Art. 41).
    alter table catalog_objection add column due_on date, add column due_provisional boolean not null default false, add column escalated_at timestamptz;

    create table stored_file (
      id uuid primary key default gen_random_uuid(),
      owner_department_id uuid not null references department(id),
      purpose text not null,
      filename text not null,
      content_type text not null,
      size_bytes integer not null,
      sm3 text not null,
      content bytea not null,
      uploaded_by uuid references app_user(id),
      uploaded_at timestamptz not null
    );

    create table share_application_number (
      day date primary key,
      next_value integer not null
    );

    create table share_application (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      applicant_department_id uuid not null references department(id),
      applicant_user_id uuid not null references app_user(id),
      contact_name text not null,
      contact_phone text not null,
      system_id uuid not null references application_system(id),
      entry_id uuid not null references catalog_entry(id),
      entry_version_id uuid not null references catalog_version(id),
      provider_department_id uuid not null references department(id),
      item_codes text[] not null,
      share_mode text not null check (share_mode in ('interface','download','page_query')),
      purpose text not null,
      scenario text not null,
      basis text not null,
      security_measures text not null,
      period_start date not null,
      period_end date not null,
      letter_file_id uuid references stored_file(id),
      flow text not null check (flow in ('direct','compliance_check','conditional','coordination')),
      state text not null check (state in ('draft','leader_review','compliance_check','preliminary_review','provider_review','coordination','approved','rejected','withdrawn')),
      rejection_final boolean not null default false,
      submitted_at timestamptz,
      decided_at timestamptz,
      grant_id uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (period_end >= period_start)
    );
    create index share_application_applicant on share_application (applicant_department_id, created_at desc);
    create index share_application_provider on share_application (provider_department_id, created_at desc);
    create index share_application_entry on share_application (entry_id);

    create table share_application_step (
      id uuid primary key default gen_random_uuid(),
      -- Order of opening: several steps can open at the same instant.
      seq bigint generated always as identity unique,
      application_id uuid not null references share_application(id) on delete cascade,
      kind text not null check (kind in ('leader_approval','compliance_check','preliminary_review','provider_review','coordination')),
      assignee_department_id uuid not null references department(id),
      state text not null check (state in ('pending','approved','rejected','cancelled')),
      received_at timestamptz not null,
      workdays integer,
      due_on date,
      due_provisional boolean not null default false,
      decided_at timestamptz,
      decided_by uuid references app_user(id),
      on_behalf_of_department_id uuid references department(id),
      delegation_id uuid,
      comment text,
      legal_basis text,
      reminded_at timestamptz,
      escalated_at timestamptz
    );
    create index share_application_step_pending on share_application_step (state, due_on) where state = 'pending';
    create index share_application_step_application on share_application_step (application_id, received_at);

    create table share_application_event (
      id bigint generated always as identity primary key,
      application_id uuid not null references share_application(id) on delete cascade,
      occurred_at timestamptz not null,
      actor_user_id uuid references app_user(id),
      actor_name text,
      action text not null,
      from_state text,
      to_state text,
      comment text
    );
    create index share_application_event_application on share_application_event (application_id, id);

    create table share_grant (
      id uuid primary key default gen_random_uuid(),
      application_id uuid references share_application(id),
      entry_id uuid not null references catalog_entry(id),
      provider_department_id uuid not null references department(id),
      consumer_department_id uuid not null references department(id),
      system_id uuid not null references application_system(id),
      item_codes text[] not null,
      share_mode text not null check (share_mode in ('interface','download','page_query')),
      starts_on date not null,
      ends_on date not null,
      conditions text,
      revoked_at timestamptz,
      revoked_by uuid references app_user(id),
      revoke_reason text,
      destruction_confirmed_at timestamptz,
      destruction_confirmed_by uuid references app_user(id),
      destruction_note text,
      expiry_notified_at timestamptz,
      created_at timestamptz not null,
      check (ends_on >= starts_on)
    );
    create index share_grant_consumer on share_grant (consumer_department_id);
    create index share_grant_provider on share_grant (provider_department_id);
    create index share_grant_entry on share_grant (entry_id) where revoked_at is null;
    alter table share_application add foreign key (grant_id) references share_grant(id);

    create table review_delegation (
      id uuid primary key default gen_random_uuid(),
      entry_id uuid not null references catalog_entry(id),
      provider_department_id uuid not null references department(id),
      delegate_user_id uuid not null references app_user(id),
      granted_by uuid not null references app_user(id),
      granted_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references app_user(id)
    );
    create unique index review_delegation_active on review_delegation (entry_id, delegate_user_id) where revoked_at is null;

    create table share_demand (
      id uuid primary key default gen_random_uuid(),
      requester_department_id uuid not null references department(id),
      requester_user_id uuid not null references app_user(id),
      provider_department_id uuid not null references department(id),
      title text not null,
      normalized_title text not null,
      description text not null,
      items_wanted text,
      purpose text not null,
      basis text,
      state text not null check (state in ('open','agreed','declined')),
      received_at timestamptz not null,
      due_on date not null,
      due_provisional boolean not null,
      answered_at timestamptz,
      answered_by uuid references app_user(id),
      answer text,
      catalog_entry_id uuid references catalog_entry(id),
      reminded_at timestamptz,
      escalated_at timestamptz
    );
    create index share_demand_provider on share_demand (provider_department_id, state);
    create index share_demand_title on share_demand (normalized_title);

    create table notification (
      id bigint generated always as identity primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      kind text not null,
      title text not null,
      body text not null,
      link text,
      created_at timestamptz not null,
      read_at timestamptz
    );
    create index notification_inbox on notification (user_id, created_at desc);

    create table webhook_subscription (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references department(id),
      url text not null,
      secret text not null,
      events text[] not null,
      active boolean not null default true,
      created_by uuid references app_user(id),
      created_at timestamptz not null
    );

    -- Messages leaving the platform (e-mail, webhooks), delivered at least once by a job.
    create table outbox (
      id bigint generated always as identity primary key,
      channel text not null check (channel in ('email','webhook')),
      target text not null,
      subject text,
      payload jsonb not null,
      signing_key_ref uuid,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      delivered_at timestamptz,
      failed_at timestamptz,
      last_error text,
      created_at timestamptz not null
    );
    create index outbox_due on outbox (next_attempt_at) where delivered_at is null and failed_at is null;

    -- Steps and demands that ran past their deadline stay on record for supervision (SPEC §9).
    create table supervision_record (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('application_step_overdue','demand_overdue','objection_overdue')),
      department_id uuid not null references department(id),
      subject_id uuid not null,
      reference text not null,
      due_on date not null,
      recorded_at timestamptz not null,
      resolved_at timestamptz,
      unique (kind, subject_id)
    );
    create index supervision_record_department on supervision_record (department_id, recorded_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists supervision_record, outbox, webhook_subscription, notification, share_demand, review_delegation cascade;
    alter table if exists share_application drop constraint if exists share_application_grant_id_fkey;
    drop table if exists share_grant, share_application_event, share_application_step, share_application, share_application_number, stored_file cascade;
    alter table app_user drop column if exists email;
    alter table catalog_objection drop column if exists due_on, drop column if exists due_provisional, drop column if exists escalated_at;
  `.execute(db);
}
