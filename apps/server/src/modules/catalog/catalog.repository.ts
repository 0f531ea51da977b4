import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { CatalogEntryTable, CatalogVersionTable, Database } from '../../platform/db/schema.ts';

export type Db = Kysely<Database>;

const ENTRY_COLUMNS = [
  'e.id',
  'e.resource_code',
  'e.provider_department_id',
  'd.name as provider_department_name',
  'e.status',
  'e.published_version_id',
  'e.pending_version_id',
  'e.name',
  'e.abstract',
  'e.class_code',
  'e.share_type',
  'e.open_type',
  'e.domain',
  'e.format_category',
  'e.update_cycle',
  'e.provision_method',
  'e.dedicated',
  'e.dedicated_department_ids',
  'e.item_names',
  'e.item_count',
  'e.mount_status',
  'e.mount_detail',
  'e.mounted_at',
  'e.published_at',
  'e.offline_at',
  'e.last_maintained_at',
  'e.created_at',
  'e.updated_at',
] as const;

/** Queries of the catalog module. Every method takes the executor (db or transaction) first. */
export class CatalogRepository {
  // ── classification and codes ───────────────────────────────────────────────────────────────
  listClassifications(db: Db) {
    return db.selectFrom('catalog_classification').selectAll().orderBy('code').execute();
  }

