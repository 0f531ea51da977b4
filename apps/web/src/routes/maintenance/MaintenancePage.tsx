import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MaintenanceTrigger } from '@huitong/contracts';
import { useMaintenanceTriggers, useOverdueEntries, useRecordTrigger, useResolveTrigger, type OverdueEntry } from '../../api/maintenance.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';

type TriggerKind = MaintenanceTrigger['kind'];

/** 目录维护: legal or functional changes with their update deadlines, and entries overdue for full review. */
export function MaintenancePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [openOnly, setOpenOnly] = useState(true);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ kind: TriggerKind; description: string; occurredOn: Dayjs }>();
  const triggers = useMaintenanceTriggers(openOnly);
  const overdue = useOverdueEntries();
  const record = useRecordTrigger();
  const resolve = useResolveTrigger();

  const onFinish = (values: { kind: TriggerKind; description: string; occurredOn: Dayjs }) => {
    record.mutate(
      { kind: values.kind, description: values.description.trim(), occurredOn: values.occurredOn.format('YYYY-MM-DD') },
      {
        onSuccess: () => {
          void message.success(t('maintenance.recorded'));
          setCreating(false);
          form.resetFields();
        },
      },
    );
  };

  return (
    <>
      <PageTitle
        title={t('nav.maintenance')}
        subtitle={t('maintenance.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('maintenance.record')}
          </Button>
        }
      />
      <Card title={t('maintenance.triggers')} style={{ marginBottom: 16 }} extra={<Switch checked={openOnly} onChange={setOpenOnly} checkedChildren={t('maintenance.openOnly')} unCheckedChildren={t('maintenance.all')} aria-label={t('maintenance.openOnly')} />}>
        <ApiErrorAlert error={triggers.error ?? resolve.error} />
        <Table<MaintenanceTrigger>
          scroll={{ x: 'max-content' }}
          rowKey="id"
          size="small"
          loading={triggers.isPending}
          dataSource={triggers.data ?? []}
          locale={{ emptyText: t('maintenance.emptyTriggers') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('maintenance.kind'), dataIndex: 'kind', width: 130, render: (kind: TriggerKind) => t(`maintenance.kinds.${kind}`) },
            { title: t('maintenance.description'), dataIndex: 'description' },
            { title: t('maintenance.occurredOn'), dataIndex: 'occurredOn', width: 120 },
            {
              title: t('maintenance.dueOn'),
              key: 'due',
              width: 200,
              render: (_v, row) => (
                <>
                  {row.dueOn}
                  {row.dueProvisional && <Tag style={{ marginInlineStart: 4 }}>{t('maintenance.provisional')}</Tag>}
                  {row.overdue && !row.resolvedAt && (
                    <Tag color="error" style={{ marginInlineStart: 4 }}>
                      {t('detail.overdue')}
                    </Tag>
                  )}
                </>
              ),
            },
            { title: t('maintenance.resolvedAt'), dataIndex: 'resolvedAt', width: 150, render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              width: 110,
              render: (_v, row) =>
                !row.resolvedAt && (
                  <Button size="small" type="link" loading={resolve.isPending && resolve.variables === row.id} onClick={() => resolve.mutate(row.id, { onSuccess: () => void message.success(t('maintenance.resolved')) })}>
                    {t('maintenance.resolve')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('maintenance.overdue')}>
        <ApiErrorAlert error={overdue.error} />
        <Table<OverdueEntry>
          rowKey="id"
          size="small"
          loading={overdue.isPending}
          dataSource={overdue.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('fields.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/catalog/${row.id}`}>{name}</Link> },
            { title: t('fields.resourceCode'), dataIndex: 'resourceCode', width: 140 },
            { title: t('fields.provider'), dataIndex: 'providerDepartmentName', width: 200 },
            { title: t('fields.lastMaintainedAt'), dataIndex: 'lastMaintainedAt', width: 150, render: formatDateTime },
            { title: t('fields.maintenanceDueAt'), dataIndex: 'dueOn', width: 120, render: formatDate },
          ]}
        />
      </Card>
      <Modal title={t('maintenance.record')} open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={record.isPending} destroyOnHidden>
        <ApiErrorAlert error={record.error} />
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ kind: 'legal_change' }}>
          <Form.Item name="kind" label={t('maintenance.kind')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'legal_change', label: t('maintenance.kinds.legal_change') },
                { value: 'function_change', label: t('maintenance.kinds.function_change') },
              ]}
            />
          </Form.Item>
          <Form.Item name="description" label={t('maintenance.description')} rules={[{ required: true, min: 2, message: t('edit.required') }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item name="occurredOn" label={t('maintenance.occurredOn')} rules={[{ required: true, message: t('edit.required') }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
