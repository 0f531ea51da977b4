import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHARE_MODES, type ApplicationSummary, type Page } from '@huitong/contracts';
import { useCodes } from '../i18n/codes.ts';
import { isOverdue } from './deadline.ts';
import { formatDateTime } from './format.ts';
import { ApplicationStateTag, stepKindLabel, StepDeadline } from './SharingTags.tsx';

interface Props {
  page: Page<ApplicationSummary> | undefined;
  loading?: boolean;
  /** Which department to name: the provider (own applications) or the applicant (received, queues). */
  counterpart: 'provider' | 'applicant' | 'both';
  onPage?: (page: number) => void;
  actions?: (row: ApplicationSummary) => ReactNode;
  emptyText?: string;
  testId?: string;
}

/**
 * Applications with their state, the step waiting for a decision and its deadline. Rows whose
 * step is past due are highlighted.
 */
export function ApplicationTable({ page, loading, counterpart, onPage, actions, emptyText, testId = 'application-table' }: Props) {
  const { t } = useTranslation();
  const codes = useCodes();
  const columns: TableProps<ApplicationSummary>['columns'] = [
    {
      title: t('sharing.field.number'),
      dataIndex: 'number',
      width: 170,
      render: (number: string, row) => (
        <Link to={`/sharing/applications/${row.id}`} data-testid="application-link">
          {number}
        </Link>
      ),
    },
    {
      title: t('sharing.field.entry'),
      key: 'entry',
      width: 240,
      render: (_v, row) => (
        <>
          <div data-testid="application-entry">{row.entry.name}</div>
          <Typography.Text type="secondary" className="ht-secondary" style={{ fontSize: 12 }}>
            {codes.label(SHARE_MODES, row.shareMode)} · {t('search.itemCount', { count: row.itemCount })}
          </Typography.Text>
        </>
      ),
    },
    ...(counterpart !== 'applicant' ? [{ title: t('fields.provider'), key: 'provider', width: 170, render: (_v: unknown, row: ApplicationSummary) => row.provider.name }] : []),
    ...(counterpart !== 'provider' ? [{ title: t('sharing.field.applicant'), key: 'applicant', width: 170, render: (_v: unknown, row: ApplicationSummary) => row.applicantDepartment.name }] : []),
    { title: t('sharing.field.state'), dataIndex: 'state', width: 120, render: (state: string) => <ApplicationStateTag value={state} /> },
    {
      title: t('sharing.field.currentStep'),
      key: 'step',
      width: 260,
      render: (_v, row) =>
        row.currentStep ? (
          <Space orientation="vertical" size={2}>
            <span>
              {stepKindLabel(codes, row.currentStep.kind)} <Typography.Text type="secondary" className="ht-secondary">· {row.currentStep.assigneeDepartment.name}</Typography.Text>
            </span>
            <StepDeadline step={row.currentStep} />
          </Space>
        ) : (
          '—'
        ),
    },
    { title: t('sharing.field.submittedAt'), dataIndex: 'submittedAt', width: 140, render: formatDateTime },
    ...(actions ? [{ title: t('common.actions'), key: 'actions', fixed: 'right' as const, width: 190, render: (_v: unknown, row: ApplicationSummary) => actions(row) }] : []),
  ];
  return (
    <Table<ApplicationSummary>
      data-testid={testId}
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={page?.items ?? []}
      locale={emptyText ? { emptyText } : undefined}
      rowClassName={(row) => (isOverdue(row.currentStep) ? 'ht-row-overdue' : '')}
      onRow={(row) => ({ 'data-testid': 'application-row', 'data-overdue': isOverdue(row.currentStep) ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
      pagination={
        page && page.total > page.pageSize
          ? { current: page.page, pageSize: page.pageSize, total: page.total, showSizeChanger: false, onChange: onPage, showTotal: (total) => t('common.total', { count: total }) }
          : false
      }
      scroll={{ x: 'max-content' }}
      columns={columns}
    />
  );
}
