import type { CatalogContent, CatalogEntrySummary, CatalogVersion } from '@huitong/contracts';
import type { CatalogRepository } from './catalog.repository.ts';

/** Rows of the catalog's tables and their API forms, shared by the use-case services. */
export type EntryRow = NonNullable<Awaited<ReturnType<CatalogRepository['findEntry']>>>;
export type VersionRow = NonNullable<Awaited<ReturnType<CatalogRepository['findVersion']>>>;

export function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

export function parseContent(value: unknown): CatalogContent {
  return (typeof value === 'string' ? JSON.parse(value) : value) as CatalogContent;
}

/** The list form of an entry (search results, 专用 lists). */
export function toSummary(row: EntryRow): CatalogEntrySummary {
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
export function normaliseContent(content: CatalogContent): CatalogContent {
  return {
    ...content,
    internalUnitId: content.internalUnitId ?? null,
    keywords: content.keywords ?? [],
    items: content.items.map((item) => ({ ...item, required: item.required ?? false, identifierKind: item.identifierKind ?? 'none' })),
    dedicated: content.dedicated ?? false,
  };
}

/** The entry columns that mirror its content, for lists and the search index. */
export function searchColumns(content: CatalogContent) {
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
