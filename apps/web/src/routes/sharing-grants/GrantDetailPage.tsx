import { Link, useParams } from 'react-router';
import { Alert, Card, Descriptions, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHARE_MODES } from '@huitong/contracts';
import { isApiError } from '../../api/client.ts';
import { useGrant } from '../../api/grants.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { RecordLoadError } from '../../components/InvalidLinkPage.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { GrantStatusTag } from '../../components/SharingTags.tsx';
import { isGrantInactive } from '../../components/sharingStatus.ts';
import { useCodes } from '../../i18n/codes.ts';
import { GrantActions } from './GrantActions.tsx';

/** 授权详情: entry, items, consuming system, mode, period and conditions; revocation and destruction. */
export function GrantDetailPage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const { id } = useParams<{ id: string }>();
  const grant = useGrant(id);

  if (grant.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (grant.error) return <RecordLoadError error={grant.error} />;
  const g = grant.data;
  return (
    <>
      <PageTitle
        title={t('sharing.grants.title', { name: g.entry.name })}
        subtitle={
          <Space wrap size={4}>
            <GrantStatusTag value={g.status} />
            <Typography.Text type="secondary">
              {g.provider.name} → {g.consumer.name}
            </Typography.Text>
          </Space>
        }
        extra={<GrantActions grant={g} />}
      />
      {g.status === 'revoked' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="grant-revoked"
          title={t('sharing.grants.revokedAt', { at: formatDateTime(g.revokedAt), name: g.revokedByName ?? '—' })}
          description={g.revokeReason}
        />
      )}
      {isGrantInactive(g.status) && (
        <Alert
          type={g.destructionConfirmedAt ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          title={g.destructionConfirmedAt ? t('sharing.grants.destructionConfirmed', { at: formatDateTime(g.destructionConfirmedAt) }) : t('sharing.grants.destructionPending')}
          description={g.destructionNote}
        />
      )}
      <Card>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'entry',
              label: t('sharing.field.entry'),
              children: (
                <Space size={4}>
                  <Link to={`/catalog/${g.entry.id}`}>{g.entry.name}</Link>
                  <Typography.Text code>{g.entry.resourceCode}</Typography.Text>
                </Space>
              ),
            },
            { key: 'status', label: t('sharing.grants.status'), children: <GrantStatusTag value={g.status} /> },
            { key: 'provider', label: t('fields.provider'), children: g.provider.name },
            { key: 'consumer', label: t('sharing.grants.consumer'), children: g.consumer.name },
            { key: 'system', label: t('sharing.field.system'), children: g.system.name },
            { key: 'shareMode', label: t('sharing.field.shareMode'), children: codes.label(SHARE_MODES, g.shareMode) },
            { key: 'period', label: t('sharing.field.period'), children: `${g.startsOn} ~ ${g.endsOn}` },
            {
              key: 'application',
              label: t('sharing.field.number'),
              children: g.applicationId ? <Link to={`/sharing/applications/${g.applicationId}`}>{g.applicationNumber}</Link> : '—',
            },
            { key: 'createdAt', label: t('sharing.grants.createdAt'), children: formatDateTime(g.createdAt) },
            { key: 'conditions', label: t('fields.shareConditions'), children: g.conditions ?? '—', span: 2 },
            {
              key: 'items',
              label: t('sharing.field.items'),
              span: 2,
              children: (
                <Space wrap size={4}>
                  {g.items.map((item) => (
                    <Tag key={item.code} title={item.code}>
                      {item.name}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
