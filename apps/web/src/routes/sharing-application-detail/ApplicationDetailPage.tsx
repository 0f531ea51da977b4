import { Link, useParams } from 'react-router';
import { Alert, Card, Col, Descriptions, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPLICATION_FLOWS, SHARE_MODES } from '@huitong/contracts';
import { useApplication } from '../../api/applications.ts';
import { isApiError } from '../../api/client.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { RecordLoadError } from '../../components/InvalidLinkPage.tsx';
import { ShareTypeTag } from '../../components/CodeTags.tsx';
import { formatDateTime } from '../../components/format.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ApplicationStateTag } from '../../components/SharingTags.tsx';
import { useCodes } from '../../i18n/codes.ts';
import { ApplicationActions } from './ApplicationActions.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { LetterCard } from './LetterCard.tsx';
import { StepTimeline } from './StepTimeline.tsx';

/** 共享申请详情: what is asked for, the steps with deadlines and decisions, the full history, and the actions allowed. */
export function ApplicationDetailPage() {
  const { t } = useTranslation();
  const codes = useCodes();
  const { id } = useParams<{ id: string }>();
  const application = useApplication(id);

  if (application.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (application.error) return <RecordLoadError error={application.error} />;
  const app = application.data;
  const flowLabel = codes.label(APPLICATION_FLOWS, app.flow as (typeof APPLICATION_FLOWS)[number]['code']) || app.flow;
  const rejection = app.state === 'rejected' ? [...app.steps].reverse().find((step) => step.state === 'rejected') : undefined;

  return (
    <>
      <PageTitle
        title={t('sharing.detail.title', { name: app.entry.name })}
        subtitle={
          <Space wrap size={4}>
            <Typography.Text code data-testid="application-number">
              {app.number}
            </Typography.Text>
            <ApplicationStateTag value={app.state} />
            <Tag>{flowLabel}</Tag>
            <Typography.Text type="secondary">
              {app.applicantDepartment.name} → {app.provider.name}
            </Typography.Text>
          </Space>
        }
        extra={<ApplicationActions application={app} />}
      />
      {app.state === 'draft' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('sharing.detail.draftHint')} data-testid="draft-hint" />}
      {rejection && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="rejection-banner"
          title={app.rejectionFinal ? t('sharing.detail.rejectedFinal') : t('sharing.detail.rejected')}
          description={
            <>
              <div>
                {t('sharing.step.comment')}{t('common.colon')}{rejection.comment}
              </div>
              {rejection.legalBasis && (
                <div>
                  {t('sharing.field.legalBasis')}{t('common.colon')}{rejection.legalBasis}
                </div>
              )}
              {app.permissions.dispute && <div>{t('sharing.detail.disputeHint')}</div>}
            </>
          }
        />
      )}
      {app.grantId && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <Link to={`/sharing/grants/${app.grantId}`} data-testid="grant-link">
              {t('sharing.detail.granted')}
            </Link>
          }
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('sharing.detail.request')} style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'entry',
                  label: t('sharing.field.entry'),
                  children: (
                    <Space wrap size={4}>
                      <Link to={`/catalog/${app.entry.id}`}>{app.entry.name}</Link>
                      <Typography.Text code>{app.entry.resourceCode}</Typography.Text>
                      <ShareTypeTag value={app.entry.shareType} />
                    </Space>
                  ),
                },
                {
                  key: 'items',
                  label: t('sharing.field.items'),
                  children: (
                    <Space wrap size={4} data-testid="application-items">
                      {app.items.map((item) => (
                        <Tag key={item.code} title={item.code}>
                          {item.name}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { key: 'shareMode', label: t('sharing.field.shareMode'), children: codes.label(SHARE_MODES, app.shareMode) },
                { key: 'system', label: t('sharing.field.system'), children: app.system.name },
                { key: 'period', label: t('sharing.field.period'), children: `${app.periodStart} ~ ${app.periodEnd}` },
                { key: 'purpose', label: t('sharing.field.purpose'), children: app.purpose },
                { key: 'scenario', label: t('sharing.field.scenario'), children: app.scenario },
                { key: 'basis', label: t('sharing.field.basis'), children: app.basis },
                { key: 'security', label: t('sharing.field.securityMeasures'), children: app.securityMeasures },
                { key: 'applicant', label: t('sharing.field.applicant'), children: `${app.applicantDepartment.name} · ${app.applicantUserName}` },
                { key: 'contact', label: t('sharing.field.contactName'), children: `${app.contactName} · ${app.contactPhone}` },
                { key: 'submittedAt', label: t('sharing.field.submittedAt'), children: formatDateTime(app.submittedAt) },
              ]}
            />
          </Card>
          <LetterCard application={app} />
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('sharing.detail.progress')} style={{ marginBottom: 16 }}>
            <StepTimeline application={app} />
          </Card>
          <Card title={t('sharing.detail.history')} style={{ marginBottom: 16 }}>
            <HistoryTimeline history={app.history} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
