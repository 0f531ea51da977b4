import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClassifications } from '../../api/catalog.ts';
import { classificationOptions } from './classifications.ts';

export function ClassCodeSelect({ value, onChange, ownDepartmentClass, id }: { value?: string; onChange?: (value: string) => void; ownDepartmentClass: string | null; id?: string }) {
  const { t } = useTranslation();
  const classifications = useClassifications();
  const options = classificationOptions(classifications.data ?? [], ownDepartmentClass);
  // The own departmental node may not exist yet (created with the first entry): offer it anyway.
  if (ownDepartmentClass && !(classifications.data ?? []).some((c) => c.code === ownDepartmentClass)) {
    const departmental = options.find((o) => o.value === '3');
    departmental?.children.push({ value: ownDepartmentClass, title: `${ownDepartmentClass} ${t('edit.ownDepartmentClass')}`, selectable: true, children: [] });
  }
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      loading={classifications.isPending}
      treeData={options}
      treeDefaultExpandedKeys={['3']}
      showSearch
      treeNodeFilterProp="title"
      placeholder={t('edit.classPlaceholder')}
    />
  );
}
