import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Grant } from '@huitong/contracts';
import { api } from './client.ts';

/** Whose grants: the own department's as consumer or as provider, or every grant (the operator). */
export type GrantRole = 'consumer' | 'provider' | 'all';

export interface GrantFilter {
  role: GrantRole;
  entryId?: string;
}

export const grantKeys = {
  all: ['grants'] as const,
  lists: () => [...grantKeys.all, 'list'] as const,
  list: (filter: GrantFilter) => [...grantKeys.lists(), { role: filter.role, entryId: filter.entryId ?? null }] as const,
  detail: (id: string) => [...grantKeys.all, 'detail', id] as const,
};

export function useGrants(filter: GrantFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: grantKeys.list(filter),
    queryFn: ({ signal }) => api.get<Grant[]>('/api/sharing/grants', { role: filter.role, entryId: filter.entryId }, signal),
    enabled: options.enabled ?? true,
  });
}

export function useGrant(id: string | undefined) {
  return useQuery({ queryKey: grantKeys.detail(id ?? ''), queryFn: () => api.get<Grant>(`/api/sharing/grants/${id}`), enabled: Boolean(id) });
}

function useGrantChanged() {
  const client = useQueryClient();
  return (grant: Grant) => {
    client.setQueryData(grantKeys.detail(grant.id), grant);
    void client.invalidateQueries({ queryKey: grantKeys.lists() });
  };
}

/** Revokes at once (provider or operator); the data channel is cut on the next call. */
export function useRevokeGrant() {
  const onSuccess = useGrantChanged();
  return useMutation({ mutationFn: ({ id, reason }: { id: string; reason: string }) => api.post<Grant>(`/api/sharing/grants/${id}/revoke`, { reason }), onSuccess });
}

/** The consumer confirms it destroyed the data of a grant no longer in force. */
export function useConfirmDestruction() {
  const onSuccess = useGrantChanged();
  return useMutation({ mutationFn: ({ id, note }: { id: string; note: string }) => api.post<Grant>(`/api/sharing/grants/${id}/confirm-destruction`, { note }), onSuccess });
}
