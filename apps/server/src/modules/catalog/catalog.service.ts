import {
  CatalogContent as CatalogContentSchema,
  DOMAINS,
  FORMAT_CATEGORIES,
  labelOf,
  OPEN_TYPES,
  RESOURCE_CLASSES,
  SHARE_TYPES,
  UPDATE_CYCLES,
  type CatalogContent,
  type CatalogEntryDetail,
  type CatalogEntrySummary,
  type CatalogSearchQuery,
  type CatalogSearchResult,
  type CatalogVersion,
  type ClassificationNode,
  type ErrorDetail,
  type FacetBucket,
  type Objection,
  type VersionDiff,
  type VersionState,
} from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { taskActor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { CatalogVersionRow } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, NotAllowedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { checkSchema } from '../../platform/validation.ts';
import { Pacer } from '../../platform/pacing.ts';
import { addPeriod } from '../../platform/policy/profiles.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { OrgService } from '../org/index.ts';
import { diffContent } from './catalog-diff.ts';
import { effectiveAtForChange } from './catalog-schedule.ts';
import { highlightTerms, normalise, queryClauses, queryWords } from './catalog-search.ts';
import { CatalogSearchIndex, toIndexed } from './catalog-search-index.ts';
import { checkContent } from './catalog.policy.ts';
import { CatalogRepository, type Db } from './catalog.repository.ts';
import { nextVersionState, stateAfterSubmit } from './catalog.workflow.ts';

type EntryRow = NonNullable<Awaited<ReturnType<CatalogRepository['findEntry']>>>;
type VersionRow = NonNullable<Awaited<ReturnType<CatalogRepository['findVersion']>>>;

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

function parseContent(value: unknown): CatalogContent {
  return (typeof value === 'string' ? JSON.parse(value) : value) as CatalogContent;
}

/** The list form of an entry (search results, 专用 lists). */
function toSummary(row: EntryRow): CatalogEntrySummary {
  return {
    id: row.id,
    resourceCode: row.resource_code,
    status: row.status,
    name: row.name,
    abstract: row.abstract,
    providerDepartmentId: row.provider_department_id,
    providerDepartmentName: row.provider_department_name,
    classCode: row.class_code,
    shareType: row.share_type as CatalogEntrySummary['shareType'],
    openType: row.open_type as CatalogEntrySummary['openType'],
    formatCategory: row.format_category as CatalogEntrySummary['formatCategory'],
    updateCycle: row.update_cycle as CatalogEntrySummary['updateCycle'],
    domain: row.domain as CatalogEntrySummary['domain'],
    dedicated: row.dedicated,
    mountStatus: row.mount_status,
    itemCount: row.item_count,
    publishedAt: iso(row.published_at),
    updatedAt: row.updated_at.toISOString(),
    pendingState: null,
  };
}

export function toVersion(row: VersionRow, reviews: CatalogVersion['reviews'] = []): CatalogVersion {
  return {
    id: row.id,
    entryId: row.entry_id,
    versionNo: row.version_no,
    kind: row.kind,
    state: row.state,
    content: parseContent(row.content),
    changeSummary: row.change_summary,
    offlineReason: row.offline_reason,
    replacementEntryId: row.replacement_entry_id,
    createdAt: row.created_at.toISOString(),
    createdByName: row.created_by_name,
    submittedAt: iso(row.submitted_at),
    reviewedAt: iso(row.reviewed_at),
    reviewedByName: row.reviewed_by_name,
    reviewComment: row.review_comment,
    effectiveAt: iso(row.effective_at),
    publishedAt: iso(row.published_at),
    reviews,
  };
}

/** A content document with optional fields filled the same way every time (for storage and diffs). */
function normaliseContent(content: CatalogContent): CatalogContent {
  return {
    ...content,
    internalUnitId: content.internalUnitId ?? null,
    keywords: content.keywords ?? [],
    items: content.items.map((item) => ({ ...item, required: item.required ?? false, identifierKind: item.identifierKind ?? 'none' })),
    dedicated: content.dedicated ?? false,
  };
}

export interface ChangeNoticeEvent {
  entryId: string;
  entryName: string;
  recipientDepartmentId: string;
  kind: 'update' | 'offline';
  message: string;
  effectiveAt: Date;
}

export interface RowError extends ErrorDetail {
  row?: number;
}

/**
 * The resource catalog (目录管理系统, SPEC §2): registration field by field, review by the
 * operator, versions with readable differences, publication and offline with notice periods,
 * search with facets, objections and maintenance.
 */
export class CatalogService {
  readonly repo = new CatalogRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
  ) {}

  private get db(): Db {
    return this.deps.db;
  }

  // ── visibility ─────────────────────────────────────────────────────────────────────────────
  /** Drafts and pending changes are seen by the provider's own staff and by the operator. */
  private canSeeUnpublished(actor: Actor, providerOrgId: string): boolean {
    return can(actor, 'catalog:entry:read-unpublished', providerOrgId);
  }

  // ── validation ─────────────────────────────────────────────────────────────────────────────
  /**
   * Every rule on an entry's content: the schema, the policy rules, and the checks that need the
   * database. Returns all problems at once; nothing is written when there is any.
   */
  async validateContent(db: Db, input: unknown, providerOrgId: string, ownResourceCode: string | null): Promise<{ errors: ErrorDetail[]; content: CatalogContent }> {
    // Defaults (item.required = false, …) as the HTTP layer applies them, so imports behave alike.
    const { value: raw, errors: schemaErrors } = checkSchema(CatalogContentSchema, input, 'content');
    if (schemaErrors.length > 0) {
      // Report the rule violations of the fields that are well-formed too, so one pass over a
      // spreadsheet shows every problem; a document too broken for the rules just gets its schema errors.
      let ruleErrors: ErrorDetail[] = [];
      try {
        const broken = new Set(schemaErrors.map((e) => e.field));
        ruleErrors = checkContent(raw, this.deps.policy).filter((e) => !broken.has(e.field));
      } catch {
        ruleErrors = [];
      }
      return { errors: dedupe([...schemaErrors, ...ruleErrors]), content: raw };
    }
    const content = raw;
    const errors: ErrorDetail[] = checkContent(content, this.deps.policy);
    const provider = await this.org.repo.findDepartment(db, providerOrgId);

    const classification = await this.repo.findClassification(db, content.classCode);
    if (content.classCode.startsWith('3')) {
      const expected = provider?.class_code ? `3${provider.class_code}` : null;
      if (!expected || content.classCode.slice(0, 3) !== expected) {
        errors.push({ field: 'content.classCode', message: `content.classCode: 部门信息资源的分类码应为 ${expected ?? '3+部门代码'} (departmental resources use the provider's own class)` });
      } else if (content.classCode.length > 3 && !classification) {
        errors.push({ field: 'content.classCode', message: `content.classCode: 分类 ${content.classCode} 不存在 (unknown classification)` });
      }
    } else if (!classification) {
      errors.push({ field: 'content.classCode', message: `content.classCode: 分类 ${content.classCode} 不存在 (unknown classification)` });
    }

    if (content.internalUnitId) {
      const unit = await this.org.repo.findDepartment(db, content.internalUnitId);
      const unitOrg = unit ? await this.org.repo.organisationOf(db, unit.id) : undefined;
      if (!unit || unit.kind !== 'internal_unit' || unitOrg?.id !== providerOrgId) {
        errors.push({ field: 'content.internalUnitId', message: 'content.internalUnitId: 内设机构须是提供部门自己的内设机构 (must be an internal unit of the provider)' });
      }
    }

    if (content.dedicatedDepartmentIds.length > 0) {
      const found = await this.org.repo.findDepartmentsByIds(db, content.dedicatedDepartmentIds);
      const known = new Set(found.map((d) => d.id));
      content.dedicatedDepartmentIds.forEach((id, index) => {
        if (!known.has(id)) errors.push({ field: `content.dedicatedDepartmentIds[${index}]`, message: `content.dedicatedDepartmentIds[${index}]: 部门 ${id} 不存在 (unknown department)` });
        else if (id === providerOrgId) errors.push({ field: `content.dedicatedDepartmentIds[${index}]`, message: `content.dedicatedDepartmentIds[${index}]: 专用部门不能是提供部门自身 (the provider is not a consumer)` });
      });
    }

    if (content.relatedResourceCodes.length > 0) {
      const found = new Set((await this.repo.findEntriesByCodes(db, content.relatedResourceCodes)).map((e) => e.resource_code));
      content.relatedResourceCodes.forEach((code, index) => {
        if (code === ownResourceCode) errors.push({ field: `content.relatedResourceCodes[${index}]`, message: `content.relatedResourceCodes[${index}]: 不能关联自身 (an entry cannot relate to itself)` });
        else if (!found.has(code)) errors.push({ field: `content.relatedResourceCodes[${index}]`, message: `content.relatedResourceCodes[${index}]: 资源代码 ${code} 不存在 (unknown resource code)` });
      });
    }
    return { errors: dedupe(errors), content: normaliseContent(content) };
  }

  private async assertValid(db: Db, raw: unknown, providerOrgId: string, ownResourceCode: string | null): Promise<CatalogContent> {
    const { errors, content } = await this.validateContent(db, raw, providerOrgId, ownResourceCode);
    if (errors.length > 0) throw new ValidationError(`目录内容有 ${errors.length} 处不符合规则: ${errors.map((e) => e.message).join('; ')}`, errors, 'CATALOG_RULES');
    return content;
  }

  // ── denormalised search columns ────────────────────────────────────────────────────────────
  private searchColumns(content: CatalogContent) {
    return {
      name: content.name,
      abstract: content.abstract,
      class_code: content.classCode,
      share_type: content.shareType,
      open_type: content.openType,
      domain: content.domain,
      format_category: content.formatCategory,
      update_cycle: content.updateCycle,
      provision_method: content.provisionMethod,
      dedicated: content.dedicated,
      dedicated_department_ids: content.dedicatedDepartmentIds,
      item_names: content.items.map((item) => item.name),
      item_count: content.items.length,
      keywords: content.keywords ?? [],
    };
  }

  // ── the search index (ADR 0004) ────────────────────────────────────────────────────────────
  #index: CatalogSearchIndex | null = null;
  #indexLoading: Promise<CatalogSearchIndex> | null = null;
  /** Changes up to this instant are in the index (minus a safety overlap, see refreshIndex). */
  #indexedThrough = new Date(0);
  #reconciledAt = 0;

  /** The loaded index; the first search on a node loads it from the database. */
  private async searchIndex(): Promise<CatalogSearchIndex> {
    if (this.#index) return this.#index;
    this.#indexLoading ??= (async () => {
      const index = new CatalogSearchIndex();
      const startedAt = this.deps.clock.now();
      let after: string | null = null;
      for (;;) {
        const rows = await this.repo.indexRowsAfter(this.db, after, 2000);
        for (const row of rows) index.upsert(toIndexed(row));
        if (rows.length < 2000) break;
        after = rows[rows.length - 1]!.id;
      }
      this.#indexedThrough = startedAt;
      this.#reconciledAt = Date.now();
      this.#index = index;
      return index;
    })().finally(() => {
      this.#indexLoading = null;
    });
    return this.#indexLoading;
  }

  /** Brings entries into the index right after a change commits on this node. */
  private async syncIndex(ids: readonly string[]): Promise<void> {
    const index = this.#index;
    if (!index || ids.length === 0) return;
    const rows = await this.repo.indexRowsByIds(this.db, ids);
    const found = new Set(rows.map((r) => r.id));
    const pacer = new Pacer(); // word segmentation of thousands of imported entries is CPU work
    for (const row of rows) {
      await pacer.turn();
      index.upsert(toIndexed(row));
    }
    for (const id of ids) if (!found.has(id)) index.remove(id);
  }

  /**
   * Picks up changes made on other nodes (scheduled every few seconds). Rows are re-read with a
   * minute of overlap, because a transaction that started earlier can commit later than one that
   * has already been seen; deletions are reconciled every five minutes.
   */
  async refreshIndex(): Promise<void> {
    const index = this.#index;
    if (!index) return;
    const now = this.deps.clock.now();
    const since = new Date(this.#indexedThrough.getTime() - 60_000);
    const pacer = new Pacer();
    for (const row of await this.repo.indexRowsChangedSince(this.db, since)) {
      await pacer.turn();
      index.upsert(toIndexed(row));
    }
    this.#indexedThrough = now;
    if (Date.now() - this.#reconciledAt > 5 * 60_000) {
      const existing = new Set(await this.repo.allEntryIds(this.db));
      for (const id of [...index.ids()]) if (!existing.has(id)) index.remove(id);
      this.#reconciledAt = Date.now();
    }
  }

  // ── create and edit ────────────────────────────────────────────────────────────────────────
  async create(actor: Actor, input: { content: unknown; changeSummary?: string }): Promise<CatalogEntryDetail> {
    authorize(actor, 'catalog:entry:create', actor.organisationId);
    const providerOrgId = actor.organisationId!;
    const content = await this.assertValid(this.db, input.content, providerOrgId, null);
    const id = await this.db.transaction().execute((trx) => this.insertEntry(trx, actor, providerOrgId, content, input.changeSummary ?? null));
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  /**
   * Registers a draft inside the caller's transaction (a demand agreed to becomes a draft in the
   * same transaction as the answer). Call `afterCommit` with the id once the transaction commits.
   */
  async createWithin(trx: Db, actor: Actor, input: { content: unknown; changeSummary?: string }): Promise<string> {
    authorize(actor, 'catalog:entry:create', actor.organisationId);
    const content = await this.assertValid(trx, input.content, actor.organisationId!, null);
    return this.insertEntry(trx, actor, actor.organisationId!, content, input.changeSummary ?? null);
  }

  /** Brings entries changed in a committed transaction of another module into the search index. */
  async afterCommit(ids: readonly string[]): Promise<void> {
    await this.syncIndex(ids);
  }

  /** Inserts an entry with its first draft version (content already validated). */
  private async insertEntry(trx: Db, actor: Actor, providerOrgId: string, content: CatalogContent, changeSummary: string | null): Promise<string> {
    const now = this.deps.clock.now();
    const classRoot = content.classCode.slice(0, 3);
    if (classRoot.startsWith('3')) {
      const provider = await this.org.repo.findDepartment(trx, providerOrgId);
      await this.repo.ensureClassification(trx, classRoot, provider?.name ?? classRoot, '3');
    }
    const resourceCode = await this.repo.allocateResourceCode(trx, content.classCode);
    const { id } = await this.repo.insertEntry(trx, {
      resource_code: resourceCode,
      provider_department_id: providerOrgId,
      status: 'draft',
      created_by: actor.userId,
      ...this.searchColumns(content),
    });
    const version = await this.repo.insertVersion(trx, {
      entry_id: id,
      version_no: 1,
      kind: 'content',
      state: 'draft',
      content: JSON.stringify(content),
      change_summary: changeSummary,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await this.repo.updateEntry(trx, id, { pending_version_id: version.id });
    await this.deps.audit.record(trx, actor, {
      operation: 'catalog:entry:create',
      targetType: 'catalog_entry',
      targetId: id,
      details: { resourceCode, name: content.name, versionNo: 1 },
    });
    return id;
  }

  private async loadEntry(db: Db, id: string): Promise<EntryRow> {
    const entry = await this.repo.findEntry(db, id);
    if (!entry) throw new NotFoundError('目录 catalog entry', id);
    return entry;
  }

  /**
   * Loads an entry for a provider-side operation. An entry the actor may not even see is
   * reported as not found; one it can see but not change is refused.
   */
  private async loadOwnEntry(db: Db, actor: Actor, id: string, operation: 'catalog:entry:edit' | 'catalog:entry:submit' | 'catalog:entry:withdraw' | 'catalog:entry:request-offline'): Promise<EntryRow> {
    const entry = await this.loadEntry(db, id);
    if (entry.status === 'draft' && !this.canSeeUnpublished(actor, entry.provider_department_id)) throw new NotFoundError('目录 catalog entry', id);
    authorize(actor, operation, entry.provider_department_id);
    return entry;
  }

  async saveDraft(actor: Actor, id: string, input: { content: unknown; changeSummary?: string }): Promise<CatalogEntryDetail> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadOwnEntry(trx, actor, id, 'catalog:entry:edit');
      const content = await this.assertValid(trx, input.content, entry.provider_department_id, entry.resource_code);
      const now = this.deps.clock.now();
      let versionNo: number;
      if (entry.pending_version_id) {
        const pending = (await this.repo.findVersion(trx, entry.pending_version_id))!;
        if (pending.kind !== 'content') throw new InvalidTransitionError(pending.state, 'edit', '下线申请待审核,不能同时修改内容 (an offline request is pending)');
        nextVersionState(pending.state, 'edit');
        if (content.classCode !== parseContent(pending.content).classCode && entry.status !== 'draft') {
          throw ValidationError.field('content.classCode', 'content.classCode: 已发布资源的分类不能变更,资源代码依赖分类 (the class of a published entry is fixed)');
        }
        await this.repo.updateVersion(trx, pending.id, { content: JSON.stringify(content), change_summary: input.changeSummary ?? pending.change_summary, state: 'draft', updated_at: now, review_comment: pending.state === 'rejected' ? pending.review_comment : null });
        versionNo = pending.version_no;
      } else {
        const published = entry.published_version_id ? await this.repo.findVersion(trx, entry.published_version_id) : undefined;
        if (published && parseContent(published.content).classCode !== content.classCode) {
          throw ValidationError.field('content.classCode', 'content.classCode: 已发布资源的分类不能变更,资源代码依赖分类 (the class of a published entry is fixed)');
        }
        versionNo = await this.repo.nextVersionNo(trx, id);
        const version = await this.repo.insertVersion(trx, {
          entry_id: id,
          version_no: versionNo,
          kind: 'content',
          state: 'draft',
          content: JSON.stringify(content),
          change_summary: input.changeSummary ?? null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await this.repo.updateEntry(trx, id, { pending_version_id: version.id, updated_at: now });
      }
      // Before the first publication the draft is what the provider's own lists show.
      if (entry.status === 'draft') await this.repo.updateEntry(trx, id, { ...this.searchColumns(content), updated_at: now });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:edit', targetType: 'catalog_entry', targetId: id, details: { versionNo, name: content.name } });
    });
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  async submit(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadOwnEntry(trx, actor, id, 'catalog:entry:submit');
      const pending = entry.pending_version_id ? await this.repo.findVersion(trx, entry.pending_version_id) : undefined;
      if (!pending) throw new InvalidTransitionError(entry.status, 'submit', '没有待提交的草稿 (nothing to submit)');
      nextVersionState(pending.state, 'submit');
      // Rules may have changed since the draft was saved (a department closed, a code withdrawn).
      await this.assertValid(trx, parseContent(pending.content), entry.provider_department_id, entry.resource_code);
      const now = this.deps.clock.now();
      const state = stateAfterSubmit(this.deps.policy);
      await this.repo.updateVersion(trx, pending.id, { state, submitted_at: now, submitted_by: actor.userId, updated_at: now, review_comment: null, reviewed_at: null, reviewed_by: null });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:submit', targetType: 'catalog_entry', targetId: id, details: { versionNo: pending.version_no, kind: pending.kind } });
      if (state === 'approved') await this.approve(trx, actor, entry, { ...pending, state: 'approved' }, null);
    });
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  async withdraw(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadOwnEntry(trx, actor, id, 'catalog:entry:withdraw');
      const pending = entry.pending_version_id ? await this.repo.findVersion(trx, entry.pending_version_id) : undefined;
      if (!pending) throw new InvalidTransitionError(entry.status, 'withdraw', '没有审核中的变更 (nothing under review)');
      nextVersionState(pending.state, 'withdraw');
      const now = this.deps.clock.now();
      if (pending.kind === 'offline') {
        // An offline request has no draft to return to: withdrawing it cancels it.
        await this.repo.updateEntry(trx, id, { pending_version_id: null, updated_at: now });
        await this.repo.deleteVersion(trx, pending.id);
      } else {
        await this.repo.updateVersion(trx, pending.id, { state: 'draft', submitted_at: null, submitted_by: null, updated_at: now });
      }
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:withdraw', targetType: 'catalog_entry', targetId: id, details: { versionNo: pending.version_no, kind: pending.kind } });
    });
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  /** Throws away an unsubmitted draft; an entry that was never published goes with it. */
  async discardPending(actor: Actor, id: string): Promise<{ entryDeleted: boolean }> {
    const result = await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadOwnEntry(trx, actor, id, 'catalog:entry:edit');
      const pending = entry.pending_version_id ? await this.repo.findVersion(trx, entry.pending_version_id) : undefined;
      if (!pending) throw new InvalidTransitionError(entry.status, 'discard', '没有可丢弃的草稿 (no draft)');
      nextVersionState(pending.state, 'discard');
      await this.repo.updateEntry(trx, id, { pending_version_id: null, updated_at: this.deps.clock.now() });
      await this.repo.deleteVersion(trx, pending.id);
      const entryDeleted = entry.status === 'draft';
      if (entryDeleted) {
        await trx.deleteFrom('catalog_version').where('entry_id', '=', id).execute();
        await this.repo.deleteEntry(trx, id);
      }
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:discard', targetType: 'catalog_entry', targetId: id, details: { versionNo: pending.version_no, entryDeleted, resourceCode: entry.resource_code } });
      return { entryDeleted };
    });
    await this.syncIndex([id]);
    return result;
  }

  async requestOffline(actor: Actor, id: string, input: { reason: string; replacementEntryId?: string }): Promise<CatalogEntryDetail> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadOwnEntry(trx, actor, id, 'catalog:entry:request-offline');
      if (entry.status !== 'published') throw new InvalidTransitionError(entry.status, 'request-offline', '只有已发布的资源可以申请下线 (only published entries go offline)');
      if (entry.pending_version_id) throw new ConflictError('该资源有未完成的变更,请先处理 (a change is pending)', 'CHANGE_PENDING');
      if (input.replacementEntryId) {
        if (input.replacementEntryId === id) throw ValidationError.field('replacementEntryId', 'replacementEntryId: 替代资源不能是自身 (cannot replace itself)');
        const replacement = await this.repo.findEntry(trx, input.replacementEntryId);
        if (!replacement || replacement.status !== 'published') {
          throw ValidationError.field('replacementEntryId', 'replacementEntryId: 替代资源须已发布可用 (the replacement must be published first; 004 Art. 18)');
        }
      }
      const published = (await this.repo.findVersion(trx, entry.published_version_id!))!;
      const now = this.deps.clock.now();
      const state = stateAfterSubmit(this.deps.policy);
      const versionNo = await this.repo.nextVersionNo(trx, id);
      const version = await this.repo.insertVersion(trx, {
        entry_id: id,
        version_no: versionNo,
        kind: 'offline',
        state,
        content: JSON.stringify(parseContent(published.content)),
        change_summary: null,
        offline_reason: input.reason,
        replacement_entry_id: input.replacementEntryId ?? null,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        submitted_by: actor.userId,
        submitted_at: now,
      });
      await this.repo.updateEntry(trx, id, { pending_version_id: version.id, updated_at: now });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:request-offline', targetType: 'catalog_entry', targetId: id, details: { versionNo, reason: input.reason, replacementEntryId: input.replacementEntryId ?? null } });
      if (state === 'approved') {
        const row = (await this.repo.findVersion(trx, version.id))!;
        await this.approve(trx, actor, entry, row, null);
      }
    });
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  // ── review and publication ─────────────────────────────────────────────────────────────────
  async review(actor: Actor, id: string, decision: 'approve' | 'reject', comment?: string): Promise<CatalogEntryDetail> {
    authorize(actor, 'catalog:entry:review');
    await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadEntry(trx, id);
      const pending = entry.pending_version_id ? await this.repo.findVersion(trx, entry.pending_version_id) : undefined;
      if (!pending) throw new InvalidTransitionError(entry.status, decision, '该资源没有待审核的变更 (nothing to review)');
      nextVersionState(pending.state, decision);
      if (pending.submitted_by && pending.submitted_by === actor.userId) {
        throw new NotAllowedError('catalog:entry:review', '不能审核自己提交的变更 (you cannot review your own submission)');
      }
      const now = this.deps.clock.now();
      if (decision === 'reject') {
        if (!comment || comment.trim().length < 2) throw ValidationError.field('comment', 'comment: 驳回须说明理由 (a rejection needs a reason)', 'REASON_REQUIRED');
        await this.repo.updateVersion(trx, pending.id, { state: 'rejected', reviewed_at: now, reviewed_by: actor.userId, review_comment: comment, updated_at: now });
        await this.repo.insertReview(trx, { version_id: pending.id, decision: 'reject', comment, reviewed_by: actor.userId, reviewed_at: now });
        await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:reject', targetType: 'catalog_entry', targetId: id, details: { versionNo: pending.version_no, kind: pending.kind, comment } });
        return;
      }
      await this.repo.updateVersion(trx, pending.id, { reviewed_at: now, reviewed_by: actor.userId, review_comment: comment ?? null, updated_at: now });
      await this.repo.insertReview(trx, { version_id: pending.id, decision: 'approve', comment: comment ?? null, reviewed_by: actor.userId, reviewed_at: now });
      await this.approve(trx, actor, entry, pending, comment ?? null);
    });
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  // ── hooks for other modules ────────────────────────────────────────────────────────────────
  #consumerSources: Array<(db: Db, entryId: string) => Promise<string[]>> = [];
  #noticeListeners: Array<(trx: Db, notices: ChangeNoticeEvent[]) => Promise<void>> = [];

  /** Another module that knows an entry's consumers (the sharing portal: grant holders). */
  addConsumerSource(source: (db: Db, entryId: string) => Promise<string[]>): void {
    this.#consumerSources.push(source);
  }

  /** Called in the approving transaction when consumers get change notices (inbox, webhooks). */
  addNoticeListener(listener: (trx: Db, notices: ChangeNoticeEvent[]) => Promise<void>): void {
    this.#noticeListeners.push(listener);
  }

  /** Departments that use an entry and so must be told before it changes: its 专用 list and every other known consumer. */
  async consumersOf(db: Db, entry: EntryRow): Promise<string[]> {
    const consumers = new Set(entry.dedicated_department_ids);
    for (const source of this.#consumerSources) for (const id of await source(db, entry.id)) consumers.add(id);
    consumers.delete(entry.provider_department_id);
    return [...consumers];
  }

  /**
   * An approved change takes effect now, or after the profile's notice or transition period; in
   * that case consumers get a notice now and the scheduler publishes the change when it is due.
   */
  private async approve(trx: Db, actor: Actor, entry: EntryRow, version: VersionRow | CatalogVersionRow, comment: string | null): Promise<void> {
    const now = this.deps.clock.now();
    const consumers = await this.consumersOf(trx, entry);
    const timing = effectiveAtForChange({
      policy: this.deps.policy,
      approvedAt: now,
      firstPublication: entry.published_version_id === null && version.kind === 'content',
      kind: version.kind,
      consumerCount: consumers.length,
      hasReplacement: Boolean(version.replacement_entry_id),
    });
    const immediate = timing.effectiveAt.getTime() <= now.getTime();
    await this.repo.updateVersion(trx, version.id, { state: 'approved', effective_at: timing.effectiveAt, updated_at: now });
    await this.deps.audit.record(trx, actor, {
      operation: 'catalog:entry:approve',
      targetType: 'catalog_entry',
      targetId: entry.id,
      details: { versionNo: version.version_no, kind: version.kind, comment, effectiveAt: timing.effectiveAt.toISOString(), reasons: timing.reasons, consumers },
    });
    if (!immediate && consumers.length > 0) {
      const content = parseContent(version.content);
      const notices = consumers.map((departmentId) => ({
        entry_id: entry.id,
        version_id: version.id,
        recipient_department_id: departmentId,
        kind: version.kind === 'offline' ? ('offline' as const) : ('update' as const),
        message:
          version.kind === 'offline'
            ? `资源「${content.name}」(${entry.resource_code}) 将于 ${timing.effectiveAt.toISOString()} 下线${version.replacement_entry_id ? ',请改用替代资源' : ''}。原因: ${version.offline_reason ?? ''}`
            : `资源「${content.name}」(${entry.resource_code}) 第 ${version.version_no} 版将于 ${timing.effectiveAt.toISOString()} 生效。${version.change_summary ?? ''}`,
        noticed_at: now,
        effective_at: timing.effectiveAt,
        replacement_entry_id: version.replacement_entry_id,
      }));
      await this.repo.insertNotices(trx, notices);
      const events = notices.map((n) => ({ entryId: entry.id, entryName: content.name, recipientDepartmentId: n.recipient_department_id, kind: n.kind, message: n.message, effectiveAt: timing.effectiveAt }));
      for (const listener of this.#noticeListeners) await listener(trx, events);
    }
    if (immediate) await this.publish(trx, actor, entry, version.id);
  }

  /** Makes an approved version the entry's current state. */
  private async publish(trx: Db, actor: Actor, entry: EntryRow, versionId: string): Promise<void> {
    const version = (await this.repo.findVersion(trx, versionId))!;
    nextVersionState(version.state, 'publish');
    const now = this.deps.clock.now();
    if (version.kind === 'offline') {
      await this.repo.updateVersion(trx, version.id, { state: 'published', published_at: now, updated_at: now });
      await this.repo.updateEntry(trx, entry.id, { status: 'offline', offline_at: now, pending_version_id: null, updated_at: now });
    } else {
      if (entry.published_version_id) await this.repo.updateVersion(trx, entry.published_version_id, { state: 'superseded', updated_at: now });
      await this.repo.updateVersion(trx, version.id, { state: 'published', published_at: now, updated_at: now });
      const content = parseContent(version.content);
      await this.repo.updateEntry(trx, entry.id, {
        ...this.searchColumns(content),
        status: 'published',
        published_version_id: version.id,
        pending_version_id: null,
        published_at: now,
        offline_at: null,
        last_maintained_at: now,
        updated_at: now,
      });
    }
    await this.deps.audit.record(trx, actor, {
      operation: version.kind === 'offline' ? 'catalog:entry:offline' : 'catalog:entry:publish',
      targetType: 'catalog_entry',
      targetId: entry.id,
      details: { versionNo: version.version_no, resourceCode: entry.resource_code },
    });
  }

  /** Publishes approved changes whose notice or transition period has ended (scheduled job). */
  async applyDueChanges(): Promise<number> {
    const due = await this.repo.dueVersions(this.db, this.deps.clock.now());
    let applied = 0;
    for (const { id: versionId, entry_id: entryId } of due) {
      await this.db.transaction().execute(async (trx) => {
        await this.repo.lockEntry(trx, entryId);
        const version = await this.repo.findVersion(trx, versionId);
        if (!version || version.state !== 'approved' || !version.effective_at || version.effective_at > this.deps.clock.now()) return;
        const entry = await this.loadEntry(trx, entryId);
        await this.publish(trx, taskActor('catalog-apply-due-changes'), entry, versionId);
        applied++;
      });
      await this.syncIndex([entryId]);
    }
    return applied;
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────
  async detail(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    const db = this.db;
    const entry = await this.loadEntry(db, id);
    const unpublishedVisible = this.canSeeUnpublished(actor, entry.provider_department_id);
    if (entry.status === 'draft' && !unpublishedVisible) throw new NotFoundError('目录 catalog entry', id);
    const published = entry.published_version_id ? await this.repo.findVersion(db, entry.published_version_id) : undefined;
    const pending = entry.pending_version_id && unpublishedVisible ? await this.repo.findVersion(db, entry.pending_version_id) : undefined;
    const current = published ?? pending;
    const content = current ? parseContent(current.content) : null;
    const reviews = await this.repo.reviewsOf(db, [current?.id, pending?.id].filter((v): v is string => Boolean(v)));
    const unitName = content?.internalUnitId ? (await this.org.repo.findDepartment(db, content.internalUnitId))?.name ?? null : null;
    const dedicated = await this.org.repo.findDepartmentsByIds(db, content?.dedicatedDepartmentIds ?? []);
    const maintenance = this.maintenanceDue(entry.last_maintained_at);
    const own = entry.provider_department_id;
    const pendingState = pending?.state ?? null;
    return {
      id: entry.id,
      resourceCode: entry.resource_code,
      status: entry.status,
      providerDepartmentId: entry.provider_department_id,
      providerDepartmentName: entry.provider_department_name,
      internalUnitName: unitName,
      dedicatedDepartments: dedicated.map((d) => ({ id: d.id, name: d.name })),
      mount: { provisionMethod: entry.provision_method as CatalogEntryDetail['mount']['provisionMethod'], status: entry.mount_status, mountedAt: iso(entry.mounted_at), detail: entry.mount_detail },
      current: current ? toVersion(current, reviews.get(current.id)) : null,
      pending: published && pending ? toVersion(pending, reviews.get(pending.id)) : null,
      publishedAt: iso(entry.published_at),
      lastMaintainedAt: iso(entry.last_maintained_at),
      maintenanceDueAt: maintenance.dueOn,
      maintenanceOverdue: entry.status === 'published' && maintenance.overdue,
      offlineAt: iso(entry.offline_at),
      createdAt: entry.created_at.toISOString(),
      updatedAt: entry.updated_at.toISOString(),
      permissions: {
        edit: can(actor, 'catalog:entry:edit', own) && (pending ? (pendingState === 'draft' || pendingState === 'rejected') && pending.kind === 'content' : entry.status !== 'draft'),
        submit: can(actor, 'catalog:entry:submit', own) && (pendingState === 'draft' || pendingState === 'rejected'),
        withdraw: can(actor, 'catalog:entry:withdraw', own) && pendingState === 'submitted',
        review: can(actor, 'catalog:entry:review') && pendingState === 'submitted' && pending?.submitted_by !== actor.userId,
        requestOffline: can(actor, 'catalog:entry:request-offline', own) && entry.status === 'published' && pendingState === null,
        answerObjections: can(actor, 'catalog:objection:answer', own),
      },
    };
  }

  /** Full-maintenance due date under the profile's interval (003 Art. 9), if it sets one. */
  maintenanceDue(lastMaintainedAt: Date | null): { dueOn: string | null; overdue: boolean } {
    const months = this.deps.policy.value<number | null>('catalog.full_maintenance_interval_months');
    if (!months || !lastMaintainedAt) return { dueOn: null, overdue: false };
    const due = addPeriod(lastMaintainedAt, { months });
    return { dueOn: due.toISOString().slice(0, 10), overdue: due.getTime() < this.deps.clock.now().getTime() };
  }

  async versions(actor: Actor, id: string): Promise<CatalogVersion[]> {
    const entry = await this.loadEntry(this.db, id);
    const unpublishedVisible = this.canSeeUnpublished(actor, entry.provider_department_id);
    if (entry.status === 'draft' && !unpublishedVisible) throw new NotFoundError('目录 catalog entry', id);
    const rows = await this.repo.listVersions(this.db, id);
    const visible: VersionState[] = ['published', 'superseded'];
    const shown = rows.filter((row) => unpublishedVisible || visible.includes(row.state));
    const reviews = await this.repo.reviewsOf(this.db, shown.map((row) => row.id));
    return shown.map((row) => toVersion(row, reviews.get(row.id)));
  }

  /** What changed in a version, against the one it replaces (or a chosen earlier version). */
  async diff(actor: Actor, id: string, versionId: string, againstVersionId?: string): Promise<VersionDiff> {
    const versions = await this.versions(actor, id);
    const target = versions.find((v) => v.id === versionId);
    if (!target) throw new NotFoundError('版本 version', versionId);
    let base: CatalogVersion | undefined;
    if (againstVersionId) {
      base = versions.find((v) => v.id === againstVersionId);
      if (!base) throw new NotFoundError('版本 version', againstVersionId);
    } else {
      base = versions
        .filter((v) => v.versionNo < target.versionNo && (v.state === 'published' || v.state === 'superseded'))
        .sort((a, b) => b.versionNo - a.versionNo)[0];
    }
    return { fromVersionNo: base?.versionNo ?? null, toVersionNo: target.versionNo, changes: diffContent(base?.content ?? null, target.content) };
  }

  async search(actor: Actor, query: CatalogSearchQuery & { scope?: 'published' | 'mine' | 'all' }): Promise<CatalogSearchResult> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let scope: Parameters<CatalogSearchIndex['search']>[0]['scope'];
    if (query.scope === 'mine') {
      if (!actor.organisationId) throw new NotAllowedError('catalog:entry:read-unpublished');
      authorize(actor, 'catalog:entry:read-unpublished', actor.organisationId);
      scope = { kind: 'organisation', organisationId: actor.organisationId };
    } else if (query.scope === 'all') {
      if (!hasPlatformScope(actor, 'catalog:entry:read-unpublished')) throw new NotAllowedError('catalog:entry:read-unpublished');
      scope = { kind: 'all' };
    } else scope = { kind: 'published' };

    const text = query.q?.trim() ?? '';
    const clauses = text ? queryClauses(text) : null;
    const emptyFacets = { department: [], resourceClass: [], shareType: [], openType: [], domain: [], formatCategory: [], updateCycle: [] };
    if (text && !clauses) return { items: [], total: 0, page, pageSize, facets: emptyFacets };

    const index = await this.searchIndex();
    const found = index.search({
      ...query,
      clauses,
      phrase: text ? normalise(text) : null,
      words: text ? queryWords(text) : [],
      scope,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const rows = await this.repo.entriesByIds(this.db, found.ids);
    const total = found.total;
    const wantFacets = query.facets !== false;

    const pendingIds = rows.map((r) => r.pending_version_id).filter((v): v is string => Boolean(v));
    const pendingStates = new Map<string, VersionState>();
    if (scope.kind !== 'published' && pendingIds.length > 0) {
      const states = await this.db.selectFrom('catalog_version').select(['id', 'state']).where('id', 'in', pendingIds).execute();
      for (const s of states) pendingStates.set(s.id, s.state);
    }
    const terms = query.q ? highlightTerms(query.q) : [];
    const items: CatalogEntrySummary[] = rows.map((row) => ({
      ...toSummary(row),
      pendingState: row.pending_version_id ? (pendingStates.get(row.pending_version_id) ?? null) : null,
      ...(terms.length > 0 && { matchedItems: row.item_names.filter((name) => terms.some((term) => name.toLowerCase().includes(term))) }),
    }));

    let facets: CatalogSearchResult['facets'] = emptyFacets;
    if (wantFacets) {
      const departmentNames = new Map((await this.org.repo.findDepartmentsByIds(this.db, [...found.facets.department.keys()])).map((d) => [d.id, d.name]));
      const bucket = (facet: keyof typeof found.facets, label: (value: string) => string): FacetBucket[] =>
        [...found.facets[facet].entries()]
          .map(([value, count]) => ({ value, label: label(value), count }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh'));
      facets = {
        department: bucket('department', (v) => departmentNames.get(v) ?? v),
        resourceClass: bucket('resourceClass', (v) => labelOf(RESOURCE_CLASSES, v as never)),
        shareType: bucket('shareType', (v) => labelOf(SHARE_TYPES, v as never)),
        openType: bucket('openType', (v) => labelOf(OPEN_TYPES, v as never)),
        domain: bucket('domain', (v) => labelOf(DOMAINS, v as never)),
        formatCategory: bucket('formatCategory', (v) => labelOf(FORMAT_CATEGORIES, v as never)),
        updateCycle: bucket('updateCycle', (v) => labelOf(UPDATE_CYCLES, v as never)),
      };
    }
    return { items, total, page, pageSize, facets };
  }

  async reviewQueue(actor: Actor) {
    authorize(actor, 'catalog:entry:review');
    const rows = await this.repo.reviewQueue(this.db);
    return rows.map((row) => ({
      versionId: row.version_id,
      entryId: row.entry_id,
      resourceCode: row.resource_code,
      name: parseContent(row.content).name,
      providerDepartmentName: row.provider_department_name,
      versionNo: row.version_no,
      kind: row.kind,
      entryStatus: row.entry_status,
      submittedAt: iso(row.submitted_at),
      submittedByName: row.submitted_by_name,
      changeSummary: row.change_summary,
      offlineReason: row.offline_reason,
    }));
  }

  async classifications(): Promise<ClassificationNode[]> {
    const rows = await this.repo.listClassifications(this.db);
    return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code }));
  }

  /** Entries whose 专用 list names the actor's organisation: usable without applying (004 Art. 15(4)). */
  async dedicatedToMe(actor: Actor): Promise<CatalogEntrySummary[]> {
    if (!actor.organisationId) return [];
    const rows = await this.repo.entriesDedicatedTo(this.db, actor.organisationId);
    return rows.map(toSummary);
  }

  async notices(actor: Actor) {
    if (!actor.organisationId) return [];
    const rows = await this.repo.listNotices(this.db, actor.organisationId);
    return rows.map((row) => ({
      id: row.id,
      entryId: row.entry_id,
      entryName: row.entry_name,
      resourceCode: row.resource_code,
      versionNo: row.version_no,
      kind: row.kind,
      message: row.message,
      noticedAt: row.noticed_at.toISOString(),
      effectiveAt: row.effective_at.toISOString(),
      replacementEntryId: row.replacement_entry_id,
    }));
  }

  /** Records that a published entry was reviewed in full and is still correct (003 Art. 9). */
  async confirmCurrent(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.loadEntry(trx, id);
      // As in loadOwnEntry: a draft the actor may not see is not found rather than refused.
      if (entry.status === 'draft' && !this.canSeeUnpublished(actor, entry.provider_department_id)) throw new NotFoundError('目录 catalog entry', id);
      authorize(actor, 'catalog:maintenance:manage', entry.provider_department_id);
      if (entry.status !== 'published') throw new InvalidTransitionError(entry.status, 'confirm-current');
      const now = this.deps.clock.now();
      await this.repo.updateEntry(trx, id, { last_maintained_at: now, updated_at: now });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:confirm-current', targetType: 'catalog_entry', targetId: id, details: { previous: iso(entry.last_maintained_at) } });
    });
    await this.syncIndex([id]);
    return this.detail(actor, id);
  }

  // ── objections (000 Art. 8 第二款) ────────────────────────────────────────────────────────
  private toObjection(row: NonNullable<Awaited<ReturnType<CatalogRepository['findObjection']>>>): Objection {
    return {
      id: row.id,
      entryId: row.entry_id,
      entryName: row.entry_name,
      providerDepartmentId: row.provider_department_id,
      kind: row.kind,
      itemCode: row.item_code,
      content: row.content,
      state: row.state,
      raisedByDepartmentId: row.raised_by_department_id,
      raisedByDepartmentName: row.raised_by_department_name,
      raisedByName: row.raised_by_name,
      raisedAt: row.raised_at.toISOString(),
      answer: row.answer,
      answeredByName: row.answered_by_name,
      answeredAt: iso(row.answered_at),
      closedAt: iso(row.closed_at),
      dueOn: row.due_on,
      dueProvisional: row.due_provisional,
      overdue: row.state === 'open' && row.due_on !== null && chinaDay(this.deps.clock.now()) > row.due_on,
    };
  }

  async raiseObjection(actor: Actor, entryId: string, input: { kind: 'objection' | 'error'; itemCode?: string; content: string }): Promise<Objection> {
    authorize(actor, 'catalog:objection:raise', actor.organisationId);
    const entry = await this.loadEntry(this.db, entryId);
    if (entry.status === 'draft') throw new NotFoundError('目录 catalog entry', entryId);
    if (entry.provider_department_id === actor.organisationId) {
      throw ValidationError.field('entryId', '不能对本部门的资源提出疑义,请直接修改 (edit your own entry instead)');
    }
    if (input.itemCode) {
      const published = (await this.repo.findVersion(this.db, entry.published_version_id!))!;
      const codes = parseContent(published.content).items.map((i) => i.code.toLowerCase());
      if (!codes.includes(input.itemCode.toLowerCase())) throw ValidationError.field('itemCode', `itemCode: 信息项 ${input.itemCode} 不存在 (no such item)`);
    }
    // Where the profile sets a reply period (004 Art. 16: 5 working days), the objection has a deadline.
    const replyDays = this.deps.policy.value<number | null>('sharing.objection_reply_workdays');
    const now = this.deps.clock.now();
    const due = replyDays === null ? null : await this.deps.calendar.deadline(now, replyDays, this.deps.policy.value<boolean>('sharing.receipt_day_counted'));
    const id = await this.db.transaction().execute(async (trx) => {
      const { id } = await this.repo.insertObjection(trx, {
        entry_id: entryId,
        kind: input.kind,
        item_code: input.itemCode ?? null,
        content: input.content,
        state: 'open',
        raised_by_department_id: actor.organisationId!,
        raised_by: actor.userId!,
        raised_at: now,
        due_on: due?.date ?? null,
        due_provisional: due?.provisional ?? false,
      });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:objection:raise', targetType: 'catalog_objection', targetId: id, details: { entryId, kind: input.kind, itemCode: input.itemCode ?? null, dueOn: due?.date ?? null } });
      return id;
    });
    return this.toObjection((await this.repo.findObjection(this.db, id))!);
  }

  private async loadObjection(actor: Actor, id: string) {
    const row = await this.repo.findObjection(this.db, id);
    const involved = row && (row.raised_by_department_id === actor.organisationId || row.provider_department_id === actor.organisationId || hasPlatformScope(actor, 'catalog:entry:read-unpublished'));
    if (!row || !involved) throw new NotFoundError('疑义 objection', id);
    return row;
  }

  async answerObjection(actor: Actor, id: string, answer: string): Promise<Objection> {
    const row = await this.loadObjection(actor, id);
    authorize(actor, 'catalog:objection:answer', row.provider_department_id);
    if (row.state === 'closed') throw new InvalidTransitionError(row.state, 'answer');
    await this.db.transaction().execute(async (trx) => {
      // A concurrent close may have landed since the check above: the loser writes nothing.
      if (!(await this.repo.updateOpenObjection(trx, id, { state: 'answered', answer, answered_by: actor.userId, answered_at: this.deps.clock.now() }))) throw new InvalidTransitionError('closed', 'answer');
      await trx.updateTable('supervision_record').set({ resolved_at: this.deps.clock.now() }).where('kind', '=', 'objection_overdue').where('subject_id', '=', id).where('resolved_at', 'is', null).execute();
      await this.deps.audit.record(trx, actor, { operation: 'catalog:objection:answer', targetType: 'catalog_objection', targetId: id, details: { entryId: row.entry_id } });
    });
    return this.toObjection((await this.repo.findObjection(this.db, id))!);
  }

  async closeObjection(actor: Actor, id: string): Promise<Objection> {
    const row = await this.loadObjection(actor, id);
    authorize(actor, 'catalog:objection:raise', row.raised_by_department_id);
    if (row.state === 'closed') throw new InvalidTransitionError(row.state, 'close');
    await this.db.transaction().execute(async (trx) => {
      // A concurrent close may have landed since the check above: the loser writes nothing.
      if (!(await this.repo.updateOpenObjection(trx, id, { state: 'closed', closed_at: this.deps.clock.now(), closed_by: actor.userId }))) throw new InvalidTransitionError('closed', 'close');
      await this.deps.audit.record(trx, actor, { operation: 'catalog:objection:close', targetType: 'catalog_objection', targetId: id, details: { entryId: row.entry_id } });
    });
    return this.toObjection((await this.repo.findObjection(this.db, id))!);
  }

  async listObjections(actor: Actor, filter: { entryId?: string; box?: 'raised' | 'received' }): Promise<Objection[]> {
    const platform = hasPlatformScope(actor, 'catalog:entry:read-unpublished');
    if (!platform && !actor.organisationId) return [];
    const org = actor.organisationId ?? undefined;
    const rows = await this.repo.listObjections(this.db, {
      entryId: filter.entryId,
      raisedBy: filter.box === 'raised' ? org : undefined,
      receivedBy: filter.box === 'received' ? org : undefined,
      involving: platform || filter.box ? undefined : org,
    });
    return rows.map((row) => this.toObjection(row));
  }

  // ── import ─────────────────────────────────────────────────────────────────────────────────
  /**
   * Registers many entries at once as drafts of the actor's organisation. All or nothing: every
   * row is checked first, and any problem in any row rejects the whole import with every
   * problem listed by row (and column, when the caller maps fields to columns).
   */
  async importEntries(
    actor: Actor,
    rows: Array<{ row: number; content: unknown; locate?: (field: string) => { sheet: string; row: number; column: string } | undefined }>,
  ): Promise<Array<{ id: string; resourceCode: string; name: string }>> {
    authorize(actor, 'catalog:entry:import', actor.organisationId);
    const providerOrgId = actor.organisationId!;
    if (rows.length === 0) throw new ValidationError('导入文件中没有目录 (the import has no entries)', [{ message: 'no entries' }], 'EMPTY_IMPORT');
    const problems: ErrorDetail[] = [];
    const names = new Map<string, number>();
    const contents: CatalogContent[] = [];
    // A large import is thousands of queries; the pacer lets other requests through between them.
    const pacer = new Pacer();
    for (const row of rows) {
      await pacer.turn();
      const { errors, content } = await this.validateContent(this.db, row.content, providerOrgId, null);
      contents.push(content);
      for (const error of errors) {
        const place = error.field && row.locate ? row.locate(error.field) : undefined;
        const where = place ? `「${place.sheet}」第 ${place.row} 行「${place.column}」` : `第 ${row.row} 条`;
        problems.push({ ...error, row: place?.row ?? row.row, ...(place && { sheet: place.sheet, column: place.column }), message: `${where}: ${error.message}` });
      }
      const name = (row.content as { name?: string })?.name;
      if (name) {
        if (names.has(name)) problems.push({ row: row.row, field: 'content.name', message: `第 ${row.row} 条: 资源名称与第 ${names.get(name)} 条重复 (duplicate name in the file)` });
        else names.set(name, row.row);
      }
    }
    if (problems.length > 0) throw new ValidationError(`导入失败,共 ${problems.length} 处错误,未导入任何数据 (nothing imported)`, problems, 'IMPORT_REJECTED');
    return this.db.transaction().execute(async (trx) => {
      const created: Array<{ id: string; resourceCode: string; name: string }> = [];
      for (const content of contents) {
        await pacer.turn();
        const id = await this.insertEntry(trx, actor, providerOrgId, content, '批量导入 (imported)');
        const entry = (await this.repo.findEntry(trx, id))!;
        created.push({ id, resourceCode: entry.resource_code, name: content.name });
      }
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:import', targetType: 'catalog_entry', details: { count: created.length } });
      return created;
    }).then(async (created) => {
      await this.syncIndex(created.map((c) => c.id));
      return created;
    });
  }

  /** Published content of entries, for export (published scope) or the organisation's own. */
  async exportEntries(actor: Actor, scope: 'published' | 'mine'): Promise<Array<{ resourceCode: string; providerDepartmentName: string; status: string; content: CatalogContent }>> {
    if (scope === 'mine') authorize(actor, 'catalog:entry:read-unpublished', actor.organisationId);
    let q = this.db
      .selectFrom('catalog_entry as e')
      .innerJoin('department as d', 'd.id', 'e.provider_department_id')
      .innerJoin('catalog_version as v', (join) => join.on((eb) => eb('v.id', '=', eb.fn.coalesce('e.published_version_id', 'e.pending_version_id'))))
      .select(['e.resource_code', 'd.name as provider_department_name', 'e.status', 'v.content']);
    q = scope === 'mine' ? q.where('e.provider_department_id', '=', actor.organisationId!) : q.where('e.status', '=', 'published');
    const rows = await q.orderBy('e.resource_code').execute();
    return rows.map((r) => ({ resourceCode: r.resource_code, providerDepartmentName: r.provider_department_name, status: r.status, content: parseContent(r.content) }));
  }
}

function dedupe(errors: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
