import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApplicationSystem } from '@huitong/contracts';
import { api } from './client.ts';

export interface SystemWithSecret {
  system: ApplicationSystem;
  clientSecret: string;
}

export const systemKeys = {
  all: ['systems'] as const,
  list: (departmentId?: string) => [...systemKeys.all, 'list', { departmentId: departmentId ?? null }] as const,
};

export function useSystems(departmentId?: string) {
  return useQuery({ queryKey: systemKeys.list(departmentId), queryFn: () => api.get<ApplicationSystem[]>('/api/systems', { departmentId }) });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: systemKeys.all });
}

export function useCreateSystem() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (input: { departmentId: string; name: string; description?: string }) => api.post<SystemWithSecret>('/api/systems', input), onSuccess });
}

export function useRotateSecret() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<SystemWithSecret>(`/api/systems/${id}/rotate-secret`), onSuccess });
}

export function useSetSystemActive() {
  const onSuccess = useInvalidate();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.post<ApplicationSystem>(`/api/systems/${id}/${active ? 'enable' : 'disable'}`),
    onSuccess,
  });
}
