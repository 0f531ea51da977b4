import type { CatalogEntryDetail } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { taskActor } from '../../platform/auth/actor.ts';
import type { CatalogVersionRow } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { InvalidTransitionError, NotAllowedError, ValidationError } from '../../platform/errors.ts';
import type { CatalogEntries } from './catalog-access.ts';
import { iso, parseContent, searchColumns, type EntryRow, type VersionRow } from './catalog-rows.ts';
import { effectiveAtForChange } from './catalog-schedule.ts';
import type { CatalogQueryService } from './catalog-query.service.ts';
import type { CatalogSearchService } from './catalog-search.service.ts';
import type { CatalogRepository, Db } from './catalog.repository.ts';
import type { CatalogEvents, EntryConsumersPort } from './catalog.ports.ts';
import { nextVersionState } from './catalog.workflow.ts';

/**
 * Review by the operator and publication: an approved change takes effect now, or after the
 * profile's notice or transition period, when the scheduler publishes it.
 */
export class CatalogReviewService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repo: CatalogRepository,
    private readonly entries: CatalogEntries,
    private readonly index: CatalogSearchService,
    private readonly query: CatalogQueryService,
    private readonly events: DomainEvents<CatalogEvents>,
  ) {}

  async review(actor: Actor, id: string, decision: 'approve' | 'reject', comment?: string): Promise<CatalogEntryDetail> {
    authorize(actor, 'catalog:entry:review');
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.lockEntry(trx, id);
      const entry = await this.entries.load(trx, id);
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
    await this.index.sync([id]);
    return this.query.detail(actor, id);
  }

  async reviewQueue(actor: Actor) {
    authorize(actor, 'catalog:entry:review');
    const rows = await this.repo.reviewQueue(this.deps.db);
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

  // ── consumers of an entry ──────────────────────────────────────────────────────────────────
  #entryConsumers: EntryConsumersPort | null = null;

  /** The module that knows who else uses an entry (the sharing portal); bound once, when the modules are wired. */
  useEntryConsumers(port: EntryConsumersPort): void {
    if (this.#entryConsumers) throw new Error('the catalog already has its entry consumers port');
    this.#entryConsumers = port;
  }

  /** Departments that use an entry and so must be told before it changes: its 专用 list and the port's consumers. */
  async consumersOf(db: Db, entry: EntryRow): Promise<string[]> {
    const consumers = new Set(entry.dedicated_department_ids);
    for (const id of (await this.#entryConsumers?.consumersOf(db, entry.id)) ?? []) consumers.add(id);
    consumers.delete(entry.provider_department_id);
    return [...consumers];
  }

  /**
   * An approved change takes effect now, or after the profile's notice or transition period; in
   * that case consumers get a notice now and the scheduler publishes the change when it is due.
   * Runs in the caller's transaction (a review, or a submission when the profile needs none).
   */
  async approve(trx: Db, actor: Actor, entry: EntryRow, version: VersionRow | CatalogVersionRow, comment: string | null): Promise<void> {
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
      // Raised in this transaction: delivery (inbox, webhooks) commits or rolls back with the approval.
      await this.events.publish(trx, 'catalog.change_notices_issued', {
        entryId: entry.id,
        versionId: version.id,
        notices: notices.map((n) => ({ entryId: entry.id, entryName: content.name, recipientDepartmentId: n.recipient_department_id, kind: n.kind, message: n.message, effectiveAt: timing.effectiveAt })),
      });
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
        ...searchColumns(content),
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
    const due = await this.repo.dueVersions(this.deps.db, this.deps.clock.now());
    let applied = 0;
    for (const { id: versionId, entry_id: entryId } of due) {
      await this.deps.db.transaction().execute(async (trx) => {
        await this.repo.lockEntry(trx, entryId);
        const version = await this.repo.findVersion(trx, versionId);
        if (!version || version.state !== 'approved' || !version.effective_at || version.effective_at > this.deps.clock.now()) return;
        const entry = await this.entries.load(trx, entryId);
        await this.publish(trx, taskActor('catalog-apply-due-changes'), entry, versionId);
        applied++;
      });
      await this.index.sync([entryId]);
    }
    return applied;
  }
}
