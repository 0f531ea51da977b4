import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CatalogContent,
  CatalogEntryDetail,
  CatalogEntrySummary,
  CatalogSearchResult,
  CatalogVersion,
  ChangeNotice,
  ClassificationNode,
  ReviewQueueItem,
  VersionDiff,
} from '@huitong/contracts';
import { api } from './client.ts';

export type CatalogScope = 'published' | 'mine' | 'all';

export interface CatalogSearchParams {
  q?: string;
  scope?: CatalogScope;
  departmentId?: string;
  resourceClass?: string;
  shareType?: string;
  openType?: string;
  domain?: string;
  formatCategory?: string;
  updateCycle?: string;
  page?: number;
  pageSize?: number;
}

/** The facet filters the search page offers, in display order. */
export const FACET_KEYS = ['department', 'resourceClass', 'shareType', 'openType', 'domain', 'formatCategory', 'updateCycle'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];
/** Facet name in the response → query parameter that filters on it. */
export const FACET_PARAMS: Record<FacetKey, keyof CatalogSearchParams> = {
  department: 'departmentId',
  resourceClass: 'resourceClass',
  shareType: 'shareType',
  openType: 'openType',
  domain: 'domain',
  formatCategory: 'formatCategory',
  updateCycle: 'updateCycle',
};

/** Drops empty values so equal searches share one cache entry whatever the URL looked like. */
export function normaliseSearch(params: CatalogSearchParams): CatalogSearchParams {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'scope' && value === 'published') continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
    if (out[key] === '') delete out[key];
  }
  return out as CatalogSearchParams;
}

export const catalogKeys = {
  all: ['catalog'] as const,
  searches: () => [...catalogKeys.all, 'search'] as const,
  search: (params: CatalogSearchParams) => [...catalogKeys.searches(), normaliseSearch(params)] as const,
  entries: () => [...catalogKeys.all, 'entry'] as const,
  entry: (id: string) => [...catalogKeys.entries(), id] as const,
  versions: (id: string) => [...catalogKeys.entry(id), 'versions'] as const,
  diff: (id: string, versionId: string) => [...catalogKeys.entry(id), 'diff', versionId] as const,
  reviewQueue: () => [...catalogKeys.all, 'review-queue'] as const,
  classifications: () => [...catalogKeys.all, 'classifications'] as const,
  notices: () => [...catalogKeys.all, 'notices'] as const,
  dedicated: () => [...catalogKeys.all, 'dedicated'] as const,
};

/**
 * The version being worked on: the pending change of a published entry, or the not yet
 * published first version (the detail puts that in `current` and leaves `pending` null).
 */
export function workingVersionOf(entry: Pick<CatalogEntryDetail, 'pending' | 'current'>): CatalogVersion | null {
  if (entry.pending) return entry.pending;
  const current = entry.current;
  if (current && current.state !== 'published' && current.state !== 'superseded') return current;
  return null;
}

