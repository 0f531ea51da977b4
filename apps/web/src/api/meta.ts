import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

export interface PlatformMeta {
  name: string;
  version: string;
  database: string;
  policy: { id: string; name: string; jurisdiction: string };
  codeLists: Record<string, Array<{ code: string; zh: string; en: string }>>;
}

export const metaKeys = {
  all: ['meta'] as const,
};

/** Public platform information: name, version and the policy profile in force. */
export function useMeta() {
  return useQuery({ queryKey: metaKeys.all, queryFn: () => api.get<PlatformMeta>('/api/meta'), staleTime: Infinity });
}

/** One row of the policy conformance report: a rule of the profile in force and its value. */
export interface PolicyRuleRow {
  rule: string;
  title: string;
  article: string | null;
  value: unknown;
}

export const policyKeys = {
  all: ['policy'] as const,
  conformance: () => [...policyKeys.all, 'conformance'] as const,
};

/**
 * The rules of the policy profile in force (e.g. `sharing.rejection_requires_legal_basis`), read
 * from the conformance report. The console only uses them for hints; the server applies them.
 */
export function usePolicyRules() {
  return useQuery({
    queryKey: policyKeys.conformance(),
    queryFn: () => api.get<{ rows: PolicyRuleRow[] }>('/api/policy/conformance'),
    select: (report) => report.rows,
    staleTime: Infinity,
  });
}

/** A rule's value, or `fallback` while the report is loading or when the profile lacks the rule. */
export function ruleValue<T>(rows: readonly PolicyRuleRow[] | undefined, rule: string, fallback: T): T {
  const row = rows?.find((r) => r.rule === rule);
  return row === undefined || row.value === undefined ? fallback : (row.value as T);
}
