import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Badge, Button, Card, Empty, Space, Tabs } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApplicationSummary } from '@huitong/contracts';
import { useApplications, useRefreshApplications, type StepKind } from '../../api/applications.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ApplicationTable } from '../../components/ApplicationTable.tsx';
import { DecisionDialog, type DecisionTarget } from '../../components/DecisionDialog.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { reviewBoxesFor, type QueueBox } from '../../app/navigation.ts';
import { useSession } from '../../app/session.ts';

const PAGE_SIZE = 20;

function QueueTable({ box, page, onPage, onDecide }: { box: QueueBox; page: number; onPage: (page: number) => void; onDecide: (row: ApplicationSummary, decision: 'approve' | 'reject') => void }) {
  const { t } = useTranslation();
  const queue = useApplications({ box, page, pageSize: PAGE_SIZE });
  return (
    <>
      <ApiErrorAlert error={queue.error} />
      <ApplicationTable
        testId={`queue-${box}`}
        page={queue.data}
        loading={queue.isPending}
        counterpart={box === 'leader' ? 'provider' : 'both'}
        onPage={onPage}
        emptyText={t('sharing.review.empty')}
        actions={(row) =>
          row.currentStep && (
            <Space size={0} wrap>
              <Button size="small" type="link" onClick={() => onDecide(row, 'approve')} data-testid="queue-approve">
                {t('sharing.decision.approve')}
              </Button>
              <Button size="small" type="link" danger onClick={() => onDecide(row, 'reject')} data-testid="queue-reject">
                {t('sharing.decision.reject')}
              </Button>
              <Link to={`/sharing/applications/${row.id}`} data-testid="queue-open">{t('sharing.review.open')}</Link>
            </Space>
          )
        }
      />
    </>
  );
}

function TabLabel({ box }: { box: QueueBox }) {
  const { t } = useTranslation();
  const queue = useApplications({ box, page: 1, pageSize: PAGE_SIZE });
  return (
    <span data-testid={`queue-tab-${box}`}>
      {t(`sharing.review.box.${box}`)} <Badge count={queue.data?.total ?? 0} size="small" showZero={false} />
    </span>
  );
}

/**
 * 待办审核: the queues the user works — 领导审批 (dept_leader), 平台审核 (operator), 提供部门审核
 * (provider reviewers and delegated reviewers) — each row with its deadline; overdue rows stand out.
 */
export function SharingReviewPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const boxes = reviewBoxesFor(me.operations, me.delegatedEntryIds.length > 0);
  const requested = params.get('box') as QueueBox | null;
  const box: QueueBox | undefined = requested && boxes.includes(requested) ? requested : boxes[0];
  const page = Number(params.get('page') ?? 1) || 1;
  const [decision, setDecision] = useState<DecisionTarget | null>(null);
  const refresh = useRefreshApplications();
  const [refreshing, setRefreshing] = useState(false);

  const onDecide = (row: ApplicationSummary, choice: 'approve' | 'reject') =>
    row.currentStep &&
    setDecision({ id: row.id, number: row.number, entryName: row.entry.name, applicantName: row.applicantDepartment.name, kind: row.currentStep.kind as StepKind, decision: choice });

  return (
    <>
      <PageTitle
        title={t('nav.sharingReview')}
        subtitle={t('sharing.review.intro')}
        extra={
          <Button icon={<ReloadOutlined />} loading={refreshing} onClick={() => (setRefreshing(true), void refresh().finally(() => setRefreshing(false)))}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Card>
        {!box ? (
          <Empty description={t('sharing.review.noQueues')} />
        ) : (
          <Tabs
            activeKey={box}
            onChange={(key) => setParams(new URLSearchParams({ box: key }))}
            items={boxes.map((key) => ({
              key,
              label: <TabLabel box={key} />,
              children: key === box ? <QueueTable box={key} page={page} onPage={(next) => setParams(new URLSearchParams({ box: key, ...(next > 1 && { page: String(next) }) }))} onDecide={onDecide} /> : null,
            }))}
          />
        )}
      </Card>
      {decision && <DecisionDialog target={decision} onClose={() => setDecision(null)} />}
    </>
  );
}
