import type { ClassificationNode } from '@huitong/contracts';

export interface ClassificationOption {
  value: string;
  title: string;
  selectable: boolean;
  children: ClassificationOption[];
}

/**
 * 资源分类 tree (类 → 项 → 目). Departmental resources (class 3) may only use the provider's own
 * node, '3' + the department's class code, and what lies below it.
 */
export function classificationOptions(nodes: readonly ClassificationNode[], ownDepartmentClass: string | null): ClassificationOption[] {
  const visible = nodes.filter((node) => {
    if (!node.code.startsWith('3') || node.code === '3') return true;
    return ownDepartmentClass !== null && node.code.startsWith(ownDepartmentClass);
  });
  const build = (parent: string | null): ClassificationOption[] =>
    visible
      .filter((node) => node.parentCode === parent)
      .map((node) => ({ value: node.code, title: `${node.code} ${node.name}`, selectable: node.code.length > 1, children: build(node.code) }));
  return build(null);
}

