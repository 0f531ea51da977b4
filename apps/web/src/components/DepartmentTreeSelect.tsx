import { TreeSelect } from 'antd';
import type { Department } from '@huitong/contracts';
import { useTranslation } from 'react-i18next';
import { buildDepartmentTree, useDepartments, type DepartmentNode } from '../api/departments.ts';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

function toOptions(nodes: DepartmentNode[], inactive: string, selectable?: (d: Department) => boolean): TreeOption[] {
  return nodes.map((node) => ({
    value: node.department.id,
    title: node.department.active ? node.department.name : `${node.department.name}${inactive}`,
    disabled: selectable ? !selectable(node.department) : false,
    children: toOptions(node.children, inactive, selectable),
  }));
}

interface Props {
  id?: string;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  selectable?: (department: Department) => boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

/** The department tree as a searchable select; works as a controlled antd form field. */
export function DepartmentTreeSelect({ selectable, value, multiple, ...props }: Props) {
  const { t } = useTranslation();
  const departments = useDepartments();
  return (
    <TreeSelect
      {...props}
      value={value ?? undefined}
      multiple={multiple}
      loading={departments.isPending}
      treeData={toOptions(buildDepartmentTree(departments.data ?? []), t('common.inactiveSuffix'), selectable)}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      placeholder={props.placeholder ?? t('common.selectDepartment')}
      style={{ minWidth: 220, ...props.style }}
    />
  );
}
