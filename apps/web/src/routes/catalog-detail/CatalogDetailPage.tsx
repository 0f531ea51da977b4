import { useParams } from 'react-router';
import { Alert, Card, Empty, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANGE_KINDS, VERSION_STATES, type CatalogEntryDetail, type CatalogVersion } from '@huitong/contracts';
import { useCatalogEntry, workingVersionOf } from '../../api/catalog.ts';
import { isApiError } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { RecordLoadError } from '../../components/InvalidLinkPage.tsx';
import { EntryStatusTag, MountTag, OpenTypeTag, ShareTypeTag } from '../../components/CodeTags.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { DiffTable } from './DiffTable.tsx';
import { EntryApiService } from './EntryApiService.tsx';
import { EntryActions } from './EntryActions.tsx';
import { EntryObjections } from './EntryObjections.tsx';
import { EntryOverview } from './EntryOverview.tsx';
import { ItemsTable } from './ItemsTable.tsx';
import { VersionHistory } from './VersionHistory.tsx';

function PendingBanner({ entry, version }: { entry: CatalogEntryDetail; version: CatalogVersion }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const type = version.state === 'rejected' ? 'error' : version.state === 'submitted' ? 'info' : 'warning';
  const showDiff = Boolean(entry.pending) && version.kind === 'content';
  return (
    <Alert
      type={type}
      showIcon
      data-testid="pending-banner"
      style={{ marginBottom: 16 }}
      title={t('detail.pending', { no: version.versionNo, kind: codes.label(CHANGE_KINDS, version.kind), state: codes.label(VERSION_STATES, version.state) })}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          {version.changeSummary && (
            <span>
              {t('fields.changeSummary')}{t('common.colon')}{version.changeSummary}
            </span>
          )}
          {version.offlineReason && (
            <span>
              {t('actions.offlineReason')}{t('common.colon')}{version.offlineReason}
            </span>
          )}
          {version.submittedAt && <span>{t('detail.submittedAt', { at: formatDateTime(version.submittedAt) })}</span>}
          {version.state === 'rejected' && version.reviewComment && (
            <span>
              {t('detail.rejectedBecause')}{t('common.colon')}<strong>{version.reviewComment}</strong> ({version.reviewedByName})
            </span>
          )}
          {version.state === 'approved' && version.effectiveAt && <span>{t('detail.effectiveAt', { at: formatDateTime(version.effectiveAt) })}</span>}
          {showDiff && <DiffTable entryId={entry.id} versionId={version.id} />}
        </Space>
      }
    />
  );
}

/** 目录详情 */
export function CatalogDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const entry = useCatalogEntry(id);

  if (entry.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (entry.error) return <RecordLoadError error={entry.error} />;
  const data = entry.data;
  const content = data.current?.content;
  const working = workingVersionOf(data);
  return (
    <>
      <PageTitle
        title={content?.name ?? data.resourceCode}
        subtitle={
          <Space wrap size={4}>
            <Typography.Text code data-testid="entry-resource-code">
              {data.resourceCode}
            </Typography.Text>
            <EntryStatusTag value={data.status} />
            {content && <ShareTypeTag value={content.shareType} />}
            {content && <OpenTypeTag value={content.openType} />}
            <MountTag value={data.mount.status} />
            <Typography.Text type="secondary">{data.providerDepartmentName}</Typography.Text>
          </Space>
        }
        extra={<EntryActions entry={data} />}
      />
      {working && <PendingBanner entry={data} version={working} />}
      {!content ? (
        <Empty />
      ) : (
        <Card>
          <Tabs
            items={[
              { key: 'overview', label: t('detail.tab.overview'), children: <EntryOverview entry={data} content={content} /> },
              { key: 'items', label: t('detail.tab.items', { count: content.items.length }), children: <ItemsTable items={content.items} /> },
              { key: 'versions', label: t('detail.tab.versions'), children: <VersionHistory entryId={data.id} /> },
              { key: 'objections', label: t('detail.tab.objections'), children: <EntryObjections entry={data} items={content.items} /> },
              // 接口代理 entries carry their API service registration once published.
              ...(content.provisionMethod === 'api' && data.status === 'published' ? [{ key: 'api-service', label: t('apiService.tab'), children: <EntryApiService entry={data} /> }] : []),
            ]}
          />
        </Card>
      )}
    </>
  );
}
