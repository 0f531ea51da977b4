import { Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SENSITIVITY_GRADES, type CatalogItem } from '@huitong/contracts';
import { ShareTypeTag } from '../../components/CodeTags.tsx';
import { useCodes } from '../../i18n/codes.ts';
import type { ItemChoice } from './applicationForm.ts';

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  choices: ItemChoice[];
  /** Server messages per item code (an item refused at the last save). */
  itemErrors?: Record<string, string>;
  disabled?: boolean;
}

/**
 * 信息项选择: a checkbox table of the entry's items with each item's share type. Items that are
 * not shared cannot be picked (except from a not-shared entry, which goes to coordination).
 * Works as a controlled form field whose value is the list of picked item codes.
 */
export function ItemPicker({ id, value = [], onChange, choices, itemErrors = {}, disabled }: Props) {
  const { t } = useTranslation();
  const codes = useCodes();
  const selectable = new Map(choices.map((c) => [c.item.code, c.selectable]));
  return (
    <div id={id}>
      <Table<CatalogItem>
        data-testid="item-picker"
        rowKey="code"
        size="small"
        pagination={false}
        scroll={{ y: 360 }}
        dataSource={choices.map((c) => c.item)}
        onRow={(item) => ({ 'data-testid': `item-row-${item.code}` }) as React.HTMLAttributes<HTMLElement>}
        rowClassName={(item) => (itemErrors[item.code] ? 'ht-row-error' : '')}
        rowSelection={{
          selectedRowKeys: value,
          preserveSelectedRowKeys: false,
          onChange: (keys) => onChange?.(keys.map(String)),
          getCheckboxProps: (item) => ({ disabled: disabled || !selectable.get(item.code), 'aria-label': item.name }),
        }}
        columns={[
          { title: t('item.code'), dataIndex: 'code', width: 140, render: (code: string) => <code>{code}</code> },
          {
            title: t('item.name'),
            dataIndex: 'name',
            render: (name: string, item) => (
              <>
                <span>{name}</span>
                {itemErrors[item.code] && (
                  <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
                    {itemErrors[item.code]}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('item.shareType'),
            dataIndex: 'shareType',
            width: 150,
            render: (shareType: CatalogItem['shareType'], item) =>
              selectable.get(item.code) ? (
                <ShareTypeTag value={shareType} />
              ) : (
                <Tooltip title={t('sharing.form.itemNotShared')}>
                  <span>
                    <ShareTypeTag value={shareType} />
                  </span>
                </Tooltip>
              ),
          },
          { title: t('item.sensitivity'), dataIndex: 'sensitivity', width: 110, render: (v: CatalogItem['sensitivity']) => <Tag color={v === 'L3' || v === 'L4' ? 'red' : 'default'}>{codes.label(SENSITIVITY_GRADES, v)}</Tag> },
          { title: t('item.description'), dataIndex: 'description', render: (v?: string) => v || '—' },
        ]}
      />
      <Typography.Text type="secondary" data-testid="item-picker-count">
        {t('sharing.form.itemsPicked', { count: value.length, total: choices.filter((c) => c.selectable).length })}
      </Typography.Text>
    </div>
  );
}
