import { Button, Form, Input, InputNumber, Select, Switch, Table, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { IDENTIFIER_KINDS, ITEM_DATA_TYPES, MASKING_RULES, SENSITIVITY_GRADES, SHARE_TYPES, type ShareType } from '@huitong/contracts';
import { useCodes } from '../../i18n/codes.ts';
import { allowedItemShareTypes, newItem, type ContentFormValues } from './contentForm.ts';

const cell = { style: { margin: 0 } };

/**
 * 信息项 editor: one table row per item, every cell a form field named
 * `['items', index, column]`, so the server's `content.items[i].column` errors land on the cell.
 */
export function ItemTableEditor({ form, shareType }: { form: FormInstance<ContentFormValues>; shareType: ShareType }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const itemShareTypes = allowedItemShareTypes(shareType);
  return (
    <Form.List name="items">
      {(fields, { add, remove }, { errors }) => (
        <>
          <Table
            data-testid="item-editor"
            size="small"
            rowKey="key"
            pagination={false}
            scroll={{ x: 1500 }}
            dataSource={fields}
            columns={[
              { title: '#', key: 'index', width: 44, fixed: 'left', render: (_v, _f, index) => index + 1 },
              {
                title: <span className="ht-required">{t('item.code')}</span>,
                key: 'code',
                width: 150,
                fixed: 'left',
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'code']} rules={[{ required: true, message: t('edit.required') }, { pattern: /^[A-Za-z][A-Za-z0-9_]*$/, message: t('edit.itemCodePattern') }]}>
                    <Input aria-label={`${t('item.code')} ${field.name + 1}`} maxLength={64} placeholder="xm" data-testid={`item-code-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: <span className="ht-required">{t('item.name')}</span>,
                key: 'name',
                width: 160,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'name']} rules={[{ required: true, message: t('edit.required') }]}>
                    <Input aria-label={`${t('item.name')} ${field.name + 1}`} maxLength={100} data-testid={`item-name-${field.name}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.dataType'),
                key: 'dataType',
                width: 130,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'dataType']}>
                    <Select aria-label={`${t('item.dataType')} ${field.name + 1}`} options={codes.options(ITEM_DATA_TYPES)} popupMatchSelectWidth={false} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.length'),
                key: 'length',
                width: 100,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'length']}>
                    <InputNumber aria-label={`${t('item.length')} ${field.name + 1}`} min={1} max={100000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.required'),
                key: 'required',
                width: 70,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'required']} valuePropName="checked">
                    <Switch aria-label={`${t('item.required')} ${field.name + 1}`} size="small" />
                  </Form.Item>
                ),
              },
              {
                title: t('item.shareType'),
                key: 'shareType',
                width: 130,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'shareType']}>
                    <Select aria-label={`${t('item.shareType')} ${field.name + 1}`} options={codes.options(SHARE_TYPES, itemShareTypes)} popupMatchSelectWidth={false} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.sensitivity'),
                key: 'sensitivity',
                width: 130,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'sensitivity']}>
                    <Select aria-label={`${t('item.sensitivity')} ${field.name + 1}`} options={codes.options(SENSITIVITY_GRADES)} popupMatchSelectWidth={false} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.maskingRule'),
                key: 'maskingRule',
                width: 170,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'maskingRule']}>
                    <Select aria-label={`${t('item.maskingRule')} ${field.name + 1}`} options={codes.options(MASKING_RULES)} popupMatchSelectWidth={false} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.identifierKind'),
                key: 'identifierKind',
                width: 150,
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'identifierKind']}>
                    <Select aria-label={`${t('item.identifierKind')} ${field.name + 1}`} options={codes.options(IDENTIFIER_KINDS)} popupMatchSelectWidth={false} />
                  </Form.Item>
                ),
              },
              {
                title: t('item.description'),
                key: 'description',
                render: (_v, field) => (
                  <Form.Item {...cell} name={[field.name, 'description']}>
                    <Input aria-label={`${t('item.description')} ${field.name + 1}`} maxLength={500} />
                  </Form.Item>
                ),
              },
              {
                title: <span className="sr-only">{t('common.actions')}</span>,
                key: 'remove',
                width: 56,
                fixed: 'right',
                render: (_v, field) => (
                  <Tooltip title={t('edit.removeItem')}>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('edit.removeItem')} ${field.name + 1}`} data-testid={`item-remove-${field.name}`} disabled={fields.length <= 1} onClick={() => remove(field.name)} />
                  </Tooltip>
                ),
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          <Button type="dashed" icon={<PlusOutlined />} block style={{ marginTop: 8 }} onClick={() => add(newItem(form.getFieldValue('shareType') ?? shareType))} data-testid="item-add">
            {t('edit.addItem')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
