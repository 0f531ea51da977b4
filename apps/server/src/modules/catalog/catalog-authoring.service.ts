import type { CatalogContent, CatalogEntryDetail } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, ValidationError } from '../../platform/errors.ts';
import type { OrgService } from '../org/index.ts';
import type { CatalogEntries } from './catalog-access.ts';
import type { CatalogQueryService } from './catalog-query.service.ts';
import type { CatalogReviewService } from './catalog-review.service.ts';
import { iso, parseContent, searchColumns } from './catalog-rows.ts';
import type { CatalogSearchService } from './catalog-search.service.ts';
import type { CatalogContentValidator } from './catalog-validation.ts';
import type { CatalogRepository, Db } from './catalog.repository.ts';
import { nextVersionState, stateAfterSubmit } from './catalog.workflow.ts';

export interface DraftInput {
  content: unknown;
  changeSummary?: string;
}

const FIXED_CLASS = 'content.classCode: 已发布资源的分类不能变更,资源代码依赖分类 (the class of a published entry is fixed)';

/**
 * The provider's side of an entry: registration, drafts, submission and withdrawal, discarding,
 * the offline request, and confirming a full review. Every change locks the entry row first, so
 * transitions on one entry run one at a time.
 */
export class CatalogAuthoringService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly repo: CatalogRepository,
    private readonly entries: CatalogEntries,
    private readonly validator: CatalogContentValidator,
    private readonly reviews: CatalogReviewService,
    private readonly index: CatalogSearchService,
    private readonly query: CatalogQueryService,
  ) {}

  async create(actor: Actor, input: DraftInput): Promise<CatalogEntryDetail> {
    authorize(actor, 'catalog:entry:create', actor.organisationId);
    const providerOrgId = actor.organisationId!;
    const content = await this.validator.assertValid(this.deps.db, input.content, providerOrgId, null);
    const id = await this.deps.db.transaction().execute((trx) => this.insertEntry(trx, actor, providerOrgId, content, input.changeSummary ?? null));
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }

  /**
   * Registers a draft inside the caller's transaction (a demand agreed to becomes a draft in the
   * same transaction as the answer). The caller brings the id into the index once it commits.
   */
  async createWithin(trx: Db, actor: Actor, input: DraftInput): Promise<string> {
    authorize(actor, 'catalog:entry:create', actor.organisationId);
    const content = await this.validator.assertValid(trx, input.content, actor.organisationId!, null);
    return this.insertEntry(trx, actor, actor.organisationId!, content, input.changeSummary ?? null);
  }

  /** Inserts an entry with its first draft version (content already validated). */
  async insertEntry(trx: Db, actor: Actor, providerOrgId: string, content: CatalogContent, changeSummary: string | null): Promise<string> {
    const now = this.deps.clock.now();
    const classRoot = content.classCode.slice(0, 3);
    if (classRoot.startsWith('3')) {
      const provider = await this.org.directory.findDepartment(trx, providerOrgId);
      await this.repo.ensureClassification(trx, classRoot, provider?.name ?? classRoot, '3');
    }
    const resourceCode = await this.repo.allocateResourceCode(trx, content.classCode);
    const { id } = await this.repo.insertEntry(trx, {
      resource_code: resourceCode,
      provider_department_id: providerOrgId,
      status: 'draft',
      created_by: actor.userId,
      ...searchColumns(content),
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

  async saveDraft(actor: Actor, id: string, input: DraftInput): Promise<CatalogEntryDetail> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.entries.loadOwn(trx, actor, id, 'catalog:entry:edit');
      const content = await this.validator.assertValid(trx, input.content, entry.provider_department_id, entry.resource_code);
      const now = this.deps.clock.now();
      let versionNo: number;
      if (entry.pending_version_id) {
        const pending = (await this.repo.findVersion(trx, entry.pending_version_id))!;
        if (pending.kind !== 'content') throw new InvalidTransitionError(pending.state, 'edit', '下线申请待审核,不能同时修改内容 (an offline request is pending)');
        nextVersionState(pending.state, 'edit');
        if (content.classCode !== parseContent(pending.content).classCode && entry.status !== 'draft') throw ValidationError.field('content.classCode', FIXED_CLASS);
        await this.repo.updateVersion(trx, pending.id, { content: JSON.stringify(content), change_summary: input.changeSummary ?? pending.change_summary, state: 'draft', updated_at: now, review_comment: pending.state === 'rejected' ? pending.review_comment : null });
        versionNo = pending.version_no;
      } else {
        const published = entry.published_version_id ? await this.repo.findVersion(trx, entry.published_version_id) : undefined;
        if (published && parseContent(published.content).classCode !== content.classCode) throw ValidationError.field('content.classCode', FIXED_CLASS);
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
      if (entry.status === 'draft') await this.repo.updateEntry(trx, id, { ...searchColumns(content), updated_at: now });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:edit', targetType: 'catalog_entry', targetId: id, details: { versionNo, name: content.name } });
    });
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }

  async submit(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.entries.loadOwn(trx, actor, id, 'catalog:entry:submit');
      const pending = entry.pending_version_id ? await this.repo.findVersion(trx, entry.pending_version_id) : undefined;
      if (!pending) throw new InvalidTransitionError(entry.status, 'submit', '没有待提交的草稿 (nothing to submit)');
      nextVersionState(pending.state, 'submit');
      // Rules may have changed since the draft was saved (a department closed, a code withdrawn).
      await this.validator.assertValid(trx, parseContent(pending.content), entry.provider_department_id, entry.resource_code);
      const now = this.deps.clock.now();
      const state = stateAfterSubmit(this.deps.policy);
      await this.repo.updateVersion(trx, pending.id, { state, submitted_at: now, submitted_by: actor.userId, updated_at: now, review_comment: null, reviewed_at: null, reviewed_by: null });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:submit', targetType: 'catalog_entry', targetId: id, details: { versionNo: pending.version_no, kind: pending.kind } });
      if (state === 'approved') await this.reviews.approve(trx, actor, entry, { ...pending, state: 'approved' }, null);
    });
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }

  async withdraw(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.entries.loadOwn(trx, actor, id, 'catalog:entry:withdraw');
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
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }

  /** Throws away an unsubmitted draft; an entry that was never published goes with it. */
  async discardPending(actor: Actor, id: string): Promise<{ entryDeleted: boolean }> {
    const result = await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.entries.loadOwn(trx, actor, id, 'catalog:entry:edit');
      const pending = entry.pending_version_id ? await this.repo.findVersion(trx, entry.pending_version_id) : undefined;
      if (!pending) throw new InvalidTransitionError(entry.status, 'discard', '没有可丢弃的草稿 (no draft)');
      nextVersionState(pending.state, 'discard');
      await this.repo.updateEntry(trx, id, { pending_version_id: null, updated_at: this.deps.clock.now() });
      await this.repo.deleteVersion(trx, pending.id);
      const entryDeleted = entry.status === 'draft';
      if (entryDeleted) {
        await this.repo.deleteVersionsOf(trx, id);
        await this.repo.deleteEntry(trx, id);
      }
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:discard', targetType: 'catalog_entry', targetId: id, details: { versionNo: pending.version_no, entryDeleted, resourceCode: entry.resource_code } });
      return { entryDeleted };
    });
    await this.index.sync([id]);
    return result;
  }

  async requestOffline(actor: Actor, id: string, input: { reason: string; replacementEntryId?: string }): Promise<CatalogEntryDetail> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.entries.loadOwn(trx, actor, id, 'catalog:entry:request-offline');
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
        await this.reviews.approve(trx, actor, entry, row, null);
      }
    });
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }

  /** Records that a published entry was reviewed in full and is still correct (003 Art. 9). */
  async confirmCurrent(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      // Another department's draft is not found, as for every other edit (loadOwn).
      const entry = await this.entries.loadOwn(trx, actor, id, 'catalog:maintenance:manage');
      if (entry.status !== 'published') throw new InvalidTransitionError(entry.status, 'confirm-current');
      const now = this.deps.clock.now();
      await this.repo.updateEntry(trx, id, { last_maintained_at: now, updated_at: now });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:confirm-current', targetType: 'catalog_entry', targetId: id, details: { previous: iso(entry.last_maintained_at) } });
    });
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }
}
