import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANGE_KINDS, type CatalogVersion } from '@huitong/contracts';
import { useCatalogVersions } from '../../api/catalog.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { VersionStateTag } from '../../components/CodeTags.tsx';
import { formatDateTime } from '../../components/format.ts';
import { useCodes } from '../../i18n/codes.ts';
import { DiffTable } from './DiffTable.tsx';

/** 版本历史: every version the user may see, each expandable into its readable diff. */
export function VersionHistory({ entryId }: { entryId: string }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const versions = useCatalogVersions(entryId);
  if (versions.error) return <ApiErrorAlert error={versions.error} />;
  const rows = [...(versions.data ?? [])].sort((a, b) => b.versionNo - a.versionNo);
  return (
    <Table<CatalogVersion>
      data-testid="version-history"
      rowKey="id"
      size="small"
      loading={versions.isPending}
      pagination={false}
      dataSource={rows}
      expandable={{
        expandedRowRender: (version) => (version.kind === 'content' ? <DiffTable entryId={entryId} versionId={version.id} /> : <Typography.Paragraph>{t('versions.offlineReason')}{t('common.colon')}{version.offlineReason}</Typography.Paragraph>),
        expandRowByClick: false,
        columnTitle: <span className="sr-only">{t('versions.showDiff')}</span>,
      }}
      columns={[
        { title: t('versions.no'), dataIndex: 'versionNo', width: 70, render: (no: number) => `v${no}` },
        { title: t('versions.kind'), dataIndex: 'kind', width: 100, render: (kind: CatalogVersion['kind']) => <Tag>{codes.label(CHANGE_KINDS, kind)}</Tag> },
        { title: t('versions.state'), dataIndex: 'state', width: 120, render: (state: CatalogVersion['state']) => <VersionStateTag value={state} /> },
        { title: t('versions.summary'), key: 'summary', render: (_v, version) => version.changeSummary || version.offlineReason || '—' },
        { title: t('versions.createdBy'), key: 'created', width: 180, render: (_v, version) => `${version.createdByName ?? '—'} · ${formatDateTime(version.createdAt)}` },
        { title: t('versions.submittedAt'), dataIndex: 'submittedAt', width: 150, render: formatDateTime },
        {
          title: t('versions.review'),
          key: 'review',
          render: (_v, version) =>
            version.reviewedAt ? (
              <span>
                {version.reviewedByName} · {formatDateTime(version.reviewedAt)}
                {version.reviewComment && <div style={{ color: 'rgba(0,0,0,0.65)' }}>{version.reviewComment}</div>}
              </span>
            ) : (
              '—'
            ),
        },
        { title: t('versions.effectiveAt'), key: 'effective', width: 150, render: (_v, version) => formatDateTime(version.publishedAt ?? version.effectiveAt) },
      ]}
    />
  );
}
