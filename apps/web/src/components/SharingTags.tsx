import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPLICATION_STATES, GRANT_STATUSES, STEP_KINDS, type ApplicationState, type ApplicationStep, type GrantStatus } from '@huitong/contracts';
import { useCodes } from '../i18n/codes.ts';
import { deadlineColor, deadlineStatus } from './deadline.ts';
import { applicationStateColor, GRANT_STATUS_COLORS } from './sharingStatus.ts';

export function ApplicationStateTag({ value }: { value: string }) {
  const codes = useCodes();
  return (
    <Tag color={applicationStateColor(value)} data-testid="application-state" data-state={value}>
      {codes.label(APPLICATION_STATES, value as ApplicationState) || value}
    </Tag>
  );
}

export function stepKindLabel(codes: ReturnType<typeof useCodes>, kind: string): string {
  return codes.label(STEP_KINDS, kind as (typeof STEP_KINDS)[number]['code']) || kind;
}

export function GrantStatusTag({ value }: { value: GrantStatus }) {
  const codes = useCodes();
  return (
    <Tag color={GRANT_STATUS_COLORS[value]} data-testid="grant-status" data-status={value}>
      {codes.label(GRANT_STATUSES, value)}
    </Tag>
  );
}

/** 「暂定」: the due date reaches into a year whose official holiday schedule is not loaded yet. */
export function ProvisionalTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('sharing.deadline.provisionalHint')}>
      <Tag color="gold" data-testid="due-provisional" style={{ marginInlineEnd: 0 }}>
        {t('sharing.deadline.provisional')}
      </Tag>
    </Tooltip>
  );
}

/** Remaining working days of a pending step: 「剩余N个工作日」, 「今日到期」 or 「已超期N个工作日」. */
export function RemainingTag({ step }: { step: Pick<ApplicationStep, 'state' | 'dueOn' | 'remainingWorkdays' | 'overdue'> }) {
  const { t } = useTranslation();
  const status = deadlineStatus(step);
  let text: string;
  switch (status.kind) {
    case 'remaining':
      text = t('sharing.deadline.remaining', { count: status.days });
      break;
    case 'today':
      text = t('sharing.deadline.today');
      break;
    case 'overdue':
      text = status.days === null ? t('sharing.deadline.overdue') : t('sharing.deadline.overdueBy', { count: status.days });
      break;
    default:
      return null;
  }
  return (
    <Tag color={deadlineColor(status)} data-testid="remaining-workdays" data-kind={status.kind} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
}

/** Due date, provisional marker and remaining working days of a step, on one line. */
export function StepDeadline({ step }: { step: Pick<ApplicationStep, 'state' | 'dueOn' | 'dueProvisional' | 'remainingWorkdays' | 'overdue' | 'workdays'> }) {
  const { t } = useTranslation();
  if (!step.dueOn) return <Typography.Text type="secondary">{t('sharing.deadline.none')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span data-testid="due-on">{step.dueOn}</span>
      {step.dueProvisional && <ProvisionalTag />}
      <RemainingTag step={step} />
    </Space>
  );
}
