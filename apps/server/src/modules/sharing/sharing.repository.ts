import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, ShareApplicationStepTable, ShareApplicationTable, ShareGrantTable } from '../../platform/db/schema.ts';

export type Db = Kysely<Database>;
export type ApplicationRow = Selectable<ShareApplicationTable>;
export type StepRow = Selectable<ShareApplicationStepTable>;
export type GrantRow = Selectable<ShareGrantTable>;

/** Queries of the sharing module: applications, steps, history, grants, delegations, demands. */
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

  updateApplication(db: Db, id: string, values: Updateable<ShareApplicationTable>) {
    return db.updateTable('share_application').set(values).where('id', '=', id).executeTakeFirst();
  }

  findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
    return db.selectFrom('share_application').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Locks the application for the rest of the transaction: decisions on it run one at a time. */
  lockApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
    return db.selectFrom('share_application').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  listApplications(db: Db, filter: { applicantDepartmentId?: string; providerDepartmentId?: string; state?: string; ids?: string[]; leftDepartment?: boolean; limit: number; offset: number }) {
    let q = db.selectFrom('share_application as a');
    if (filter.applicantDepartmentId) q = q.where('a.applicant_department_id', '=', filter.applicantDepartmentId);
    if (filter.providerDepartmentId) q = q.where('a.provider_department_id', '=', filter.providerDepartmentId);
    if (filter.state) q = q.where('a.state', '=', filter.state as ShareApplicationTable['state']);
    if (filter.ids) q = q.where('a.id', 'in', filter.ids.length ? filter.ids : ['00000000-0000-0000-0000-000000000000']);
    if (filter.leftDepartment) {
      q = q.where((eb) =>
        eb.or([eb('a.state', '=', 'approved'), eb.exists(eb.selectFrom('share_application_step as s').select('s.id').whereRef('s.application_id', '=', 'a.id').where('s.kind', '<>', 'leader_approval'))]),
      );
    }
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
    if (entryIds) q = q.where('a.entry_id', 'in', entryIds.length ? entryIds : ['00000000-0000-0000-0000-000000000000']);
    return q.execute();
  }

  // ── steps and history ──────────────────────────────────────────────────────────────────────
  insertStep(db: Db, values: Insertable<ShareApplicationStepTable>) {
    return db.insertInto('share_application_step').values(values).returningAll().executeTakeFirstOrThrow();
  }

  updateStep(db: Db, id: string, values: Updateable<ShareApplicationStepTable>) {
    return db.updateTable('share_application_step').set(values).where('id', '=', id).executeTakeFirst();
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

  // ── grants ─────────────────────────────────────────────────────────────────────────────────
  insertGrant(db: Db, values: Insertable<ShareGrantTable>) {
    return db.insertInto('share_grant').values(values).returningAll().executeTakeFirstOrThrow();
  }

  updateGrant(db: Db, id: string, values: Updateable<ShareGrantTable>) {
    return db.updateTable('share_grant').set(values).where('id', '=', id).executeTakeFirst();
  }

  findGrant(db: Db, id: string): Promise<GrantRow | undefined> {
    return db.selectFrom('share_grant').selectAll().where('id', '=', id).executeTakeFirst();
  }

  lockGrant(db: Db, id: string): Promise<GrantRow | undefined> {
    return db.selectFrom('share_grant').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  listGrants(db: Db, filter: { consumerDepartmentId?: string; providerDepartmentId?: string; eitherDepartmentId?: string; entryId?: string }) {
    let q = db.selectFrom('share_grant').selectAll();
    if (filter.consumerDepartmentId) q = q.where('consumer_department_id', '=', filter.consumerDepartmentId);
    if (filter.providerDepartmentId) q = q.where('provider_department_id', '=', filter.providerDepartmentId);
    if (filter.entryId) q = q.where('entry_id', '=', filter.entryId);
    if (filter.eitherDepartmentId) {
      const org = filter.eitherDepartmentId;
      q = q.where((eb) => eb.or([eb('consumer_department_id', '=', org), eb('provider_department_id', '=', org)]));
    }
    return q.orderBy('created_at', 'desc').execute();
  }

  /** Departments holding a grant on the entry that is in force on `today` or later (not revoked, not ended). */
  async grantHolders(db: Db, entryId: string, today: string): Promise<string[]> {
    const rows = await db
      .selectFrom('share_grant')
      .select('consumer_department_id')
      .distinct()
      .where('entry_id', '=', entryId)
      .where('revoked_at', 'is', null)
      .where('ends_on', '>=', today)
      .execute();
    return rows.map((r) => r.consumer_department_id);
  }

  // ── demands ────────────────────────────────────────────────────────────────────────────────
  /**
   * Claims an open demand for an answer: the state check is the UPDATE's WHERE, so of two
   * concurrent answers exactly one matches a row (the other waits on the row lock, then sees the
   * new state). Returns whether this caller won.
   */
  async claimDemandAnswer(db: Db, id: string, values: Updateable<Database['share_demand']>): Promise<boolean> {
    const result = await db.updateTable('share_demand').set(values).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  setDemandEntry(db: Db, id: string, entryId: string) {
    return db.updateTable('share_demand').set({ catalog_entry_id: entryId }).where('id', '=', id).execute();
  }

  demandState(db: Db, id: string) {
    return db.selectFrom('share_demand').select('state').where('id', '=', id).executeTakeFirst();
  }

  // ── delegations ────────────────────────────────────────────────────────────────────────────
  activeDelegation(db: Db, entryId: string, userId: string) {
    return db.selectFrom('review_delegation').selectAll().where('entry_id', '=', entryId).where('delegate_user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  }

  delegatedEntryIds(db: Db, userId: string) {
    return db.selectFrom('review_delegation').select('entry_id').where('delegate_user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }

  /** Revokes a delegation still in force; the check is the UPDATE's WHERE, so of two concurrent revokes one wins. */
  async revokeDelegation(db: Db, id: string, revokedBy: string | null, at: Date): Promise<boolean> {
    const result = await db.updateTable('review_delegation').set({ revoked_at: at, revoked_by: revokedBy }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  delegatesOf(db: Db, entryId: string) {
    return db.selectFrom('review_delegation').select('delegate_user_id').where('entry_id', '=', entryId).where('revoked_at', 'is', null).execute();
  }
}
