import { useQuery } from '@tanstack/react-query';
import type { SupervisionRecord } from '@huitong/contracts';
import { api } from './client.ts';

export type { SupervisionRecord };

/** An overdue application step or demand answer, kept until it is decided (督办记录). */

export interface SupervisionFilter {
  departmentId?: string;
  openOnly?: boolean;
}

export const supervisionKeys = {
  all: ['supervision'] as const,
  records: (filter: SupervisionFilter) => [...supervisionKeys.all, 'records', { departmentId: filter.departmentId ?? null, openOnly: Boolean(filter.openOnly) }] as const,
};

export function useSupervisionRecords(filter: SupervisionFilter) {
  return useQuery({
    queryKey: supervisionKeys.records(filter),
    queryFn: () => api.get<SupervisionRecord[]>('/api/supervision/records', { departmentId: filter.departmentId, openOnly: filter.openOnly || undefined }),
  });
}
