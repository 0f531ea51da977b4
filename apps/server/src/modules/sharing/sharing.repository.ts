import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ApplicationState, Database, ShareApplicationStepTable, ShareApplicationTable, StoredFileTable } from '../../platform/db/schema.ts';

export type Db = Kysely<Database>;
export type ApplicationRow = Selectable<ShareApplicationTable>;
export type StepRow = Selectable<ShareApplicationStepTable>;

/**
 * Which applications an actor may see: its organisation's own; and, once an application has left
 * the applying department, the provider's, every one (the operator), and those of entries
 * delegated to the actor.
 */
export interface ApplicationScope {
  applicantDepartmentId: string | null;
  providerDepartmentId: string | null;
  operator: boolean;
  delegateUserId: string | null;
}

/** An application with the two facts its visibility turns on. */
export type VisibleApplicationRow = ApplicationRow & { left_department: boolean; delegated: boolean };

const NO_ID = '00000000-0000-0000-0000-000000000000';

type ApplicationEb = ExpressionBuilder<Database & { a: ShareApplicationTable }, 'a'>;

/** It has left the applying department once a step outside it opened, or once it was granted directly. */
function leftDepartment(eb: ApplicationEb) {
  return eb.or([eb('a.state', '=', 'approved'), eb.exists(eb.selectFrom('share_application_step as s').select('s.id').whereRef('s.application_id', '=', 'a.id').where('s.kind', '<>', 'leader_approval'))]);
}

/** The user reviews the application's entry on the provider's behalf (a delegation in force). */
function delegatedTo(eb: ApplicationEb, userId: string) {
  return eb.exists(eb.selectFrom('review_delegation as r').select('r.id').whereRef('r.entry_id', '=', 'a.entry_id').where('r.delegate_user_id', '=', userId).where('r.revoked_at', 'is', null));
}

/** Queries on sharing applications, their steps, history and letters. */
export class SharingRepository {
  // ── applications ───────────────────────────────────────────────────────────────────────────
  async nextNumber(db: Db, day: string): Promise<string> {
    const row = await db
      .insertInto('share_application_number')
      .values({ day, next_value: 2 })
      .onConflict((oc) => oc.column('day').doUpdateSet({ next_value: sql`share_application_number.next_value + 1` }))
      .returning(sql<number>`next_value - 1`.as('value'))
      .executeTakeFirstOrThrow();
    return `GX${day.replace(/-/g, '')}${String(row.value).padStart(4, '0')}`;
  }

