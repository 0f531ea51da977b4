import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { AuditOutcome, AuditRecord, AuditVerifyResult, Page } from '@huitong/contracts';
import { api } from './client.ts';

export interface AuditFilter {
  actor?: string;
  departmentId?: string;
  operation?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  records: (filter: AuditFilter) => [...auditKeys.all, 'records', { ...filter }] as const,
};

export function useAuditRecords(filter: AuditFilter) {
  return useQuery({
    queryKey: auditKeys.records(filter),
    queryFn: ({ signal }) => api.get<Page<AuditRecord>>('/api/audit/records', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/api/audit/verify') });
}
