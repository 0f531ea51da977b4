import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CatalogContent, Demand, DemandHotspot } from '@huitong/contracts';
import { api } from './client.ts';
import { catalogKeys } from './catalog.ts';

export type { DemandHotspot };

/** Demands the own department raised, received (to answer), or every demand (the operator). */
export type DemandBox = 'mine' | 'received' | 'all';

export interface DemandCreateInput {
  providerDepartmentId: string;
  title: string;
  description: string;
  itemsWanted?: string;
  purpose: string;
  basis?: string;
}

export interface DemandAnswerInput {
  decision: 'agree' | 'decline';
  answer: string;
  /** Agreeing registers the demanded data as a catalog draft. */
  draft?: CatalogContent;
}

export const demandKeys = {
  all: ['demands'] as const,
  lists: () => [...demandKeys.all, 'list'] as const,
  list: (box: DemandBox) => [...demandKeys.lists(), { box }] as const,
  detail: (id: string) => [...demandKeys.all, 'detail', id] as const,
  hotspots: () => [...demandKeys.all, 'hotspots'] as const,
};

export function useDemands(box: DemandBox, enabled = true) {
  return useQuery({ queryKey: demandKeys.list(box), queryFn: () => api.get<Demand[]>('/api/sharing/demands', { box }), enabled });
}

export function useDemand(id: string | undefined) {
  return useQuery({ queryKey: demandKeys.detail(id ?? ''), queryFn: () => api.get<Demand>(`/api/sharing/demands/${id}`), enabled: Boolean(id) });
}

export function useDemandHotspots(enabled = true) {
  return useQuery({ queryKey: demandKeys.hotspots(), queryFn: () => api.get<DemandHotspot[]>('/api/sharing/demand-hotspots'), enabled });
}

function useDemandChanged() {
  const client = useQueryClient();
  return (demand: Demand) => {
    client.setQueryData(demandKeys.detail(demand.id), demand);
    void client.invalidateQueries({ queryKey: demandKeys.lists() });
    void client.invalidateQueries({ queryKey: demandKeys.hotspots() });
  };
}

export function useCreateDemand() {
  const changed = useDemandChanged();
  return useMutation({ mutationFn: (input: DemandCreateInput) => api.post<Demand>('/api/sharing/demands', input), onSuccess: changed });
}

export function useAnswerDemand(id: string) {
  const changed = useDemandChanged();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DemandAnswerInput) => api.post<Demand>(`/api/sharing/demands/${id}/answer`, input),
    onSuccess: (demand) => {
      changed(demand);
      // An agreed demand created a catalog draft of the own department.
      if (demand.catalogEntryId) void client.invalidateQueries({ queryKey: catalogKeys.searches() });
    },
  });
}
