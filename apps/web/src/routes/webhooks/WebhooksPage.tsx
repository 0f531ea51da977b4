import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, Modal, Popconfirm, Result, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { WEBHOOK_EVENTS } from '@huitong/contracts';
import { useCreateWebhook, useDisableWebhook, useWebhooks, type Webhook, type WebhookWithSecret } from '../../api/webhooks.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSession } from '../../app/session.ts';

type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The signing secret, shown exactly once; closing requires confirming it was stored. */
function SecretDialog({ result, onClose }: { result: WebhookWithSecret; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('sharing.webhooks.secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-stored">
          {t('systems.secretStored')}
        </Button>
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('sharing.webhooks.secretWarning')} />
      <Descriptions
        column={1}
        bordered
        size="small"
        items={[
          { key: 'url', label: t('sharing.webhooks.url'), children: result.webhook.url },
          {
            key: 'secret',
            label: t('sharing.webhooks.secret'),
            children: (
              <Typography.Text code copyable data-testid="webhook-secret">
                {result.secret}
              </Typography.Text>
            ),
          },
          { key: 'signature', label: t('sharing.webhooks.signature'), children: <Typography.Text code>X-Huitong-Signature: t=…,sm3=…</Typography.Text> },
        ]}
      />
    </Modal>
  );
}

/** 事件推送: a department's systems subscribe to platform events (signed with HMAC-SM3). */
export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const platformAdmin = me.operatorMember && me.user.roles.includes('platform_admin');
  const [departmentId, setDepartmentId] = useState<string>(me.organisationId);
  const webhooks = useWebhooks(me.can('org:webhook:manage') ? departmentId : undefined);
  const create = useCreateWebhook();
  const disable = useDisableWebhook();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [form] = Form.useForm<{ url: string; events: WebhookEvent[] }>();

  if (!me.can('org:webhook:manage')) return <Result status="403" title={t('common.forbidden')} />;

  const onFinish = (values: { url: string; events: WebhookEvent[] }) =>
    create.mutate(
      { departmentId, url: values.url.trim(), events: values.events },
      {
        onSuccess: (result) => {
          setCreating(false);
          form.resetFields();
          setSecret(result);
        },
      },
    );

  return (
    <>
      <PageTitle
        title={t('nav.webhooks')}
        subtitle={t('sharing.webhooks.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-webhook">
            {t('sharing.webhooks.create')}
          </Button>
        }
      />
      <Card>
        {platformAdmin && (
          <Flex gap={8} align="center" style={{ marginBottom: 16 }}>
            <span>{t('users.department')}{t('common.colon')}</span>
            <DepartmentTreeSelect aria-label={t('users.department')} value={departmentId} onChange={(value) => typeof value === 'string' && setDepartmentId(value)} selectable={(d) => d.kind !== 'internal_unit'} style={{ width: 320 }} />
          </Flex>
        )}
        <ApiErrorAlert error={webhooks.error ?? disable.error} />
        <Table<Webhook>
          scroll={{ x: 'max-content' }}
          data-testid="webhook-table"
          rowKey="id"
          size="small"
          loading={webhooks.isPending}
          dataSource={webhooks.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('sharing.webhooks.empty') }}
          columns={[
            { title: t('sharing.webhooks.url'), dataIndex: 'url', render: (url: string) => <Typography.Text code>{url}</Typography.Text> },
            {
              title: t('sharing.webhooks.events'),
              dataIndex: 'events',
              render: (events: string[]) =>
                events.map((event) => (
                  <Tag key={event} title={event}>
                    {(WEBHOOK_EVENTS as readonly string[]).includes(event) ? t(`sharing.webhooks.event.${event as WebhookEvent}`) : event}
                  </Tag>
                )),
            },
            { title: t('systems.status'), dataIndex: 'active', width: 90, render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{active ? t('users.active') : t('users.inactive')}</Tag> },
            { title: t('fields.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              width: 100,
              render: (_v, hook) =>
                hook.active && (
                  <Popconfirm title={t('sharing.webhooks.disableConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => disable.mutate(hook.id, { onSuccess: () => void message.success(t('common.saved')) })}>
                    <Button size="small" type="link" danger>
                      {t('systems.disable')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Modal title={t('sharing.webhooks.create')} open={creating} onCancel={() => (setCreating(false), create.reset())} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden width={640}>
        <ApiErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ events: [] }}>
          <Form.Item name="url" label={t('sharing.webhooks.url')} rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: t('sharing.webhooks.urlRule') }]} extra={t('sharing.webhooks.urlHint')}>
            <Input maxLength={500} placeholder="https://" />
          </Form.Item>
          <Form.Item name="events" label={t('sharing.webhooks.events')} rules={[{ type: 'array', required: true, min: 1, message: t('sharing.webhooks.eventsRequired') }]}>
            <Checkbox.Group options={WEBHOOK_EVENTS.map((event) => ({ value: event, label: t(`sharing.webhooks.event.${event}`) }))} style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 4 }} />
          </Form.Item>
        </Form>
      </Modal>
      {secret && <SecretDialog result={secret} onClose={() => setSecret(null)} />}
    </>
  );
}
