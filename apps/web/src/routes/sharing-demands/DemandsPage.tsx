import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Button, Card, Form, Input, Modal, Result, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Demand } from '@huitong/contracts';
import { useCreateDemand, useDemandHotspots, useDemands, type DemandBox, type DemandCreateInput, type DemandHotspot } from '../../api/demands.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { DemandDue, DemandStateTag } from './DemandTags.tsx';
import { sharingScopesFor } from '../../app/navigation.ts';
import { useSession } from '../../app/session.ts';

type Tab = DemandBox | 'hotspots';

function DemandTable({ box }: { box: DemandBox }) {
  const { t } = useTranslation();
  const demands = useDemands(box);
  return (
    <>
      <ApiErrorAlert error={demands.error} />
      <Table<Demand>
        data-testid={`demands-${box}`}
        rowKey="id"
        size="small"
        loading={demands.isPending}
        dataSource={demands.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('sharing.demands.empty') }}
        rowClassName={(d) => (d.overdue ? 'ht-row-overdue' : '')}
        columns={[
          { title: t('sharing.demands.titleField'), dataIndex: 'title', render: (title: string, d) => <Link to={`/sharing/demands/${d.id}`}>{title}</Link> },
          ...(box !== 'mine' ? [{ title: t('sharing.demands.requester'), key: 'requester', width: 200, render: (_v: unknown, d: Demand) => `${d.requesterDepartment.name} · ${d.requesterName}` }] : []),
          ...(box !== 'received' ? [{ title: t('fields.provider'), key: 'provider', width: 180, render: (_v: unknown, d: Demand) => d.provider.name }] : []),
          { title: t('sharing.field.state'), dataIndex: 'state', width: 100, render: (state: Demand['state']) => <DemandStateTag value={state} /> },
          { title: t('sharing.demands.dueOn'), key: 'due', width: 210, render: (_v, d) => <DemandDue demand={d} /> },
          { title: t('sharing.demands.receivedAt'), dataIndex: 'receivedAt', width: 140, render: formatDateTime },
          { title: t('sharing.demands.answeredAt'), dataIndex: 'answeredAt', width: 140, render: formatDateTime },
        ]}
      />
    </>
  );
}

/** Data that several departments ask for: candidates for the high-frequency share library. */
function HotspotTable() {
  const { t } = useTranslation();
  const hotspots = useDemandHotspots();
  return (
    <>
      <ApiErrorAlert error={hotspots.error} />
      <Table<DemandHotspot>
        data-testid="demand-hotspots"
        rowKey={(h) => `${h.provider.id}:${h.title}`}
        size="small"
        loading={hotspots.isPending}
        dataSource={hotspots.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('sharing.demands.titleField'), dataIndex: 'title' },
          { title: t('fields.provider'), key: 'provider', width: 220, render: (_v, h) => h.provider.name },
          { title: t('sharing.demands.departments'), dataIndex: 'departments', width: 120, render: (n: number) => (n > 1 ? <Tag color="orange">{n}</Tag> : n) },
          { title: t('sharing.demands.count'), dataIndex: 'demands', width: 100 },
          { title: t('sharing.demands.open'), dataIndex: 'openDemands', width: 100 },
        ]}
      />
    </>
  );
}

/** 需求清单: data a department needs that is not in the catalog, raised to and answered by the provider. */
export function DemandsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  // `?new=1&title=…` (from a search that found nothing) opens the form with the title filled in.
  const [creating, setCreating] = useState(() => params.get('new') === '1');
  const initialTitle = params.get('title') ?? undefined;
  const [form] = Form.useForm<DemandCreateInput>();
  const create = useCreateDemand();
  const platform = sharingScopesFor(me).platform && me.can('sharing:demand:read');
  const mayRead = me.can('sharing:demand:read') || me.can('sharing:demand:create') || me.can('sharing:demand:answer');
  const tabs: Tab[] = [...(platform ? (['all', 'hotspots'] as const) : (['mine', 'received'] as const))];
  const requested = params.get('box') as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : tabs[0]!;

  if (!mayRead) return <Result status="403" title={t('common.forbidden')} />;

  const onFinish = (values: DemandCreateInput) => {
    const text = (value?: string) => value?.trim() || undefined;
    create.mutate(
      { providerDepartmentId: values.providerDepartmentId, title: values.title.trim(), description: values.description.trim(), purpose: values.purpose.trim(), itemsWanted: text(values.itemsWanted), basis: text(values.basis) },
      {
        onSuccess: (demand) => {
          void message.success(t('sharing.demands.created'));
          setCreating(false);
          form.resetFields();
          navigate(`/sharing/demands/${demand.id}`);
        },
      },
    );
  };

  return (
    <>
      <PageTitle
        title={t('nav.demands')}
        subtitle={t('sharing.demands.intro')}
        extra={
          me.can('sharing:demand:create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-demand">
              {t('sharing.demands.create')}
            </Button>
          )
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === tabs[0] ? new URLSearchParams() : new URLSearchParams({ box: key }))}
          items={tabs.map((key) => ({ key, label: t(`sharing.demands.box.${key}`), children: key === 'hotspots' ? <HotspotTable /> : <DemandTable box={key} /> }))}
          destroyOnHidden
        />
      </Card>
      <Modal title={t('sharing.demands.create')} open={creating} onCancel={() => (setCreating(false), create.reset())} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden width={640}>
        <ApiErrorAlert error={create.error} />
        <Form<DemandCreateInput> form={form} layout="vertical" onFinish={onFinish} initialValues={{ title: initialTitle }}>
          <Form.Item name="providerDepartmentId" label={t('sharing.demands.provider')} rules={[{ required: true, message: t('edit.required') }]}>
            <DepartmentTreeSelect selectable={(d) => d.id !== me.organisationId && (d.kind === 'department' || d.kind === 'affiliated_unit') && d.active} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="title" label={t('sharing.demands.titleField')} rules={[{ required: true, min: 2, message: t('edit.required') }]} extra={t('sharing.demands.titleHint')}>
            <Input maxLength={200} data-testid="demand-title" />
          </Form.Item>
          <Form.Item name="description" label={t('sharing.demands.description')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="itemsWanted" label={t('sharing.demands.itemsWanted')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="purpose" label={t('sharing.field.purpose')} rules={[{ required: true, min: 4, message: t('sharing.form.textMin') }]}>
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
          <Form.Item name="basis" label={t('sharing.field.basis')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
