import { Link, useSearchParams } from 'react-router';
import { Card, Result, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHARE_MODES, type Grant } from '@huitong/contracts';
import { useGrants, type GrantRole } from '../../api/grants.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { GrantStatusTag } from '../../components/SharingTags.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { sharingScopesFor } from '../../app/navigation.ts';
import { useSession } from '../../app/session.ts';
import { GrantActions } from './GrantActions.tsx';

/** 共享授权: what the own department may use (consumer), what it gives (provider), and (operator) every grant. */
export function GrantsPage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const { platform } = sharingScopesFor(me);
  const roles: GrantRole[] = ['consumer', 'provider', ...(platform ? (['all'] as const) : [])];
  const requested = params.get('role') as GrantRole | null;
  const role: GrantRole = requested && roles.includes(requested) ? requested : 'consumer';
  const grants = useGrants({ role }, { enabled: me.can('sharing:grant:read') });

  if (!me.can('sharing:grant:read')) return <Result status="403" title={t('common.forbidden')} />;

  return (
    <>
      <PageTitle title={t('nav.grants')} subtitle={t('sharing.grants.intro')} />
      <Card>
        <Tabs
          activeKey={role}
          onChange={(key) => setParams(key === 'consumer' ? new URLSearchParams() : new URLSearchParams({ role: key }))}
          items={roles.map((key) => ({ key, label: <span data-testid={`grants-tab-${key}`}>{t(`sharing.grants.role.${key}`)}</span> }))}
        />
        <ApiErrorAlert error={grants.error} />
        <Table<Grant>
          data-testid="grant-table"
          rowKey="id"
          size="small"
          loading={grants.isPending}
          dataSource={grants.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('sharing.grants.empty') }}
          scroll={{ x: 1100 }}
          onRow={(grant) => ({ 'data-testid': 'grant-row', 'data-status': grant.status }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('sharing.field.entry'),
              key: 'entry',
              render: (_v, grant) => (
                <>
                  <Link to={`/sharing/grants/${grant.id}`} data-testid="grant-link">
                    {grant.entry.name}
                  </Link>
                  <div>
                    <Typography.Text type="secondary" className="ht-secondary" style={{ fontSize: 12 }}>
                      {codes.label(SHARE_MODES, grant.shareMode)} · {t('search.itemCount', { count: grant.itemCodes.length })}
                    </Typography.Text>
                  </div>
                </>
              ),
            },
            ...(role !== 'provider' ? [{ title: t('fields.provider'), key: 'provider', width: 180, render: (_v: unknown, grant: Grant) => grant.provider.name }] : []),
            ...(role !== 'consumer' ? [{ title: t('sharing.grants.consumer'), key: 'consumer', width: 180, render: (_v: unknown, grant: Grant) => grant.consumer.name }] : []),
            { title: t('sharing.field.system'), key: 'system', width: 170, render: (_v, grant) => grant.system.name },
            { title: t('sharing.field.period'), key: 'period', width: 200, render: (_v, grant) => `${grant.startsOn} ~ ${grant.endsOn}` },
            { title: t('sharing.grants.status'), dataIndex: 'status', width: 100, render: (status: Grant['status']) => <GrantStatusTag value={status} /> },
            {
              title: t('sharing.field.number'),
              key: 'application',
              width: 160,
              render: (_v, grant) => (grant.applicationId ? <Link to={`/sharing/applications/${grant.applicationId}`}>{grant.applicationNumber}</Link> : '—'),
            },
            { title: t('common.actions'), key: 'actions', fixed: 'right', width: 150, render: (_v, grant) => <GrantActions grant={grant} size="small" /> },
          ]}
        />
      </Card>
    </>
  );
}
