import { Space, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Application, ApplicationStep } from '@huitong/contracts';
import { ruleValue, usePolicyRules } from '../../api/meta.ts';
import { formatDateTime } from '../../components/format.ts';
import { stepKindLabel, StepDeadline } from '../../components/SharingTags.tsx';
import { stepDisplayStatus } from '../../components/sharingStatus.ts';
import { upcomingSteps } from '../../components/steps.ts';
import { useCodes } from '../../i18n/codes.ts';

const STEP_STATE_COLORS: Record<ApplicationStep['state'], string> = { pending: 'processing', approved: 'success', rejected: 'error', cancelled: 'default' };

function StepContent({ step }: { step: ApplicationStep }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2} style={{ paddingBottom: 8 }} data-testid={`step-${step.kind}`}>
      <span>
        {t('sharing.step.assignee')}{t('common.colon')}{step.assigneeDepartment.name}
      </span>
      <span>
        {t('sharing.step.receivedAt')}{t('common.colon')}{formatDateTime(step.receivedAt)}
        {step.workdays !== null && <Typography.Text type="secondary">{` · ${t('sharing.step.workdays', { count: step.workdays })}`}</Typography.Text>}
      </span>
      {step.dueOn && (
        <span>
          {t('sharing.step.dueOn')}{t('common.colon')}<StepDeadline step={step} />
        </span>
      )}
      {step.decidedAt && (
        <span data-testid="step-decision">
          {t('sharing.step.decidedBy', { name: step.decidedByName ?? '—', at: formatDateTime(step.decidedAt) })}
          {step.onBehalfOf && (
            <Tag color="purple" style={{ marginInlineStart: 6 }} data-testid="on-behalf-of">
              {t('sharing.step.onBehalfOf', { name: step.onBehalfOf.name })}
            </Tag>
          )}
        </span>
      )}
      {step.comment && (
        <span>
          {t('sharing.step.comment')}{t('common.colon')}<strong>{step.comment}</strong>
        </span>
      )}
      {step.legalBasis && (
        <span>
          {t('sharing.field.legalBasis')}{t('common.colon')}{step.legalBasis}
        </span>
      )}
      {step.escalatedAt && <Typography.Text type="danger">{t('sharing.step.escalated', { at: formatDateTime(step.escalatedAt) })}</Typography.Text>}
    </Space>
  );
}

/**
 * 办理进度: each step that happened with its assignee, deadline (「剩余N个工作日」/「已超期」,
 * 暂定), decision, reasons, legal basis and delegated reviewer; then the steps still ahead.
 */
export function StepTimeline({ application }: { application: Application }) {
  const { t } = useTranslation();
  const codes = useCodes();
  const rules = usePolicyRules();
  const ahead = upcomingSteps(application, ruleValue(rules.data, 'sharing.operator_preliminary_review_workdays', null) !== null);
  const items = [
    ...application.steps.map((step) => ({
      key: step.id,
      status: stepDisplayStatus(step.state, step.overdue),
      title: stepKindLabel(codes, step.kind),
      subTitle: <Tag color={STEP_STATE_COLORS[step.state]}>{t(`sharing.step.state.${step.state}`)}</Tag>,
      content: <StepContent step={step} />,
    })),
    ...ahead.map((kind) => ({ key: `ahead-${kind}`, status: 'wait' as const, title: stepKindLabel(codes, kind), content: <Typography.Text type="secondary">{t('sharing.step.ahead')}</Typography.Text> })),
    ...(application.state !== 'rejected' && application.state !== 'withdrawn'
      ? [
          {
            key: 'grant',
            status: application.state === 'approved' ? ('finish' as const) : ('wait' as const),
            title: t('sharing.step.grant'),
            content: application.grantId ? <Typography.Text>{t('sharing.step.granted', { at: formatDateTime(application.decidedAt) })}</Typography.Text> : null,
          },
        ]
      : []),
  ];
  return <Steps orientation="vertical" size="small" items={items} data-testid="step-timeline" />;
}
