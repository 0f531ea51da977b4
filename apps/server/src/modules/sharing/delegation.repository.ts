import type { Insertable, Selectable } from 'kysely';
import type { ReviewDelegationTable } from '../../platform/db/schema.ts';
import type { Db } from './sharing.repository.ts';

export type DelegationRow = Selectable<ReviewDelegationTable>;

/** Which delegations an actor may see: all (platform scope), or its organisation's and its own. */
export interface DelegationScope {
  platform: boolean;
  providerDepartmentId: string | null;
  delegateUserId: string | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Queries on delegated reviewers (review_delegation, 授权代理方). */
export class DelegationRepository {
  activeDelegation(db: Db, entryId: string, userId: string) {
    return db.selectFrom('review_delegation').selectAll().where('entry_id', '=', entryId).where('delegate_user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  }

  delegatedEntryIds(db: Db, userId: string) {
    return db.selectFrom('review_delegation').select('entry_id').where('delegate_user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }

  delegatesOf(db: Db, entryId: string) {
    return db.selectFrom('review_delegation').select('delegate_user_id').where('entry_id', '=', entryId).where('revoked_at', 'is', null).execute();
  }

  insertDelegation(db: Db, values: Insertable<ReviewDelegationTable>) {
    return db.insertInto('review_delegation').values(values).returning('id').executeTakeFirstOrThrow();
  }

  /** The delegation if the scope reaches it; one of another department is not found at all. */
  findVisibleDelegation(db: Db, id: string, scope: DelegationScope): Promise<DelegationRow | undefined> {
    let q = db.selectFrom('review_delegation').selectAll().where('id', '=', id);
    if (!scope.platform) q = q.where((eb) => eb.or([eb('provider_department_id', '=', scope.providerDepartmentId ?? NO_ID), eb('delegate_user_id', '=', scope.delegateUserId ?? NO_ID)]));
    return q.executeTakeFirst();
  }

  /** Revokes a delegation still in force; the check is the UPDATE's WHERE, so of two concurrent revokes one wins. */
  async revokeDelegation(db: Db, id: string, revokedBy: string | null, at: Date): Promise<boolean> {
    const result = await db.updateTable('review_delegation').set({ revoked_at: at, revoked_by: revokedBy }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Delegations with the names they are shown with, newest first, limited to the scope. */
  listDelegations(db: Db, scope: DelegationScope) {
    let q = db
      .selectFrom('review_delegation as r')
      .innerJoin('catalog_entry as e', 'e.id', 'r.entry_id')
      .innerJoin('app_user as u', 'u.id', 'r.delegate_user_id')
      .innerJoin('department as d', 'd.id', 'u.department_id')
      .innerJoin('app_user as g', 'g.id', 'r.granted_by')
      .select(['r.id', 'r.entry_id', 'e.name as entry_name', 'u.id as delegate_id', 'u.name as delegate_name', 'd.name as delegate_department', 'g.name as granted_by_name', 'r.granted_at', 'r.revoked_at']);
    if (!scope.platform) q = q.where((eb) => eb.or([eb('r.provider_department_id', '=', scope.providerDepartmentId ?? NO_ID), eb('r.delegate_user_id', '=', scope.delegateUserId ?? NO_ID)]));
    return q.orderBy('r.granted_at', 'desc').execute();
  }
}
