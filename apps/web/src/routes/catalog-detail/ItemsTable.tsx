import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { IDENTIFIER_KINDS, ITEM_DATA_TYPES, MASKING_RULES, SENSITIVITY_GRADES, type CatalogItem } from '@huitong/contracts';
import { ShareTypeTag } from '../../components/CodeTags.tsx';
import { useCodes } from '../../i18n/codes.ts';

/** 信息项 of a version, read-only. */
export function ItemsTable({ items }: { items: CatalogItem[] }) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Table<CatalogItem>
      data-testid="items-table"
      rowKey="code"
      size="small"
      pagination={false}
      scroll={{ x: 1100 }}
      dataSource={items}
      columns={[
        { title: '#', key: 'index', width: 48, render: (_v, _r, index) => index + 1 },
        { title: t('item.code'), dataIndex: 'code', width: 150, render: (code: string) => <code>{code}</code> },
        { title: t('item.name'), dataIndex: 'name', width: 160, render: (name: string) => <span data-testid="item-name">{name}</span> },
        { title: t('item.dataType'), dataIndex: 'dataType', width: 110, render: (v: CatalogItem['dataType']) => codes.label(ITEM_DATA_TYPES, v) },
        { title: t('item.length'), dataIndex: 'length', width: 70, render: (v?: number) => v ?? '—' },
        { title: t('item.required'), dataIndex: 'required', width: 70, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
        { title: t('item.shareType'), dataIndex: 'shareType', width: 110, render: (v: CatalogItem['shareType']) => <ShareTypeTag value={v} /> },
        { title: t('item.sensitivity'), dataIndex: 'sensitivity', width: 110, render: (v: CatalogItem['sensitivity']) => <Tag color={v === 'L3' || v === 'L4' ? 'red' : 'default'}>{codes.label(SENSITIVITY_GRADES, v)}</Tag> },
        { title: t('item.maskingRule'), dataIndex: 'maskingRule', width: 160, render: (v: CatalogItem['maskingRule']) => codes.label(MASKING_RULES, v) },
        { title: t('item.identifierKind'), dataIndex: 'identifierKind', width: 130, render: (v?: CatalogItem['identifierKind']) => (v && v !== 'none' ? codes.label(IDENTIFIER_KINDS, v) : '—') },
        { title: t('item.description'), dataIndex: 'description', render: (v?: string) => v || '—' },
      ]}
    />
  );
}
