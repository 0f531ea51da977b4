import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import { catalogKeys } from './catalog.ts';

export type ApiAuthKind = 'none' | 'header' | 'basic' | 'oauth2_client_credentials';

export interface ApiProbeResult {
  ok: boolean;
  latencyMs: number;
  checkedAt: string;
  operations: Array<{ operation: string; method: string; path: string; status: number | null; latencyMs: number; ok: boolean }>;
  problems: Array<{ operation: string | null; code: string; message: string }>;
}

/** A registration as the server shows it: secrets only as `auth.secretSet`. */
export interface ApiService {
  id: string;
  entryId: string;
  state: 'active' | 'inactive';
  baseUrl: string;
  title: string;
  version: string;
  openapiVersion: string;
  operations: string[];
  documentedOperations: Array<{ id: string; method: string; path: string; safe: boolean }>;
  probePath: string | null;
  auth: { kind: ApiAuthKind; name?: string; username?: string; tokenUrl?: string; clientId?: string; scope?: string; secretSet: boolean };
  connectTimeoutMs: number;
  readTimeoutMs: number;
  lastProbe: ApiProbeResult | null;
  lastProbeAt: string | null;
}

export interface ApiServiceInput {
  entryId: string;
  baseUrl: string;
  openapi: string;
  operations: string[];
  probePath?: string;
  auth: { kind: ApiAuthKind; name?: string; value?: string; username?: string; password?: string; tokenUrl?: string; clientId?: string; clientSecret?: string; scope?: string };
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

export const apiServiceKeys = {
  all: ['api-services'] as const,
  ofEntry: (entryId: string) => [...apiServiceKeys.all, 'entry', entryId] as const,
};

export function useEntryApiService(entryId: string, enabled: boolean) {
  return useQuery({
    queryKey: apiServiceKeys.ofEntry(entryId),
    queryFn: async () => (await api.get<ApiService[]>('/api/api-services', { entryId, state: 'active' }))[0] ?? null,
    enabled,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: apiServiceKeys.all });
    // A successful probe mounts the entry: its mount tag changes.
    void client.invalidateQueries({ queryKey: catalogKeys.all });
  };
}

export function useRegisterApiService() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (input: ApiServiceInput) => api.post<ApiService>('/api/api-services', input), onSuccess });
}

export function useProbeApiService() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<ApiService>(`/api/api-services/${id}/probe`), onSuccess });
}

export function useDeactivateApiService() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<ApiService>(`/api/api-services/${id}/deactivate`, {}), onSuccess });
}
