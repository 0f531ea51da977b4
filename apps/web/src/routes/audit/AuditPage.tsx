import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag } from 'antd';
import { SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { AUDIT_OUTCOMES, type AuditOutcome, type AuditRecord } from '@huitong/contracts';
import { useAuditRecords, useVerifyAudit, type AuditFilter } from '../../api/audit.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DepartmentTreeSelect } from '../../components/DepartmentTreeSelect.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { codeLang } from '../../i18n/language.ts';
import { actorLabel, detailFieldLabel, detailValue, operationLabel, operationOptions, targetLabel } from './auditLabels.ts';
import { useSession } from '../../app/session.ts';

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'green', failure: 'orange', denied: 'red' };

interface FilterValues {
  actor?: string;
  departmentId?: string;
  operation?: string;
  outcome?: AuditOutcome;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** 审计日志: filterable, expandable records and the chain verification. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = codeLang(i18n.language);
  const codes = useCodes();
  const me = useSession();
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, pageSize: 50 });
  const records = useAuditRecords(filter);
  const verify = useVerifyAudit();
  const mayVerify = me.can('audit:verify');

  const onFinish = (values: FilterValues) => {
    const [from, to] = values.range ?? [null, null];
    setFilter({
      page: 1,
      pageSize: filter.pageSize,
      actor: values.actor?.trim() || undefined,
      departmentId: values.departmentId || undefined,
      operation: values.operation?.trim() || undefined,
      outcome: values.outcome,
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
    });
  };

  return (
    <>
      <PageTitle
        title={t('nav.audit')}
        extra={
          mayVerify && (
            <Button icon={<SafetyOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
              {t('audit.verify')}
            </Button>
          )
        }
      />
      <ApiErrorAlert error={verify.error} />
      {verify.data && (
        <Alert
          closable
          onClose={() => verify.reset()}
          data-testid="audit-verify-result"
          style={{ marginBottom: 16 }}
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          title={verify.data.ok ? t('audit.verifyOk', { checked: verify.data.checked }) : t('audit.verifyBroken')}
          description={
            <>
              {t('audit.verifyRange', { first: verify.data.firstSeq ?? '—', last: verify.data.lastSeq ?? '—', checkpoints: verify.data.checkpointsVerified })}
              {verify.data.problem && (
                <div>
                  {t('audit.verifyProblem', { seq: verify.data.problem.seq, kind: verify.data.problem.kind })}: {verify.data.problem.message}
                </div>
              )}
            </>
          }
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Form<FilterValues> layout="inline" onFinish={onFinish} style={{ rowGap: 12 }}>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear style={{ width: 150 }} maxLength={50} />
          </Form.Item>
          <Form.Item name="departmentId" label={t('audit.department')}>
            <DepartmentTreeSelect allowClear style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="operation" label={t('audit.operation')} tooltip={t('audit.operationHint')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 240 }} options={operationOptions(lang)} placeholder={t('audit.anyOperation')} data-testid="audit-operation-filter" />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select allowClear style={{ width: 110 }} options={codes.options(AUDIT_OUTCOMES)} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.time')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('search.submit')}
              </Button>
              <Button htmlType="reset" onClick={() => setFilter({ page: 1, pageSize: filter.pageSize })}>
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <ApiErrorAlert error={records.error} />
      <Card>
        <Table<AuditRecord>
          data-testid="audit-table"
          rowKey="seq"
          size="small"
          loading={records.isFetching}
          dataSource={records.data?.items ?? []}
          pagination={{
            current: records.data?.page ?? filter.page,
            pageSize: records.data?.pageSize ?? filter.pageSize,
            total: records.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('common.total', { count: total }),
            onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
          }}
          expandable={{
            expandedRowRender: (record) => (
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('audit.operationCode')}>
                  <code>{record.operation}</code>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.target')}>{record.targetType ? targetLabel(record, lang) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.targetId')}>
                  <code data-testid="audit-target-id">{record.targetId ?? '—'}</code>
                </Descriptions.Item>
                <Descriptions.Item label={t('audit.requestId')}>{record.requestId ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.clientIp')}>{record.clientIp ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('audit.system')}>{record.systemId ?? '—'}</Descriptions.Item>
                {Object.entries(record.details ?? {}).map(([key, value]) => (
                  <Descriptions.Item key={key} label={detailFieldLabel(key, lang)}>
                    <span data-testid="audit-detail">{detailValue(value, lang)}</span>
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label={t('audit.hash')}>
                  <code style={{ wordBreak: 'break-all' }}>{record.hash}</code>
                </Descriptions.Item>
              </Descriptions>
            ),
          }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 80, className: 'ht-secondary' },
            { title: t('audit.time'), dataIndex: 'occurredAt', width: 150, render: formatDateTime },
            { title: t('audit.actor'), key: 'actor', width: 120, render: (_v, r) => actorLabel(r, lang) },
            { title: t('audit.department'), dataIndex: 'actorDepartmentName', className: 'ht-secondary', render: (v: string | null) => v ?? '—' },
            { title: t('audit.operation'), dataIndex: 'operation', render: (op: string) => <span data-testid="audit-operation" title={op}>{operationLabel(op, lang)}</span> },
            { title: t('audit.target'), key: 'target', width: 220, render: (_v, r) => <span data-testid="audit-target">{targetLabel(r, lang)}</span> },
            { title: t('audit.outcome'), dataIndex: 'outcome', width: 90, render: (v: AuditOutcome) => <Tag color={OUTCOME_COLORS[v]}>{codes.label(AUDIT_OUTCOMES, v)}</Tag> },
          ]}
        />
      </Card>
    </>
  );
}