  findClassification(db: Db, code: string) {
    return db.selectFrom('catalog_classification').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async ensureClassification(db: Db, code: string, name: string, parentCode: string): Promise<void> {
    await db.insertInto('catalog_classification').values({ code, name, parent_code: parentCode }).onConflict((oc) => oc.column('code').doNothing()).execute();
  }

  /** The next 顺序码 under a classification: `101/000001`, `101/000002`, … */
  async allocateResourceCode(db: Db, classCode: string): Promise<string> {
    const row = await db
      .insertInto('catalog_code_sequence')
      .values({ class_code: classCode, next_value: 2 })
      .onConflict((oc) => oc.column('class_code').doUpdateSet({ next_value: sql`catalog_code_sequence.next_value + 1` }))
      .returning(sql<number>`next_value - 1`.as('value'))
      .executeTakeFirstOrThrow();
    return `${classCode}/${String(row.value).padStart(6, '0')}`;
  }

  // ── entries ────────────────────────────────────────────────────────────────────────────────
  private entryQuery(db: Db) {
    return db.selectFrom('catalog_entry as e').innerJoin('department as d', 'd.id', 'e.provider_department_id').select([...ENTRY_COLUMNS]);
  }

  findEntry(db: Db, id: string) {
    return this.entryQuery(db).where('e.id', '=', id).executeTakeFirst();
  }

  /** Locks the entry row for the rest of the transaction: transitions on one entry run one at a time. */
  async lockEntry(db: Db, id: string): Promise<void> {
    await db.selectFrom('catalog_entry').select('id').where('id', '=', id).forUpdate().execute();
  }

  findEntriesByCodes(db: Db, codes: readonly string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return db.selectFrom('catalog_entry').select(['id', 'resource_code', 'status', 'provider_department_id']).where('resource_code', 'in', codes).execute();
  }

  insertEntry(db: Db, values: Insertable<CatalogEntryTable>) {
    return db.insertInto('catalog_entry').values(values).returning('id').executeTakeFirstOrThrow();
  }

  updateEntry(db: Db, id: string, values: Updateable<CatalogEntryTable>) {
    return db.updateTable('catalog_entry').set(values).where('id', '=', id).executeTakeFirst();
  }

  /**
   * 已挂接: `mounted_at` keeps the first time; `updated_at` moves so the search index refresh
   * picks the mount facet up.
   */
  async markMounted(db: Db, id: string, detail: string, at: Date): Promise<void> {
    await db
      .updateTable('catalog_entry')
      .set({ mount_status: 'mounted', mount_detail: detail, mounted_at: sql<Date>`coalesce(mounted_at, ${at})`, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  deleteEntry(db: Db, id: string) {
    return db.deleteFrom('catalog_entry').where('id', '=', id).executeTakeFirst();
  }

  /** Entries whose 专用 list names the department. */
  entriesDedicatedTo(db: Db, departmentId: string) {
    return this.entryQuery(db)
      .where('e.status', '=', 'published')
      .where(sql<boolean>`${departmentId}::uuid = any(e.dedicated_department_ids)`)
      .orderBy('e.name')
      .execute();
  }

  // ── versions ───────────────────────────────────────────────────────────────────────────────
  private versionQuery(db: Db) {
    return db
      .selectFrom('catalog_version as v')
      .leftJoin('app_user as cu', 'cu.id', 'v.created_by')
      .leftJoin('app_user as ru', 'ru.id', 'v.reviewed_by')
      .selectAll('v')
      .select(['cu.name as created_by_name', 'ru.name as reviewed_by_name']);
  }

  findVersion(db: Db, id: string) {
    return this.versionQuery(db).where('v.id', '=', id).executeTakeFirst();
  }

  listVersions(db: Db, entryId: string) {
    return this.versionQuery(db).where('v.entry_id', '=', entryId).orderBy('v.version_no', 'desc').execute();
  }

  async nextVersionNo(db: Db, entryId: string): Promise<number> {
    const row = await db.selectFrom('catalog_version').select((eb) => eb.fn.max('version_no').as('max')).where('entry_id', '=', entryId).executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }

  insertVersion(db: Db, values: Insertable<CatalogVersionTable>) {
    return db.insertInto('catalog_version').values(values).returning('id').executeTakeFirstOrThrow();
  }

  updateVersion(db: Db, id: string, values: Updateable<CatalogVersionTable>) {
    return db.updateTable('catalog_version').set(values).where('id', '=', id).executeTakeFirst();
  }

  deleteVersion(db: Db, id: string) {
    return db.deleteFrom('catalog_version').where('id', '=', id).executeTakeFirst();
  }

  /** Every version of an entry (an entry that was never published is discarded with them). */
  deleteVersionsOf(db: Db, entryId: string) {
    return db.deleteFrom('catalog_version').where('entry_id', '=', entryId).execute();
  }

  versionStates(db: Db, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('catalog_version').select(['id', 'state']).where('id', 'in', ids).execute();
  }

  /**
   * Export rows: an entry's published content, or its first draft. Either one provider's entries
   * (any status) or every published entry — the scope is the WHERE clause.
   */
  exportRows(db: Db, scope: { providerDepartmentId: string } | { published: true }) {
    let q = db
      .selectFrom('catalog_entry as e')
      .innerJoin('department as d', 'd.id', 'e.provider_department_id')
      .innerJoin('catalog_version as v', (join) => join.on((eb) => eb('v.id', '=', eb.fn.coalesce('e.published_version_id', 'e.pending_version_id'))))
      .select(['e.resource_code', 'd.name as provider_department_name', 'e.status', 'v.content']);
    q = 'providerDepartmentId' in scope ? q.where('e.provider_department_id', '=', scope.providerDepartmentId) : q.where('e.status', '=', 'published');
    return q.orderBy('e.resource_code').execute();
  }

  insertReview(db: Db, values: Insertable<Database['catalog_review']>) {
    return db.insertInto('catalog_review').values(values).execute();
  }

  /** Review decisions of the given versions, oldest first. */
  async reviewsOf(db: Db, versionIds: readonly string[]) {
    const map = new Map<string, Array<{ decision: 'approve' | 'reject'; comment: string | null; reviewerName: string | null; reviewedAt: string }>>();
    if (versionIds.length === 0) return map;
    const rows = await db
      .selectFrom('catalog_review as r')
      .leftJoin('app_user as u', 'u.id', 'r.reviewed_by')
      .select(['r.version_id', 'r.decision', 'r.comment', 'u.name as reviewer_name', 'r.reviewed_at'])
      .where('r.version_id', 'in', versionIds)
      .orderBy('r.id')
      .execute();
    for (const row of rows) {
      const list = map.get(row.version_id) ?? [];
      list.push({ decision: row.decision, comment: row.comment, reviewerName: row.reviewer_name, reviewedAt: row.reviewed_at.toISOString() });
      map.set(row.version_id, list);
    }
    return map;
  }

  reviewQueue(db: Db) {
    return db
      .selectFrom('catalog_version as v')
      .innerJoin('catalog_entry as e', 'e.id', 'v.entry_id')
      .innerJoin('department as d', 'd.id', 'e.provider_department_id')
      .leftJoin('app_user as su', 'su.id', 'v.submitted_by')
      .select(['v.id as version_id', 'v.entry_id', 'v.version_no', 'v.kind', 'v.submitted_at', 'v.change_summary', 'v.offline_reason', 'v.content', 'e.resource_code', 'e.status as entry_status', 'd.name as provider_department_name', 'su.name as submitted_by_name'])
      .where('v.state', '=', 'submitted')
      .orderBy('v.submitted_at')
      .execute();
  }

  dueVersions(db: Db, now: Date) {
    return db.selectFrom('catalog_version').select(['id', 'entry_id']).where('state', '=', 'approved').where('effective_at', '<=', now).orderBy('effective_at').execute();
  }

  // ── search index feed ──────────────────────────────────────────────────────────────────────
  private indexQuery(db: Db) {
    return db
      .selectFrom('catalog_entry')
      .select([
        'id',
        'status',
        'provider_department_id',
        'class_code',
        'share_type',
        'open_type',
        'domain',
        'format_category',
        'update_cycle',
        'mount_status',
        'published_at',
        'updated_at',
        'name',
        'resource_code',
        'item_names',
        'keywords',
        'abstract',
      ]);
  }

  /** Entries in id order after `afterId`, for loading the search index in pages. */
  indexRowsAfter(db: Db, afterId: string | null, limit: number) {
    let q = this.indexQuery(db);
    if (afterId) q = q.where('id', '>', afterId);
    return q.orderBy('id').limit(limit).execute();
  }

  indexRowsByIds(db: Db, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.indexQuery(db).where('id', 'in', ids).execute();
  }

  indexRowsChangedSince(db: Db, since: Date) {
    return this.indexQuery(db).where('updated_at', '>', since).execute();
  }

  async allEntryIds(db: Db): Promise<string[]> {
    return (await db.selectFrom('catalog_entry').select('id').execute()).map((r) => r.id);
  }

  /** Summary rows of the given entries, in the given order. */
  async entriesByIds(db: Db, ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.entryQuery(db).where('e.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => Boolean(r));
  }

  // ── objections ─────────────────────────────────────────────────────────────────────────────
  private objectionQuery(db: Db) {
    return db
      .selectFrom('catalog_objection as o')
      .innerJoin('catalog_entry as e', 'e.id', 'o.entry_id')
      .innerJoin('department as rd', 'rd.id', 'o.raised_by_department_id')
      .innerJoin('app_user as ru', 'ru.id', 'o.raised_by')
      .leftJoin('app_user as au', 'au.id', 'o.answered_by')
      .selectAll('o')
      .select(['e.name as entry_name', 'e.provider_department_id', 'rd.name as raised_by_department_name', 'ru.name as raised_by_name', 'au.name as answered_by_name']);
  }

  findObjection(db: Db, id: string) {
    return this.objectionQuery(db).where('o.id', '=', id).executeTakeFirst();
  }

  listObjections(db: Db, filter: { entryId?: string; raisedBy?: string; receivedBy?: string; involving?: string }) {
    let q = this.objectionQuery(db);
    if (filter.entryId) q = q.where('o.entry_id', '=', filter.entryId);
    if (filter.raisedBy) q = q.where('o.raised_by_department_id', '=', filter.raisedBy);
    if (filter.receivedBy) q = q.where('e.provider_department_id', '=', filter.receivedBy);
    if (filter.involving) {
      const org = filter.involving;
      q = q.where((eb) => eb.or([eb('o.raised_by_department_id', '=', org), eb('e.provider_department_id', '=', org)]));
    }
    return q.orderBy('o.raised_at', 'desc').execute();
  }

  insertObjection(db: Db, values: Insertable<Database['catalog_objection']>) {
    return db.insertInto('catalog_objection').values(values).returning('id').executeTakeFirstOrThrow();
  }

  updateObjection(db: Db, id: string, values: Updateable<Database['catalog_objection']>) {
    return db.updateTable('catalog_objection').set(values).where('id', '=', id).executeTakeFirst();
  }

  /** Changes an objection that is not closed; the check is the UPDATE's WHERE, so a concurrent close wins or loses as a whole. */
  async updateOpenObjection(db: Db, id: string, values: Updateable<Database['catalog_objection']>): Promise<boolean> {
    const result = await db.updateTable('catalog_objection').set(values).where('id', '=', id).where('state', '<>', 'closed').executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** An answered objection is no longer overdue: its supervision record is closed with it. */
  async resolveObjectionOverdue(db: Db, objectionId: string, at: Date): Promise<void> {
    await db.updateTable('supervision_record').set({ resolved_at: at }).where('kind', '=', 'objection_overdue').where('subject_id', '=', objectionId).where('resolved_at', 'is', null).execute();
  }

  // ── change notices ─────────────────────────────────────────────────────────────────────────
  insertNotices(db: Db, values: Array<Insertable<Database['catalog_change_notice']>>) {
    if (values.length === 0) return Promise.resolve();
    return db.insertInto('catalog_change_notice').values(values).execute();
  }

  listNotices(db: Db, recipientDepartmentId: string) {
    return db
      .selectFrom('catalog_change_notice as n')
      .innerJoin('catalog_entry as e', 'e.id', 'n.entry_id')
      .innerJoin('catalog_version as v', 'v.id', 'n.version_id')
      .selectAll('n')
      .select(['e.name as entry_name', 'e.resource_code', 'v.version_no'])
      .where('n.recipient_department_id', '=', recipientDepartmentId)
      .orderBy('n.noticed_at', 'desc')
      .execute();
  }
}
