import { useState } from 'react';
import { Card, Flex, Result, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSupervisionRecords, type SupervisionRecord } from '../../api/supervision.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useSession } from '../../app/session.ts';

const KINDS = ['application_step_overdue', 'demand_overdue', 'objection_overdue', 'monthly_report_missing'] as const;

/** 超期督办: overdue application steps and unanswered demands, kept for supervision until they are dealt with. */
export function SupervisionPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [openOnly, setOpenOnly] = useState(true);
  const records = useSupervisionRecords({ departmentId, openOnly });
  if (!me.can('supervision:read')) return <Result status="403" title={t('common.forbidden')} />;
  return (
    <>
      <PageTitle title={t('nav.supervision')} subtitle={t('sharing.supervision.intro')} />
      <Card>
        <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
          <DepartmentTreeSelect allowClear value={departmentId} onChange={(value) => setDepartmentId(typeof value === 'string' ? value : undefined)} aria-label={t('sharing.supervision.department')} style={{ width: 280 }} />
          <Switch checked={openOnly} onChange={setOpenOnly} checkedChildren={t('maintenance.openOnly')} unCheckedChildren={t('maintenance.all')} aria-label={t('maintenance.openOnly')} />
        </Flex>
        <ApiErrorAlert error={records.error} />
        <Table<SupervisionRecord>
          data-testid="supervision-table"
          rowKey="id"
          size="small"
          loading={records.isPending}
          dataSource={records.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('sharing.supervision.empty') }}
          columns={[
            {
              title: t('sharing.supervision.kind'),
              dataIndex: 'kind',
              width: 160,
              render: (kind: string) => <Tag color="red">{(KINDS as readonly string[]).includes(kind) ? t(`sharing.supervision.kinds.${kind as (typeof KINDS)[number]}`) : kind}</Tag>,
            },
            { title: t('sharing.supervision.department'), key: 'department', width: 220, render: (_v, r) => r.department.name },
            { title: t('sharing.supervision.reference'), dataIndex: 'reference' },
            { title: t('sharing.demands.dueOn'), dataIndex: 'dueOn', width: 110 },
            { title: t('sharing.supervision.recordedAt'), dataIndex: 'recordedAt', width: 150, render: formatDateTime },
            {
              title: t('sharing.supervision.resolvedAt'),
              dataIndex: 'resolvedAt',
              width: 150,
              render: (at: string | null) => (at ? formatDateTime(at) : <Tag color="warning">{t('sharing.supervision.open')}</Tag>),
            },
          ]}
        />
      </Card>
    </>
  );
}
