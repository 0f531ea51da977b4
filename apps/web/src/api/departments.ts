import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataOfficerAssignment, Department, DepartmentCreate, DepartmentUpdate } from '@huitong/contracts';
import { api } from './client.ts';

export const departmentKeys = {
  all: ['departments'] as const,
  list: () => [...departmentKeys.all, 'list'] as const,
  officers: (id: string, history: boolean) => [...departmentKeys.all, id, 'data-officers', { history }] as const,
};

export function useDepartments() {
  return useQuery({ queryKey: departmentKeys.list(), queryFn: () => api.get<Department[]>('/api/departments'), staleTime: 5 * 60_000 });
}

export function useCreateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DepartmentCreate) => api.post<Department>('/api/departments', input),
    onSuccess: () => void client.invalidateQueries({ queryKey: departmentKeys.all }),
  });
}

export function useUpdateDepartment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: DepartmentUpdate & { id: string }) => api.patch<Department>(`/api/departments/${id}`, patch),
    onSuccess: () => void client.invalidateQueries({ queryKey: departmentKeys.all }),
  });
}

export function useDataOfficers(departmentId: string | null, history: boolean) {
  return useQuery({
    queryKey: departmentKeys.officers(departmentId ?? '', history),
    queryFn: () => api.get<DataOfficerAssignment[]>(`/api/departments/${departmentId}/data-officers`, { history }),
    enabled: Boolean(departmentId),
  });
}

export function useAssignDataOfficer(departmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; note?: string }) => api.post<DataOfficerAssignment[]>(`/api/departments/${departmentId}/data-officers`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: [...departmentKeys.all, departmentId] }),
  });
}

export function useEndDataOfficer(departmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete<DataOfficerAssignment[]>(`/api/departments/${departmentId}/data-officers/${userId}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: [...departmentKeys.all, departmentId] }),
  });
}

export interface DepartmentNode {
  department: Department;
  children: DepartmentNode[];
}

/** The flat list (each with parentId) as a forest, children in list order. */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { department: d, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parentId ? nodes.get(node.department.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The 政务部门 a department belongs to: itself, or the nearest non-internal-unit above it. */
export function organisationOf(departments: readonly Department[], id: string): Department | undefined {
  const byId = new Map(departments.map((d) => [d.id, d]));
  let current = byId.get(id);
  while (current && current.kind === 'internal_unit' && current.parentId) current = byId.get(current.parentId);
  return current;
}
