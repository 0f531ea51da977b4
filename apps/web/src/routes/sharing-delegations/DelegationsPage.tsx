import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Form, Modal, Popconfirm, Result, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Delegation } from '@huitong/contracts';
import { useCreateDelegation, useDelegationCandidates, useDelegations, useRevokeDelegation } from '../../api/delegations.ts';
import { ruleValue, usePolicyRules } from '../../api/meta.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { EntrySelect } from '../../components/EntrySelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSession } from '../../app/session.ts';

/** The person to delegate to, found by name or username among active users. */
function DelegateField({ value, onChange, id }: { value?: string; onChange?: (value: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const candidates = useDelegationCandidates(search.trim());
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setSearch}
      loading={candidates.isFetching}
      placeholder={t('sharing.delegations.delegatePlaceholder')}
      notFoundContent={search.trim() ? undefined : t('sharing.delegations.delegateSearchHint')}
      options={(candidates.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.username}) · ${u.departmentName}` }))}
      data-testid="delegation-user"
    />
  );
}

/** 授权代理方: a provider's leader names people who may review applications for an entry on the department's behalf. */
export function DelegationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const rules = usePolicyRules();
  const delegations = useDelegations(me.can('sharing:delegation:manage'));
  const create = useCreateDelegation();
  const revoke = useRevokeDelegation();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ entryId: string; delegateUserId: string }>();
  const allowed = ruleValue(rules.data, 'sharing.delegated_review', true);

  if (!me.can('sharing:delegation:manage')) return <Result status="403" title={t('common.forbidden')} />;

  const onFinish = (values: { entryId: string; delegateUserId: string }) =>
    create.mutate(values, {
      onSuccess: () => {
        void message.success(t('sharing.delegations.created'));
        setCreating(false);
        form.resetFields();
      },
    });

  return (
    <>
      <PageTitle
        title={t('nav.delegations')}
        subtitle={t('sharing.delegations.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!allowed} data-testid="create-delegation">
            {t('sharing.delegations.create')}
          </Button>
        }
      />
      {!allowed && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('sharing.delegations.notAllowedByProfile')} />}
      <ApiErrorAlert error={delegations.error ?? revoke.error} />
      <Card>
        <Table<Delegation>
          scroll={{ x: 'max-content' }}
          data-testid="delegation-table"
          rowKey="id"
          size="small"
          loading={delegations.isPending}
          dataSource={delegations.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('sharing.delegations.empty') }}
          columns={[
            { title: t('sharing.field.entry'), key: 'entry', render: (_v, d) => <Link to={`/catalog/${d.entry.id}`}>{d.entry.name}</Link> },
            { title: t('sharing.delegations.delegate'), key: 'delegate', width: 240, render: (_v, d) => `${d.delegate.name} · ${d.delegate.departmentName}` },
            { title: t('sharing.delegations.grantedBy'), key: 'granted', width: 220, render: (_v, d) => `${d.grantedByName} · ${formatDateTime(d.grantedAt)}` },
            {
              title: t('sharing.grants.status'),
              key: 'status',
              width: 150,
              render: (_v, d) => (d.revokedAt ? <Tag>{t('sharing.delegations.revokedAt', { at: formatDateTime(d.revokedAt) })}</Tag> : <Tag color="success">{t('sharing.delegations.active')}</Tag>),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              width: 100,
              render: (_v, d) =>
                !d.revokedAt && (
                  <Popconfirm
                    title={t('sharing.delegations.revokeConfirm', { name: d.delegate.name })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => revoke.mutate(d.id, { onSuccess: () => void message.success(t('sharing.delegations.revoked')) })}
                  >
                    <Button size="small" type="link" danger>
                      {t('sharing.delegations.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        title={t('sharing.delegations.create')}
        open={creating}
        onCancel={() => (setCreating(false), create.reset())}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'delegation-confirm' } as never}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <ApiErrorAlert error={create.error} />
        <Typography.Paragraph type="secondary" className="ht-help">{t('sharing.delegations.effect')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item name="entryId" label={t('sharing.field.entry')} rules={[{ required: true, message: t('edit.required') }]}>
            <EntrySelect departmentId={me.organisationId} pageSize={50} placeholder={t('sharing.delegations.entryPlaceholder')} data-testid="delegation-entry" />
          </Form.Item>
          <Form.Item
            name="delegateUserId"
            label={t('sharing.delegations.delegate')}
            rules={[{ required: true, message: t('edit.required') }]}
          >
            <DelegateField />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
