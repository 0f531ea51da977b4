import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Webhook } from '@huitong/contracts';
import { api } from './client.ts';

export type { Webhook };

export interface WebhookWithSecret {
  webhook: Webhook;
  /** The signing secret; shown once, the platform keeps it encrypted. */
  secret: string;
}

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: (departmentId: string) => [...webhookKeys.all, 'list', departmentId] as const,
};

export function useWebhooks(departmentId: string | undefined) {
  return useQuery({ queryKey: webhookKeys.list(departmentId ?? ''), queryFn: () => api.get<Webhook[]>('/api/webhooks', { departmentId }), enabled: Boolean(departmentId) });
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { departmentId: string; url: string; events: string[] }) => api.post<WebhookWithSecret>('/api/webhooks', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDisableWebhook() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.delete<{ ok: true }>(`/api/webhooks/${id}`), onSuccess: () => void client.invalidateQueries({ queryKey: webhookKeys.all }) });
}
