import type { CatalogEntryDetail, CatalogEntrySummary, CatalogVersion, ClassificationNode, VersionDiff, VersionState } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { addPeriod } from '../../platform/policy/profiles.ts';
import type { OrgService } from '../org/index.ts';
import { canSeeUnpublished, type CatalogEntries } from './catalog-access.ts';
import { diffContent } from './catalog-diff.ts';
import { iso, parseContent, toSummary, toVersion } from './catalog-rows.ts';
import type { CatalogRepository } from './catalog.repository.ts';

/** Reading the catalog: an entry's detail, its versions and their differences, and the lists around it. */
export class CatalogQueryService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly repo: CatalogRepository,
    private readonly entries: CatalogEntries,
  ) {}

  async detail(actor: Actor, id: string): Promise<CatalogEntryDetail> {
    const db = this.deps.db;
    const entry = await this.entries.load(db, id);
    const unpublishedVisible = canSeeUnpublished(actor, entry.provider_department_id);
    if (entry.status === 'draft' && !unpublishedVisible) throw new NotFoundError('目录 catalog entry', id);
    const published = entry.published_version_id ? await this.repo.findVersion(db, entry.published_version_id) : undefined;
    const pending = entry.pending_version_id && unpublishedVisible ? await this.repo.findVersion(db, entry.pending_version_id) : undefined;
    const current = published ?? pending;
    const content = current ? parseContent(current.content) : null;
    const reviews = await this.repo.reviewsOf(db, [current?.id, pending?.id].filter((v): v is string => Boolean(v)));
    const unitName = content?.internalUnitId ? (await this.org.directory.findDepartment(db, content.internalUnitId))?.name ?? null : null;
    const dedicated = await this.org.directory.findDepartmentsByIds(db, content?.dedicatedDepartmentIds ?? []);
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
    const entry = await this.entries.load(this.deps.db, id);
    const unpublishedVisible = canSeeUnpublished(actor, entry.provider_department_id);
    if (entry.status === 'draft' && !unpublishedVisible) throw new NotFoundError('目录 catalog entry', id);
    const rows = await this.repo.listVersions(this.deps.db, id);
    const visible: VersionState[] = ['published', 'superseded'];
    const shown = rows.filter((row) => unpublishedVisible || visible.includes(row.state));
    const reviews = await this.repo.reviewsOf(this.deps.db, shown.map((row) => row.id));
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

  async classifications(): Promise<ClassificationNode[]> {
    const rows = await this.repo.listClassifications(this.deps.db);
    return rows.map((r) => ({ code: r.code, name: r.name, parentCode: r.parent_code }));
  }

  /** Entries whose 专用 list names the actor's organisation: usable without applying (004 Art. 15(4)). */
  async dedicatedToMe(actor: Actor): Promise<CatalogEntrySummary[]> {
    if (!actor.organisationId) return [];
    const rows = await this.repo.entriesDedicatedTo(this.deps.db, actor.organisationId);
    return rows.map(toSummary);
  }

  /** Change notices addressed to the actor's organisation. */
  async notices(actor: Actor) {
    if (!actor.organisationId) return [];
    const rows = await this.repo.listNotices(this.deps.db, actor.organisationId);
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
}
