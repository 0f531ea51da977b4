import type { Insertable, Updateable } from 'kysely';
import type { Database, ShareDemandTable } from '../../platform/db/schema.ts';
import type { Db } from './sharing.repository.ts';

/** Which demands an actor may see: all (platform scope), or those its organisation asked or was asked. */
export interface DemandScope {
  platform: boolean;
  departmentId: string | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Queries on the demand list (share_demand, 需求清单). */
export class DemandRepository {
  /** Demands with the names they are shown with, newest first. */
  listDemands(db: Db, filter: { requesterDepartmentId?: string; providerDepartmentId?: string; id?: string; scope?: DemandScope }) {
    let q = db
      .selectFrom('share_demand as m')
      .innerJoin('department as r', 'r.id', 'm.requester_department_id')
      .innerJoin('department as p', 'p.id', 'm.provider_department_id')
      .innerJoin('app_user as u', 'u.id', 'm.requester_user_id')
      .selectAll('m')
      .select(['r.name as requester_name', 'p.name as provider_name', 'u.name as requester_user_name']);
    if (filter.requesterDepartmentId) q = q.where('m.requester_department_id', '=', filter.requesterDepartmentId);
    if (filter.providerDepartmentId) q = q.where('m.provider_department_id', '=', filter.providerDepartmentId);
    if (filter.id) q = q.where('m.id', '=', filter.id);
    const scope = filter.scope;
    if (scope && !scope.platform) {
      const org = scope.departmentId ?? NO_ID;
      q = q.where((eb) => eb.or([eb('m.requester_department_id', '=', org), eb('m.provider_department_id', '=', org)]));
    }
    return q.orderBy('m.received_at', 'desc').execute();
  }

  /** One demand if the scope reaches it; a demand between two other departments is not found at all. */
  async findVisibleDemand(db: Db, id: string, scope: DemandScope) {
    const [row] = await this.listDemands(db, { id, scope });
    return row;
  }

  insertDemand(db: Db, values: Insertable<ShareDemandTable>) {
    return db.insertInto('share_demand').values(values).returning('id').executeTakeFirstOrThrow();
  }

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

  /** Data several departments ask for: grouped by normalised title and provider, most departments first. */
  hotspots(db: Db) {
    return db
      .selectFrom('share_demand as m')
      .innerJoin('department as p', 'p.id', 'm.provider_department_id')
      .select((eb) => [
        'm.normalized_title',
        'p.id as provider_id',
        'p.name as provider_name',
        eb.fn.min('m.title').as('title'),
        eb.fn.count<number>('m.requester_department_id').distinct().as('departments'),
        eb.fn.countAll<number>().as('demands'),
        eb.fn.count<number>('m.id').filterWhere('m.state', '=', 'open').as('open_demands'),
      ])
      .groupBy(['m.normalized_title', 'p.id', 'p.name'])
      .orderBy('departments', 'desc')
      .orderBy('demands', 'desc')
      .execute();
  }

  // ── deadlines ──────────────────────────────────────────────────────────────────────────────
  openDemands(db: Db) {
    return db.selectFrom('share_demand').selectAll().where('state', '=', 'open').execute();
  }

  /** Claims the reminder: with several nodes running the job, only one sends it. */
  async claimReminder(db: Db, id: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('share_demand').set({ reminded_at: at }).where('id', '=', id).where('reminded_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Claims the escalation, like the reminder. */
  async claimEscalation(db: Db, id: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('share_demand').set({ escalated_at: at }).where('id', '=', id).where('escalated_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  openProvisional(db: Db) {
    return db.selectFrom('share_demand').select(['id', 'received_at']).where('state', '=', 'open').where('due_provisional', '=', true).execute();
  }

  setDue(db: Db, id: string, due: { date: string; provisional: boolean }) {
    return db.updateTable('share_demand').set({ due_on: due.date, due_provisional: due.provisional }).where('id', '=', id).execute();
  }
}
