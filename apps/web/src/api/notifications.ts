import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification } from '@huitong/contracts';
import { api } from './client.ts';

export interface Inbox {
  items: Notification[];
  unread: number;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  inbox: (unreadOnly: boolean) => [...notificationKeys.all, 'inbox', { unreadOnly }] as const,
};

/** How often the header's unread count asks again (there is no push channel to the console). */
export const INBOX_POLL_MS = 60_000;

export function useInbox(unreadOnly = false, options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: notificationKeys.inbox(unreadOnly),
    queryFn: () => api.get<Inbox>('/api/notifications', { unreadOnly: unreadOnly || undefined, limit: 50 }),
    refetchInterval: options.poll ? INBOX_POLL_MS : false,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: number[] } | { all: true }) => api.post<{ ok: true }>('/api/notifications/read', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
