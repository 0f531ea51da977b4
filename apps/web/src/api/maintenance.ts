import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MaintenanceTrigger } from '@huitong/contracts';
import { api } from './client.ts';

export interface OverdueEntry {
  id: string;
  resourceCode: string;
  name: string;
  providerDepartmentName: string;
  lastMaintainedAt: string | null;
  dueOn: string | null;
}

export const maintenanceKeys = {
  all: ['maintenance'] as const,
  triggers: (openOnly: boolean) => [...maintenanceKeys.all, 'triggers', { openOnly }] as const,
  overdue: () => [...maintenanceKeys.all, 'overdue'] as const,
};

export function useMaintenanceTriggers(openOnly: boolean) {
  return useQuery({ queryKey: maintenanceKeys.triggers(openOnly), queryFn: () => api.get<MaintenanceTrigger[]>('/api/catalog/maintenance/triggers', { openOnly: openOnly || undefined }) });
}

export function useOverdueEntries() {
  return useQuery({ queryKey: maintenanceKeys.overdue(), queryFn: () => api.get<OverdueEntry[]>('/api/catalog/maintenance/overdue') });
}

export function useRecordTrigger() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: 'legal_change' | 'function_change'; description: string; occurredOn: string }) => api.post<MaintenanceTrigger>('/api/catalog/maintenance/triggers', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: maintenanceKeys.all }),
  });
}

export function useResolveTrigger() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<MaintenanceTrigger>(`/api/catalog/maintenance/triggers/${id}/resolve`),
    onSuccess: () => void client.invalidateQueries({ queryKey: maintenanceKeys.all }),
  });
}
