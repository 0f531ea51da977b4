import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { DatasetDb } from './datasets.schema.ts';

/** All SQL of the monthly reports (004 五.3); the table is migration 20261204_0040. */
export class MonthlyReportsRepository {
  /** Datasets that may owe monthly reports (the provision method is the catalog's, checked by the caller). */
  datasets(db: DatasetDb) {
    return db.selectFrom('dataset').select(['id', 'entry_id', 'provider_department_id', 'created_at']).orderBy('created_at').execute();
  }

  find(db: DatasetDb, datasetId: string, period: string) {
    return db.selectFrom('dataset_monthly_report').selectAll().where('dataset_id', '=', datasetId).where('period', '=', period).executeTakeFirst();
  }

  list(db: DatasetDb, datasetId: string, periods: string[]) {
    if (periods.length === 0) return Promise.resolve([]);
    return db.selectFrom('dataset_monthly_report').selectAll().where('dataset_id', '=', datasetId).where('period', 'in', periods).execute();
  }

  /** The month's row, created on first need (reminder, zero report or missing record). */
  async ensure(db: DatasetDb, datasetId: string, period: string, dueOn: string) {
    await db.insertInto('dataset_monthly_report').values({ dataset_id: datasetId, period, due_on: dueOn }).onConflict((oc) => oc.columns(['dataset_id', 'period']).doNothing()).execute();
    return db.selectFrom('dataset_monthly_report').selectAll().where('dataset_id', '=', datasetId).where('period', '=', period).forUpdate().executeTakeFirstOrThrow();
  }

  /** The first loaded batch (not a rollback) committed in the window, if any. */
  loadedBatchIn(db: DatasetDb, datasetId: string, window: { after: Date; until: Date }) {
    return db
      .selectFrom('dataset_batch')
      .select(['id', 'batch_no', 'finished_at'])
      .where('dataset_id', '=', datasetId)
      .where('state', '=', 'loaded')
      .where('source', '<>', 'rollback')
      .where('finished_at', '>', window.after)
      .where('finished_at', '<=', window.until)
      .orderBy('finished_at')
      .limit(1)
      .executeTakeFirst();
  }

  /** Guarded claims: with several nodes running the job, one of them sends or records. */
  async claimReminder(db: DatasetDb, id: string, now: Date): Promise<boolean> {
    const r = await db.updateTable('dataset_monthly_report').set({ reminded_at: now }).where('id', '=', id).where('reminded_at', 'is', null).where('zero_reported_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async claimMissing(db: DatasetDb, id: string, now: Date): Promise<boolean> {
    const r = await db.updateTable('dataset_monthly_report').set({ missing_recorded_at: now }).where('id', '=', id).where('missing_recorded_at', 'is', null).where('zero_reported_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async markZero(db: DatasetDb, id: string, userId: string, note: string | null, now: Date): Promise<boolean> {
    const r = await db.updateTable('dataset_monthly_report').set({ zero_reported_at: now, zero_reported_by: userId, zero_note: note }).where('id', '=', id).where('zero_reported_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Supervision records (SPEC §9) are the platform's table, written like sharing's deadlines write theirs. */
  async recordMissing(db: Kysely<Database>, values: { departmentId: string; reportId: string; reference: string; dueOn: string; now: Date }): Promise<void> {
    await db
      .insertInto('supervision_record')
      .values({ kind: 'monthly_report_missing', department_id: values.departmentId, subject_id: values.reportId, reference: values.reference, due_on: values.dueOn, recorded_at: values.now })
      .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
      .execute();
  }

  async resolveMissing(db: Kysely<Database>, reportId: string, now: Date): Promise<void> {
    await db.updateTable('supervision_record').set({ resolved_at: now }).where('kind', '=', 'monthly_report_missing').where('subject_id', '=', reportId).where('resolved_at', 'is', null).execute();
  }
}
