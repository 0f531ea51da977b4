import type { Insertable } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Db } from './catalog.repository.ts';

/** Queries of catalog maintenance: change triggers and entries due for a full review. */
export class CatalogMaintenanceRepository {
  insertTrigger(db: Db, values: Insertable<Database['catalog_maintenance_trigger']>) {
    return db.insertInto('catalog_maintenance_trigger').values(values).returningAll().executeTakeFirstOrThrow();
  }

  findTrigger(db: Db, id: string) {
    return db.selectFrom('catalog_maintenance_trigger').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Triggers of one department, or of every department when `departmentId` is undefined (the operator). */
  listTriggers(db: Db, filter: { departmentId?: string; openOnly?: boolean }) {
    let q = db.selectFrom('catalog_maintenance_trigger').selectAll();
    if (filter.departmentId !== undefined) q = q.where('department_id', '=', filter.departmentId);
    if (filter.openOnly) q = q.where('resolved_at', 'is', null);
    return q.orderBy('due_on').execute();
  }

  /** Resolves an unresolved trigger; undefined when it was already resolved (a concurrent resolve won). */
  resolveTrigger(db: Db, id: string, resolvedBy: string | null, at: Date) {
    return db.updateTable('catalog_maintenance_trigger').set({ resolved_at: at, resolved_by: resolvedBy }).where('id', '=', id).where('resolved_at', 'is', null).returningAll().executeTakeFirst();
  }

  /** Published entries with their last full review, of one provider or (undefined) all. */
  publishedEntriesForReview(db: Db, providerDepartmentId: string | undefined) {
    let q = db
      .selectFrom('catalog_entry as e')
      .innerJoin('department as d', 'd.id', 'e.provider_department_id')
      .select(['e.id', 'e.resource_code', 'e.name', 'd.name as provider_department_name', 'e.last_maintained_at'])
      .where('e.status', '=', 'published');
    if (providerDepartmentId !== undefined) q = q.where('e.provider_department_id', '=', providerDepartmentId);
    return q.orderBy('e.last_maintained_at').execute();
  }
}
