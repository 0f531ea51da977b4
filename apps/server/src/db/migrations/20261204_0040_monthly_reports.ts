import { sql, type Kysely } from 'kysely';

/**
 * Monthly reports of file-provided datasets (004 五.3, `exchange.monthly_report_day`): one row per
 * dataset and reported month, created when the month is reminded, zero-reported or found missing.
 * A loaded batch in the month's window satisfies it without a row of its own (the batch is the
 * report). Missing reports go to `supervision_record` as kind `monthly_report_missing`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dataset_monthly_report (
      id uuid primary key default gen_random_uuid(),
      dataset_id uuid not null references dataset(id),
      -- The month reported, YYYY-MM; due on the profile's day of the following month.
      period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      due_on date not null,
      zero_reported_by uuid references app_user(id),
      zero_reported_at timestamptz,
      zero_note text,
      reminded_at timestamptz,
      missing_recorded_at timestamptz,
      unique (dataset_id, period)
    );
    alter table supervision_record drop constraint supervision_record_kind_check;
    alter table supervision_record add constraint supervision_record_kind_check
      check (kind in ('application_step_overdue','demand_overdue','objection_overdue','monthly_report_missing'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from supervision_record where kind = 'monthly_report_missing';
    alter table supervision_record drop constraint supervision_record_kind_check;
    alter table supervision_record add constraint supervision_record_kind_check
      check (kind in ('application_step_overdue','demand_overdue','objection_overdue'));
    drop table if exists dataset_monthly_report;
  `.execute(db);
}
