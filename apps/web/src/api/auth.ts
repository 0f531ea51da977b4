import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '@huitong/contracts';
import { api, isApiError } from './client.ts';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in user, or null when there is no session (401). Other errors propagate. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: authKeys.me(), queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) => api.post<Me>('/api/auth/login', input),
    onSuccess: (me) => {
      // A new person may be at the keyboard: drop everything cached for the previous one.
      client.clear();
      client.setQueryData(authKeys.me(), me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    onSettled: () => {
      client.clear();
      client.setQueryData(authKeys.me(), null);
    },
  });
}

/** Whether the signed-in user may perform an operation on their own organisation. */
export function hasOperation(me: Pick<Me, 'operations'> | null | undefined, operation: string): boolean {
  return Boolean(me?.operations.includes(operation));
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => api.post<{ ok: true }>('/api/auth/password', input),
  });
}