export function useCatalogSearch(params: CatalogSearchParams, options: { enabled?: boolean } = {}) {
  const normalised = normaliseSearch(params);
  return useQuery({
    queryKey: catalogKeys.search(normalised),
    queryFn: ({ signal }) => api.get<CatalogSearchResult>('/api/catalog/entries', { ...normalised }, signal),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useCatalogEntry(id: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.entry(id ?? ''),
    queryFn: () => api.get<CatalogEntryDetail>(`/api/catalog/entries/${id}`),
    enabled: Boolean(id),
  });
}

export function useCatalogVersions(id: string, enabled = true) {
  return useQuery({ queryKey: catalogKeys.versions(id), queryFn: () => api.get<CatalogVersion[]>(`/api/catalog/entries/${id}/versions`), enabled });
}

export function useVersionDiff(id: string, versionId: string | null) {
  return useQuery({
    queryKey: catalogKeys.diff(id, versionId ?? ''),
    queryFn: () => api.get<VersionDiff>(`/api/catalog/entries/${id}/versions/${versionId}/diff`),
    enabled: Boolean(versionId),
  });
}

export function useReviewQueue() {
  return useQuery({ queryKey: catalogKeys.reviewQueue(), queryFn: () => api.get<ReviewQueueItem[]>('/api/catalog/review-queue') });
}

export function useClassifications() {
  return useQuery({ queryKey: catalogKeys.classifications(), queryFn: () => api.get<ClassificationNode[]>('/api/catalog/classifications'), staleTime: 10 * 60_000 });
}

export function useNotices() {
  return useQuery({ queryKey: catalogKeys.notices(), queryFn: () => api.get<ChangeNotice[]>('/api/catalog/notices') });
}

/** 专用 entries the own department may use directly, without applying. */
export function useDedicatedToMe() {
  return useQuery({ queryKey: catalogKeys.dedicated(), queryFn: () => api.get<CatalogEntrySummary[]>('/api/catalog/dedicated') });
}

/** After any change to an entry: its detail, its versions, every search and the review queue are stale. */
function useEntryChanged() {
  const client = useQueryClient();
  return (detail: CatalogEntryDetail | { id: string }) => {
    if ('resourceCode' in detail) client.setQueryData(catalogKeys.entry(detail.id), detail);
    void client.invalidateQueries({ queryKey: catalogKeys.entry(detail.id) });
    void client.invalidateQueries({ queryKey: catalogKeys.searches() });
    void client.invalidateQueries({ queryKey: catalogKeys.reviewQueue() });
  };
}

export interface ContentInput {
  content: CatalogContent;
  changeSummary?: string;
}

export function useCreateEntry() {
  const changed = useEntryChanged();
  return useMutation({ mutationFn: (input: ContentInput) => api.post<CatalogEntryDetail>('/api/catalog/entries', input), onSuccess: changed });
}

export function useSaveDraft(id: string) {
  const changed = useEntryChanged();
  return useMutation({ mutationFn: (input: ContentInput) => api.put<CatalogEntryDetail>(`/api/catalog/entries/${id}/draft`, input), onSuccess: changed });
}

export function useDiscardDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<{ entryDeleted: boolean }>(`/api/catalog/entries/${id}/draft`),
    onSuccess: (result) => {
      if (result.entryDeleted) client.removeQueries({ queryKey: catalogKeys.entry(id) });
      else void client.invalidateQueries({ queryKey: catalogKeys.entry(id) });
      void client.invalidateQueries({ queryKey: catalogKeys.searches() });
    },
  });
}

export type EntryAction = 'submit' | 'withdraw' | 'confirm-current';

export function useEntryAction(id: string) {
  const changed = useEntryChanged();
  return useMutation({ mutationFn: (action: EntryAction) => api.post<CatalogEntryDetail>(`/api/catalog/entries/${id}/${action}`), onSuccess: changed });
}

export function useReview(id: string) {
  const changed = useEntryChanged();
  return useMutation({
    mutationFn: (input: { decision: 'approve' | 'reject'; comment?: string }) => api.post<CatalogEntryDetail>(`/api/catalog/entries/${id}/review`, input),
    onSuccess: changed,
  });
}

export function useRequestOffline(id: string) {
  const changed = useEntryChanged();
  return useMutation({
    mutationFn: (input: { reason: string; replacementEntryId?: string }) => api.post<CatalogEntryDetail>(`/api/catalog/entries/${id}/offline`, input),
    onSuccess: changed,
  });
}

export interface ImportReport {
  imported: number;
  entries: Array<{ id: string; resourceCode: string; name: string }>;
}

export function useImportCatalog() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<ImportReport>('/api/catalog/import', file),
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogKeys.searches() }),
  });
}

export const catalogDownloads = {
  template: () => api.href('/api/catalog/template.xlsx'),
  export: (format: 'xlsx' | 'json', scope: 'published' | 'mine') => api.href('/api/catalog/export', { format, scope }),
};
