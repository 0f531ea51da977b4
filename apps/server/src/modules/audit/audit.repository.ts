import type { Kysely } from 'kysely';
import type { AuditQuery } from '@huitong/contracts';
import type { AuditLogRow, Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface AuditFilter extends Omit<AuditQuery, 'page' | 'pageSize'> {
  /** The departments whose actors' records may be read; null for every department (platform scope). */
  scopeDepartmentIds: readonly string[] | null;
}

/** Reading the audit log (writing goes through platform/audit). */
export class AuditRepository {
  private filtered(db: Db, filter: AuditFilter) {
    let q = db.selectFrom('audit_log');
    if (filter.scopeDepartmentIds) {
      // An empty scope must match nothing, not everything.
      q = filter.scopeDepartmentIds.length > 0 ? q.where('actor_department_id', 'in', filter.scopeDepartmentIds) : q.where((eb) => eb.val(false));
    }
    if (filter.departmentId) q = q.where('actor_department_id', '=', filter.departmentId);
    if (filter.actorUserId) q = q.where('actor_user_id', '=', filter.actorUserId);
    if (filter.actor) q = q.where('actor_name', 'ilike', `%${escapeLike(filter.actor)}%`);
    if (filter.operation) {
      // "catalog:" names a family of operations; anything else is exact.
      q = filter.operation.endsWith(':') ? q.where('operation', 'like', `${escapeLike(filter.operation)}%`) : q.where('operation', '=', filter.operation);
    }
    if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
    if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome);
    if (filter.from) q = q.where('occurred_at', '>=', new Date(filter.from));
    if (filter.to) q = q.where('occurred_at', '<=', new Date(filter.to));
    return q;
  }

  /** One page of matching records, newest first. */
  page(db: Db, filter: AuditFilter, page: number, pageSize: number): Promise<AuditLogRow[]> {
    return this.filtered(db, filter).selectAll().orderBy('seq', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  }

  async count(db: Db, filter: AuditFilter): Promise<number> {
    const row = await this.filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
