import { Link } from 'react-router';
import { Button, Card, Result, Table, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CHANGE_KINDS, type ReviewQueueItem } from '@huitong/contracts';
import { useReviewQueue } from '../../api/catalog.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { EntryStatusTag } from '../../components/CodeTags.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { useSession } from '../../app/session.ts';

/** 审核队列: submitted content changes and offline requests, oldest first; decisions happen on the detail page. */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const me = useSession();
  const queue = useReviewQueue();
  if (!me.can('catalog:entry:review')) return <Result status="403" title={t('common.forbidden')} />;
  return (
    <>
      <PageTitle
        title={t('nav.review')}
        subtitle={t('review.intro')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      <ApiErrorAlert error={queue.error} />
      <Card>
        <Table<ReviewQueueItem>
          data-testid="review-queue"
          rowKey="versionId"
          loading={queue.isPending}
          dataSource={queue.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('review.empty') }}
          onRow={() => ({ 'data-testid': 'review-queue-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('fields.name'),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Link to={`/catalog/${row.entryId}`} data-testid="review-queue-link">
                  {name}
                </Link>
              ),
            },
            { title: t('fields.resourceCode'), dataIndex: 'resourceCode', width: 140, className: 'ht-secondary', render: (code: string) => <code>{code}</code> },
            { title: t('fields.provider'), dataIndex: 'providerDepartmentName', width: 200 },
            { title: t('versions.kind'), dataIndex: 'kind', width: 110, render: (kind: ReviewQueueItem['kind']) => <Tag color={kind === 'offline' ? 'red' : 'blue'}>{codes.label(CHANGE_KINDS, kind)}</Tag> },
            { title: t('versions.no'), dataIndex: 'versionNo', width: 70, className: 'ht-secondary', render: (no: number) => `v${no}` },
            { title: t('review.entryStatus'), dataIndex: 'entryStatus', width: 100, render: (status: ReviewQueueItem['entryStatus']) => <EntryStatusTag value={status} /> },
            { title: t('review.submitted'), key: 'submitted', width: 200, render: (_v, row) => `${row.submittedByName ?? '—'} · ${formatDateTime(row.submittedAt)}` },
            { title: t('versions.summary'), key: 'summary', render: (_v, row) => row.offlineReason || row.changeSummary || '—' },
          ]}
        />
      </Card>
    </>
  );
}