  insertApplication(db: Db, values: Insertable<ShareApplicationTable>) {
    return db.insertInto('share_application').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * The application if the scope reaches it: one the actor may not see is not found at all, just
   * like a missing one. `lock` holds the row for the rest of the transaction, so decisions on one
   * application run one at a time.
   */
  async findVisibleApplication(db: Db, id: string, scope: ApplicationScope, lock = false): Promise<VisibleApplicationRow | undefined> {
    let q = db
      .selectFrom('share_application as a')
      .selectAll('a')
      .select((eb) => [leftDepartment(eb).as('left_department'), delegatedTo(eb, scope.delegateUserId ?? NO_ID).as('delegated')])
      .where('a.id', '=', id)
      .where((eb) => {
        const outside = [eb('a.provider_department_id', '=', scope.providerDepartmentId ?? NO_ID)];
        if (scope.delegateUserId) outside.push(delegatedTo(eb, scope.delegateUserId));
        const seenOutside = scope.operator ? leftDepartment(eb) : eb.and([leftDepartment(eb), eb.or(outside)]);
        return eb.or([eb('a.applicant_department_id', '=', scope.applicantDepartmentId ?? NO_ID), seenOutside]);
      });
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row && { ...row, left_department: Boolean(row.left_department), delegated: Boolean(row.delegated) };
  }

  /**
   * Moves an application on from the state it was read in; the state is in the WHERE, so a
   * change that lost a race writes nothing. Returns whether the row changed.
   */
  async transitionApplication(db: Db, id: string, from: ApplicationState, values: Updateable<ShareApplicationTable>): Promise<boolean> {
    const result = await db.updateTable('share_application').set(values).where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  listApplications(db: Db, filter: { applicantDepartmentId?: string; providerDepartmentId?: string; state?: string; ids?: string[]; leftDepartment?: boolean; limit: number; offset: number }) {
    let q = db.selectFrom('share_application as a');
    if (filter.applicantDepartmentId) q = q.where('a.applicant_department_id', '=', filter.applicantDepartmentId);
    if (filter.providerDepartmentId) q = q.where('a.provider_department_id', '=', filter.providerDepartmentId);
    if (filter.state) q = q.where('a.state', '=', filter.state as ShareApplicationTable['state']);
    if (filter.ids) q = q.where('a.id', 'in', filter.ids.length ? filter.ids : [NO_ID]);
    if (filter.leftDepartment) q = q.where((eb) => leftDepartment(eb));
    return Promise.all([
      q.selectAll('a').orderBy('a.updated_at', 'desc').orderBy('a.id').limit(filter.limit).offset(filter.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
  }

  /** Applications with a pending step of these kinds assigned to a department (a review queue). */
  pendingFor(db: Db, kinds: ReadonlyArray<ShareApplicationStepTable['kind']>, assigneeDepartmentId?: string, entryIds?: string[]) {
    let q = db
      .selectFrom('share_application_step as s')
      .innerJoin('share_application as a', 'a.id', 's.application_id')
      .select('a.id')
      .where('s.state', '=', 'pending')
      .where('s.kind', 'in', kinds);
    if (assigneeDepartmentId) q = q.where('s.assignee_department_id', '=', assigneeDepartmentId);
    if (entryIds) q = q.where('a.entry_id', 'in', entryIds.length ? entryIds : [NO_ID]);
    return q.execute();
  }

  // ── steps and history ──────────────────────────────────────────────────────────────────────
  insertStep(db: Db, values: Insertable<ShareApplicationStepTable>) {
    return db.insertInto('share_application_step').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** Closes a pending step (decided or cancelled); a step no longer pending matches no row. */
  async closePendingStep(db: Db, id: string, values: Updateable<ShareApplicationStepTable>): Promise<boolean> {
    const result = await db.updateTable('share_application_step').set(values).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  stepsOf(db: Db, applicationIds: readonly string[]) {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('share_application_step as s')
      .innerJoin('department as d', 'd.id', 's.assignee_department_id')
      .leftJoin('department as b', 'b.id', 's.on_behalf_of_department_id')
      .leftJoin('app_user as u', 'u.id', 's.decided_by')
      .selectAll('s')
      .select(['d.name as assignee_name', 'b.name as on_behalf_of_name', 'u.name as decided_by_name'])
      .where('s.application_id', 'in', applicationIds)
      .orderBy('s.seq')
      .execute();
  }

  pendingStep(db: Db, applicationId: string): Promise<StepRow | undefined> {
    return db.selectFrom('share_application_step').selectAll().where('application_id', '=', applicationId).where('state', '=', 'pending').executeTakeFirst();
  }

  lastDecidedStep(db: Db, applicationId: string): Promise<StepRow | undefined> {
    return db
      .selectFrom('share_application_step')
      .selectAll()
      .where('application_id', '=', applicationId)
      .where('state', 'in', ['approved', 'rejected'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  insertEvent(db: Db, values: Insertable<Database['share_application_event']>) {
    return db.insertInto('share_application_event').values(values).execute();
  }

  eventsOf(db: Db, applicationId: string) {
    return db.selectFrom('share_application_event').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
  }

  // ── letters, entries, demand ───────────────────────────────────────────────────────────────
  insertLetter(db: Db, values: Insertable<StoredFileTable>) {
    return db.insertInto('stored_file').values(values).returning(['id', 'sm3']).executeTakeFirstOrThrow();
  }

  letterContent(db: Db, fileId: string) {
    return db.selectFrom('stored_file').select(['filename', 'content_type', 'content']).where('id', '=', fileId).executeTakeFirstOrThrow();
  }

  letterMeta(db: Db, fileId: string) {
    return db.selectFrom('stored_file').select(['id', 'filename', 'size_bytes', 'uploaded_at']).where('id', '=', fileId).executeTakeFirst();
  }

  /** The entry columns an application summary shows. */
  entrySummaries(db: Db, entryIds: readonly string[]) {
    if (entryIds.length === 0) return Promise.resolve([]);
    return db.selectFrom('catalog_entry').select(['id', 'name', 'resource_code', 'share_type']).where('id', 'in', entryIds).execute();
  }

  /** Entries by how many departments applied for them (drafts do not count), most first. */
  entryDemand(db: Db, limit: number) {
    return db
      .selectFrom('share_application as a')
      .innerJoin('catalog_entry as e', 'e.id', 'a.entry_id')
      .innerJoin('department as d', 'd.id', 'e.provider_department_id')
      .select((eb) => [
        'e.id',
        'e.name',
        'e.resource_code',
        'd.id as provider_id',
        'd.name as provider_name',
        eb.fn.count<number>('a.applicant_department_id').distinct().as('departments'),
        eb.fn.countAll<number>().as('applications'),
      ])
      .where('a.state', '<>', 'draft')
      .groupBy(['e.id', 'e.name', 'e.resource_code', 'd.id', 'd.name'])
      .orderBy('departments', 'desc')
      .orderBy('applications', 'desc')
      .limit(limit)
      .execute();
  }
}
