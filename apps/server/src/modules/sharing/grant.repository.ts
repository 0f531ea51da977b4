import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ShareGrantTable } from '../../platform/db/schema.ts';
import type { Db } from './sharing.repository.ts';

export type GrantRow = Selectable<ShareGrantTable>;

/** Which grants an actor may see: every one (platform scope), or those its organisation gives or holds. */
export interface GrantScope {
  platform: boolean;
  departmentId: string | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Queries on grants (share_grant) and the names a grant is shown with. */
export class GrantRepository {
  insertGrant(db: Db, values: Insertable<ShareGrantTable>) {
    return db.insertInto('share_grant').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * The grant if the scope reaches it: a grant of another department is not found at all.
   * `lock` holds it for the rest of the transaction.
   */
  findVisibleGrant(db: Db, id: string, scope: GrantScope, lock = false): Promise<GrantRow | undefined> {
    let q = db.selectFrom('share_grant').selectAll().where('id', '=', id);
    if (!scope.platform) {
      const org = scope.departmentId ?? NO_ID;
      q = q.where((eb) => eb.or([eb('consumer_department_id', '=', org), eb('provider_department_id', '=', org)]));
    }
    return (lock ? q.forUpdate() : q).executeTakeFirst();
  }

  /** Revokes a grant not yet revoked; the check is the UPDATE's WHERE, so of two concurrent revokes one wins. */
  async revokeGrant(db: Db, id: string, values: Pick<Updateable<ShareGrantTable>, 'revoked_at' | 'revoked_by' | 'revoke_reason'>): Promise<boolean> {
    const result = await db.updateTable('share_grant').set(values).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Records the destruction once: a second confirmation matches no row. */
  async confirmDestruction(db: Db, id: string, values: Pick<Updateable<ShareGrantTable>, 'destruction_confirmed_at' | 'destruction_confirmed_by' | 'destruction_note'>): Promise<boolean> {
    const result = await db.updateTable('share_grant').set(values).where('id', '=', id).where('destruction_confirmed_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
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

  /** The consumer's grants on the entry by this mode that are in force on `today`. */
  grantsInForce(db: Db, filter: { entryId: string; consumerDepartmentId: string; shareMode: ShareGrantTable['share_mode']; today: string }): Promise<GrantRow[]> {
    return db
      .selectFrom('share_grant')
      .selectAll()
      .where('entry_id', '=', filter.entryId)
      .where('consumer_department_id', '=', filter.consumerDepartmentId)
      .where('share_mode', '=', filter.shareMode)
      .where('revoked_at', 'is', null)
      .where('starts_on', '<=', filter.today)
      .where('ends_on', '>=', filter.today)
      .execute();
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

  /** Grants that ended before `today` and whose consumer has not been told yet. */
  expiredUnnotified(db: Db, today: string): Promise<GrantRow[]> {
    return db.selectFrom('share_grant').selectAll().where('revoked_at', 'is', null).where('ends_on', '<', today).where('expiry_notified_at', 'is', null).execute();
  }

  /** Claims the expiry notice: with several nodes running the job, only one sends it. */
  async claimExpiryNotice(db: Db, id: string, at: Date): Promise<boolean> {
    const result = await db.updateTable('share_grant').set({ expiry_notified_at: at }).where('id', '=', id).where('expiry_notified_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  // ── names a grant is shown with ────────────────────────────────────────────────────────────
  /** Entries with the content of their published version (for item names). */
  entriesWithContent(db: Db, entryIds: readonly string[]) {
    return db
      .selectFrom('catalog_entry as e')
      .leftJoin('catalog_version as v', 'v.id', 'e.published_version_id')
      .select(['e.id', 'e.name', 'e.resource_code', 'v.content'])
      .where('e.id', 'in', entryIds.length ? entryIds : [NO_ID])
      .execute();
  }

  systemNames(db: Db, systemIds: readonly string[]) {
    return db.selectFrom('application_system').select(['id', 'name']).where('id', 'in', systemIds.length ? systemIds : [NO_ID]).execute();
  }

  applicationNumbers(db: Db, applicationIds: readonly string[]) {
    return db.selectFrom('share_application').select(['id', 'number']).where('id', 'in', applicationIds.length ? applicationIds : [NO_ID]).execute();
  }

  userNames(db: Db, userIds: readonly string[]) {
    return db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', userIds.length ? userIds : [NO_ID]).execute();
  }
}
