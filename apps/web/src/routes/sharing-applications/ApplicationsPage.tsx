import { Link, useSearchParams } from 'react-router';
import { Button, Card, Result, Select, Table, Tabs } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { APPLICATION_STATES } from '@huitong/contracts';
import { useApplications, useEntryDemand, type ApplicationBox, type EntryDemand } from '../../api/applications.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ApplicationTable } from '../../components/ApplicationTable.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { sharingScopesFor } from '../../app/navigation.ts';
import { useSession } from '../../app/session.ts';

type ListBox = Extract<ApplicationBox, 'mine' | 'received' | 'all'>;
const PAGE_SIZE = 20;

/** Entries most departments applied for: candidates for the high-frequency share library. */
function EntryDemandCard() {
  const { t } = useTranslation();
  const demand = useEntryDemand();
  return (
    <Card title={t('sharing.list.entryDemand')} style={{ marginTop: 16 }}>
      <ApiErrorAlert error={demand.error} />
      <Table<EntryDemand>
        rowKey={(row) => row.entry.id}
        size="small"
        loading={demand.isPending}
        dataSource={demand.data ?? []}
        pagination={false}
        columns={[
          { title: t('fields.name'), key: 'entry', render: (_v, row) => <Link to={`/catalog/${row.entry.id}`}>{row.entry.name}</Link> },
          { title: t('fields.resourceCode'), key: 'code', width: 140, className: 'ht-secondary', render: (_v, row) => <code>{row.entry.resourceCode}</code> },
          { title: t('fields.provider'), key: 'provider', width: 200, render: (_v, row) => row.provider.name },
          { title: t('sharing.list.departments'), dataIndex: 'departments', width: 110 },
          { title: t('sharing.list.applications'), dataIndex: 'applications', width: 110 },
        ]}
      />
    </Card>
  );
}

/** 共享申请: the own department's applications, those made to it, and (operator) all of them. */
export function ApplicationsPage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const { platform } = sharingScopesFor(me);
  const boxes: ListBox[] = ['mine', 'received', ...(platform ? (['all'] as const) : [])];
  const requested = params.get('box') as ListBox | null;
  const box: ListBox = requested && boxes.includes(requested) ? requested : 'mine';
  const state = params.get('state') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const list = useApplications({ box, state, page, pageSize: PAGE_SIZE }, { enabled: me.can('sharing:application:read') });

  if (!me.can('sharing:application:read')) return <Result status="403" title={t('common.forbidden')} />;

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <>
      <PageTitle
        title={t('nav.applications')}
        subtitle={t('sharing.list.intro')}
        extra={
          <>
            {me.can('sharing:application:create') && (
              <Link to="/catalog">
                <Button type="primary" icon={<SearchOutlined />}>
                  {t('sharing.list.findResource')}
                </Button>
              </Link>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <Card>
        <Tabs
          activeKey={box}
          onChange={(key) => update({ box: key === 'mine' ? undefined : key, page: undefined })}
          items={boxes.map((key) => ({ key, label: <span data-testid={`applications-tab-${key}`}>{t(`sharing.list.box.${key}`)}</span> }))}
        />
        {/* Outside the tab bar: a combobox inside role=tablist is not allowed (axe aria-required-children). */}
        <div style={{ marginBottom: 12 }}>
          <Select
            allowClear
            aria-label={t('sharing.field.state')}
            placeholder={t('sharing.list.anyState')}
            value={state}
            onChange={(value?: string) => update({ state: value, page: undefined })}
            options={APPLICATION_STATES.map((s) => ({ value: s.code, label: codes.label(APPLICATION_STATES, s.code) }))}
            style={{ width: 160 }}
          />
        </div>
        <ApiErrorAlert error={list.error} />
        <ApplicationTable
          page={list.data}
          loading={list.isPending}
          counterpart={box === 'mine' ? 'provider' : box === 'received' ? 'applicant' : 'both'}
          onPage={(next) => update({ page: next > 1 ? String(next) : undefined })}
          emptyText={box === 'mine' ? t('sharing.list.emptyMine') : t('sharing.list.empty')}
        />
      </Card>
      {box === 'all' && <EntryDemandCard />}
    </>
  );
}
