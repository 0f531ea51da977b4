import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApplicationSystem } from '@huitong/contracts';
import { useCreateSystem, useRotateSecret, useSetSystemActive, useSystems, type SystemWithSecret } from '../../api/systems.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSession } from '../../app/session.ts';

/** Shows a client secret exactly once; closing requires confirming it was stored. */
function SecretDialog({ result, onClose }: { result: SystemWithSecret; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('systems.secretTitle', { name: result.system.name })} open closable={false} maskClosable={false} keyboard={false} footer={<Button type="primary" onClick={onClose} data-testid="secret-stored">{t('systems.secretStored')}</Button>}>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('systems.secretWarning')} />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('systems.clientId')}>
          <Typography.Text code copyable>
            {result.system.clientId}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="client_secret">
          <Typography.Text code copyable data-testid="client-secret">
            {result.clientSecret}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Modal>
  );
}

/** 应用系统: systems that call the platform with client credentials. */
export function SystemsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const systems = useSystems();
  const create = useCreateSystem();
  const rotate = useRotateSecret();
  const setActive = useSetSystemActive();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<SystemWithSecret | null>(null);
  const [form] = Form.useForm<{ departmentId: string; name: string; description?: string }>();
  const mayManage = me.can('org:system:manage');

  const onFinish = (values: { departmentId: string; name: string; description?: string }) => {
    create.mutate(
      { departmentId: values.departmentId, name: values.name.trim(), ...(values.description?.trim() && { description: values.description.trim() }) },
      {
        onSuccess: (result) => {
          setCreating(false);
          form.resetFields();
          setSecret(result);
        },
      },
    );
  };

  return (
    <>
      <PageTitle
        title={t('nav.systems')}
        subtitle={t('systems.intro')}
        extra={
          mayManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('systems.create')}
            </Button>
          )
        }
      />
      <ApiErrorAlert error={systems.error ?? rotate.error ?? setActive.error} />
      <Card>
        <Table<ApplicationSystem>
          scroll={{ x: 'max-content' }}
          rowKey="id"
          size="small"
          loading={systems.isPending}
          dataSource={systems.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('systems.name'), dataIndex: 'name', render: (name: string, row) => (<><div>{name}</div>{row.description && <Typography.Text type="secondary">{row.description}</Typography.Text>}</>) },
            { title: t('users.department'), dataIndex: 'departmentName', width: 200 },
            { title: t('systems.clientId'), dataIndex: 'clientId', width: 220, render: (id: string) => <Typography.Text code copyable>{id}</Typography.Text> },
            { title: t('systems.status'), dataIndex: 'active', width: 90, render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{active ? t('users.active') : t('users.inactive')}</Tag> },
            { title: t('systems.rotatedAt'), dataIndex: 'secretRotatedAt', width: 150, render: formatDateTime },
            ...(mayManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    fixed: 'right' as const,
                    width: 200,
                    render: (_v: unknown, row: ApplicationSystem) => (
                      <Space size={0}>
                        <Popconfirm title={t('systems.rotateConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => rotate.mutate(row.id, { onSuccess: setSecret })}>
                          <Button size="small" type="link" disabled={!row.active}>
                            {t('systems.rotate')}
                          </Button>
                        </Popconfirm>
                        <Popconfirm
                          title={row.active ? t('systems.disableConfirm') : t('systems.enableConfirm')}
                          okText={t('common.confirm')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => setActive.mutate({ id: row.id, active: !row.active }, { onSuccess: () => void message.success(t('common.saved')) })}
                        >
                          <Button size="small" type="link" danger={row.active}>
                            {row.active ? t('systems.disable') : t('systems.enable')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal title={t('systems.create')} open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
        <ApiErrorAlert error={create.error} />
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ departmentId: me.organisationId }}>
          <Form.Item name="departmentId" label={t('users.department')} rules={[{ required: true, message: t('edit.required') }]}>
            <DepartmentTreeSelect />
          </Form.Item>
          <Form.Item name="name" label={t('systems.name')} rules={[{ required: true, min: 2, message: t('edit.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('systems.description')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      {secret && <SecretDialog result={secret} onClose={() => setSecret(null)} />}
    </>
  );
}
