import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, User, UserCreate, UserUpdate } from '@huitong/contracts';
import { api } from './client.ts';

export interface UserFilter {
  departmentId?: string;
  search?: string;
  role?: Role;
}

export const userKeys = {
  all: ['users'] as const,
  list: (filter: UserFilter) => [...userKeys.all, 'list', { ...filter }] as const,
};

export function useUsers(filter: UserFilter, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(filter),
    queryFn: () => api.get<User[]>('/api/users', { departmentId: filter.departmentId, search: filter.search, role: filter.role }),
    enabled,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: userKeys.all });
}

export function useCreateUser() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (input: UserCreate) => api.post<User>('/api/users', input), onSuccess });
}

export function useUpdateUser() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...patch }: UserUpdate & { id: string }) => api.patch<User>(`/api/users/${id}`, patch), onSuccess });
}

export function useUnlockUser() {
  const onSuccess = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.post<User>(`/api/users/${id}/unlock`), onSuccess });
}

/** Whether a user is locked out right now. */
export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date = new Date()): boolean {
  return Boolean(user.lockedUntil && new Date(user.lockedUntil).getTime() > now.getTime());
}
