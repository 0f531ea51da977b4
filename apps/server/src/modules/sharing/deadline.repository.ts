import type { Insertable } from 'kysely';
import type { SupervisionRecordTable } from '../../platform/db/schema.ts';
import type { Db } from './sharing.repository.ts';

/**
 * Queries of the deadline job: pending steps with a due date, overdue catalog objections, and the
 * supervision records (督办) kept for whatever is overdue. Every claim is a guarded UPDATE, so with
 * several nodes running the job one sends each reminder and escalation.
 */
export class DeadlineRepository {
  // ── application steps ──────────────────────────────────────────────────────────────────────
  pendingStepsWithDue(db: Db) {
    return db
      .selectFrom('share_application_step as s')
      .innerJoin('share_application as a', 'a.id', 's.application_id')
      .select(['s.id', 's.kind', 's.due_on', 's.due_provisional', 's.reminded_at', 's.escalated_at', 's.assignee_department_id', 'a.id as application_id', 'a.number', 'a.applicant_department_id', 'a.provider_department_id', 'a.entry_id'])
      .where('s.state', '=', 'pending')
      .where('s.due_on', 'is not', null)
      .execute();
  }

  async claimStepReminder(db: Db, stepId: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('share_application_step').set({ reminded_at: at }).where('id', '=', stepId).where('reminded_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async claimStepEscalation(db: Db, stepId: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('share_application_step').set({ escalated_at: at }).where('id', '=', stepId).where('escalated_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  pendingProvisionalSteps(db: Db) {
    return db.selectFrom('share_application_step').select(['id', 'received_at', 'workdays', 'due_on']).where('state', '=', 'pending').where('due_provisional', '=', true).execute();
  }

  setStepDue(db: Db, stepId: string, due: { date: string; provisional: boolean }) {
    return db.updateTable('share_application_step').set({ due_on: due.date, due_provisional: due.provisional }).where('id', '=', stepId).execute();
  }

  // ── catalog objections past their reply deadline ──────────────────────────────────────────
  overdueObjections(db: Db, today: string) {
    return db
      .selectFrom('catalog_objection as o')
      .innerJoin('catalog_entry as e', 'e.id', 'o.entry_id')
      .select(['o.id', 'o.due_on', 'o.entry_id', 'e.name', 'e.provider_department_id'])
      .where('o.state', '=', 'open')
      .where('o.escalated_at', 'is', null)
      .where('o.due_on', '<', today)
      .execute();
  }

  async claimObjectionEscalation(db: Db, objectionId: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('catalog_objection').set({ escalated_at: at }).where('id', '=', objectionId).where('escalated_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  // ── supervision records ────────────────────────────────────────────────────────────────────
  /** One record per overdue subject: recording it again changes nothing. */
  recordSupervision(db: Db, values: Insertable<SupervisionRecordTable>) {
    return db
      .insertInto('supervision_record')
      .values(values)
      .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
      .execute();
  }

  /** Closes the open record of a subject once it is decided or answered (late, but done). */
  resolveSupervision(db: Db, kind: SupervisionRecordTable['kind'], subjectId: string, at: Date) {
    return db.updateTable('supervision_record').set({ resolved_at: at }).where('kind', '=', kind).where('subject_id', '=', subjectId).where('resolved_at', 'is', null).execute();
  }

  supervisionRecords(db: Db, filter: { departmentId?: string; openOnly?: boolean }) {
    let q = db.selectFrom('supervision_record as r').innerJoin('department as d', 'd.id', 'r.department_id').selectAll('r').select('d.name as department_name');
    if (filter.departmentId) q = q.where('r.department_id', '=', filter.departmentId);
    if (filter.openOnly) q = q.where('r.resolved_at', 'is', null);
    return q.orderBy('r.recorded_at', 'desc').execute();
  }
}
