import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Application, ApplicationInput, ApplicationSummary, EntryDemand, Page, StepDecision } from '@huitong/contracts';
import { api } from './client.ts';
import { grantKeys } from './grants.ts';

export type { EntryDemand };

/** Which applications a list shows (GET /api/sharing/applications?box=…). */
export type ApplicationBox = 'mine' | 'received' | 'leader' | 'operator' | 'provider' | 'all';
/** The review queues among the boxes: pending leader approvals, operator steps, provider reviews. */
export type ReviewBox = Extract<ApplicationBox, 'leader' | 'operator' | 'provider'>;
export type StepKind = 'leader_approval' | 'compliance_check' | 'preliminary_review' | 'provider_review' | 'coordination';

export interface ApplicationFilter {
  box: ApplicationBox;
  state?: string;
  page?: number;
  pageSize?: number;
}

export const applicationKeys = {
  all: ['applications'] as const,
  lists: () => [...applicationKeys.all, 'list'] as const,
  list: (filter: ApplicationFilter) => [...applicationKeys.lists(), { box: filter.box, state: filter.state || null, page: filter.page ?? 1, pageSize: filter.pageSize ?? 20 }] as const,
  detail: (id: string) => [...applicationKeys.all, 'detail', id] as const,
  entryDemand: () => [...applicationKeys.all, 'entry-demand'] as const,
};

export function useApplications(filter: ApplicationFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: applicationKeys.list(filter),
    queryFn: ({ signal }) => api.get<Page<ApplicationSummary>>('/api/sharing/applications', { box: filter.box, state: filter.state, page: filter.page, pageSize: filter.pageSize }, signal),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useApplication(id: string | undefined) {
  return useQuery({ queryKey: applicationKeys.detail(id ?? ''), queryFn: () => api.get<Application>(`/api/sharing/applications/${id}`), enabled: Boolean(id) });
}

/** Entries most departments applied for (the operator's high-frequency share library candidates). */
export function useEntryDemand(enabled = true) {
  return useQuery({ queryKey: applicationKeys.entryDemand(), queryFn: () => api.get<EntryDemand[]>('/api/sharing/entry-demand'), enabled });
}

/** After any change to an application: its detail, every list and queue; a final approval also adds a grant. */
function useApplicationChanged() {
  const client = useQueryClient();
  return (application: Application) => {
    client.setQueryData(applicationKeys.detail(application.id), application);
    void client.invalidateQueries({ queryKey: applicationKeys.lists() });
    if (application.grantId) void client.invalidateQueries({ queryKey: grantKeys.all });
  };
}

export function useCreateApplication() {
  const changed = useApplicationChanged();
  return useMutation({ mutationFn: (input: ApplicationInput) => api.post<Application>('/api/sharing/applications', input), onSuccess: changed });
}

export function useUpdateApplication(id: string) {
  const changed = useApplicationChanged();
  return useMutation({ mutationFn: (input: ApplicationInput) => api.put<Application>(`/api/sharing/applications/${id}`, input), onSuccess: changed });
}

/** The stamped application letter (PDF); replaces an earlier upload. */
export function useUploadLetter(id: string) {
  const changed = useApplicationChanged();
  return useMutation({ mutationFn: (file: File) => api.upload<Application>(`/api/sharing/applications/${id}/letter`, file, { method: 'PUT' }), onSuccess: changed });
}

export function useSubmitApplication(id: string) {
  const changed = useApplicationChanged();
  return useMutation({ mutationFn: () => api.post<Application>(`/api/sharing/applications/${id}/submit`), onSuccess: changed });
}

export function useWithdrawApplication(id: string) {
  const changed = useApplicationChanged();
  return useMutation({ mutationFn: (reason?: string) => api.post<Application>(`/api/sharing/applications/${id}/withdraw`, reason ? { reason } : {}), onSuccess: changed });
}

export function useDisputeApplication(id: string) {
  const changed = useApplicationChanged();
  return useMutation({ mutationFn: (reason: string) => api.post<Application>(`/api/sharing/applications/${id}/dispute`, { reason }), onSuccess: changed });
}

/** A decision on the pending step of an application (any application: the queues decide from their rows). */
export function useDecideStep() {
  const changed = useApplicationChanged();
  return useMutation({
    mutationFn: ({ id, kind, ...decision }: StepDecision & { id: string; kind: StepKind }) => api.post<Application>(`/api/sharing/applications/${id}/steps/${kind}/decision`, decision),
    onSuccess: changed,
  });
}

export const applicationDownloads = {
  letter: (id: string) => api.href(`/api/sharing/applications/${id}/letter`),
};

/** Asks again for every application list and queue (the refresh button of the queues). */
export function useRefreshApplications() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: applicationKeys.lists() });
}
