import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Objection, ObjectionKind } from '@huitong/contracts';
import { api } from './client.ts';

export interface ObjectionFilter {
  box?: 'raised' | 'received';
  entryId?: string;
}

export const objectionKeys = {
  all: ['objections'] as const,
  list: (filter: ObjectionFilter) => [...objectionKeys.all, 'list', { ...filter }] as const,
};

export function useObjections(filter: ObjectionFilter) {
  return useQuery({ queryKey: objectionKeys.list(filter), queryFn: () => api.get<Objection[]>('/api/catalog/objections', { box: filter.box, entryId: filter.entryId }) });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: objectionKeys.all });
}

export function useRaiseObjection(entryId: string) {
  const onSuccess = useInvalidate();
  return useMutation({
    mutationFn: (input: { kind: ObjectionKind; itemCode?: string; content: string }) => api.post<Objection>(`/api/catalog/entries/${entryId}/objections`, input),
    onSuccess,
  });
}

export function useAnswerObjection() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (input: { id: string; answer: string }) => api.post<Objection>(`/api/catalog/objections/${input.id}/answer`, { answer: input.answer }), onSuccess });
}

export function useCloseObjection() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<Objection>(`/api/catalog/objections/${id}/close`), onSuccess });
}
