import type { Db } from './departments.repository.ts';

/** Queries on the data-officer registry. */
export class DataOfficersRepository {
  listDataOfficers(db: Db, departmentId: string, includeHistory: boolean) {
    let query = db
      .selectFrom('data_officer as o')
      .innerJoin('app_user as u', 'u.id', 'o.user_id')
      .select(['o.id', 'o.department_id', 'o.user_id', 'u.name as user_name', 'u.phone_masked', 'o.started_at', 'o.ended_at', 'o.note'])
      .where('o.department_id', '=', departmentId);
    if (!includeHistory) query = query.where('o.ended_at', 'is', null);
    return query.orderBy('o.started_at', 'desc').execute();
  }

  findCurrentDataOfficer(db: Db, departmentId: string, userId: string) {
    return db
      .selectFrom('data_officer')
      .selectAll()
      .where('department_id', '=', departmentId)
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
  }

  startDataOfficer(db: Db, values: { department_id: string; user_id: string; started_at: Date; note: string | null; assigned_by: string | null }) {
    return db.insertInto('data_officer').values(values).returning('id').executeTakeFirstOrThrow();
  }

  /**
   * Ends the user's open terms (in one organisation, or in all when `departmentId` is null). Only
   * open terms are touched, so a term ended twice at once ends once; returns how many ended.
   */
  async endDataOfficers(db: Db, userId: string, departmentId: string | null, endedAt: Date, endedBy: string | null): Promise<number> {
    let query = db.updateTable('data_officer').set({ ended_at: endedAt, ended_by: endedBy }).where('user_id', '=', userId).where('ended_at', 'is', null);
    if (departmentId) query = query.where('department_id', '=', departmentId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
