import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Delegation, DelegationCandidate } from '@huitong/contracts';
import { api } from './client.ts';

export const delegationKeys = {
  all: ['delegations'] as const,
  list: () => [...delegationKeys.all, 'list'] as const,
  candidates: (q: string) => [...delegationKeys.all, 'candidates', q] as const,
};

/** The provider's delegated reviewers (授权代理方), and the delegations naming the user. */
export function useDelegations(enabled = true) {
  return useQuery({ queryKey: delegationKeys.list(), queryFn: () => api.get<Delegation[]>('/api/sharing/delegations'), enabled });
}

export function useCreateDelegation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { entryId: string; delegateUserId: string }) => api.post<Delegation[]>('/api/sharing/delegations', input),
    onSuccess: (list) => client.setQueryData(delegationKeys.list(), list),
  });
}

export function useRevokeDelegation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<Delegation[]>(`/api/sharing/delegations/${id}`),
    onSuccess: (list) => client.setQueryData(delegationKeys.list(), list),
  });
}

/** Active users matching a name or username, for naming a delegate (leaders cannot list users). */
export function useDelegationCandidates(q: string) {
  return useQuery({
    queryKey: delegationKeys.candidates(q),
    queryFn: () => api.get<DelegationCandidate[]>(`/api/sharing/delegation-candidates?q=${encodeURIComponent(q)}`),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
}
