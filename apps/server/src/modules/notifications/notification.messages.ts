import { labelOf, renderNotification, STEP_KINDS, type LocalisedText, type MessageParams, type StepKind } from '@huitong/contracts';

/**
 * An inbox message. With a `code` (notification-messages.ts in @huitong/contracts) the reader's
 * console renders it in its language from `params`; `title` and `body` are the Chinese text,
 * stored for e-mail and for readers without a language. Without a code the text is all there is.
 */
export interface Message {
  kind: string;
  title: string;
  body: string;
  /** A console path, e.g. /sharing/applications/<id>. */
  link?: string;
  code?: string;
  params?: MessageParams;
}

function coded(kind: string, code: string, params: MessageParams, link: string): Message {
  const text = renderNotification('zh-CN', code, params);
  if (!text) throw new Error(`notification code ${code} is not in the catalog`);
  return { kind, code, params, title: text.title, body: text.body, link };
}

const step = (kind: StepKind): LocalisedText => ({ zh: labelOf(STEP_KINDS, kind), en: labelOf(STEP_KINDS, kind, 'en').toLowerCase() });
const phrase = (when: boolean, zh: string, en: string): LocalisedText | '' => (when ? { zh, en } : '');
const applicationLink = (id: string) => `/sharing/applications/${id}`;

/** Builders for every message the platform sends; other modules call these instead of writing text. */
export const notificationMessages = {
  stepAssigned(input: { applicationId: string; number: string; step: StepKind; due: { date: string; provisional: boolean; workdays: number } | null }): Message {
    const due = input.due;
    const duePhrase = due
      ? { zh: `,请于 ${due.date}${due.provisional ? '(暂按周一至周五计算)' : ''} 前处理(${due.workdays} 个工作日)`, en: `, due by ${due.date}${due.provisional ? ' (provisional: counted Monday to Friday)' : ''} (${due.workdays} working days)` }
      : '';
    return coded('application.step_assigned', 'APPLICATION_STEP_ASSIGNED', { number: input.number, step: step(input.step), due: duePhrase }, applicationLink(input.applicationId));
  },
  applicationWithdrawn(input: { applicationId: string; number: string }): Message {
    return coded('application.withdrawn', 'APPLICATION_WITHDRAWN', { number: input.number }, applicationLink(input.applicationId));
  },
  applicationRefused(input: { applicationId: string; number: string; step: StepKind; comment: string; legalBasis?: string | null }): Message {
    const basis = phrase(Boolean(input.legalBasis), `(依据: ${input.legalBasis})`, ` (basis: ${input.legalBasis})`);
    return coded('application.decided', 'APPLICATION_REFUSED', { number: input.number, step: step(input.step), comment: input.comment, basis }, applicationLink(input.applicationId));
  },
  applicationApproved(input: { grantId: string; number: string; start: string; end: string }): Message {
    return coded('grant.created', 'APPLICATION_APPROVED', { number: input.number, start: input.start, end: input.end }, `/sharing/grants/${input.grantId}`);
  },
  grantCreated(input: { grantId: string; number: string }): Message {
    return coded('grant.created', 'GRANT_CREATED', { number: input.number }, `/sharing/grants/${input.grantId}`);
  },
  applicationReminder(input: { applicationId: string; number: string; step: StepKind; dueOn: string; provisional: boolean; remaining: number }): Message {
    const provisional = phrase(input.provisional, '(暂定)', ' (provisional)');
    return coded('application.reminder', 'APPLICATION_REMINDER', { number: input.number, step: step(input.step), dueOn: input.dueOn, provisional, remaining: input.remaining }, applicationLink(input.applicationId));
  },
  applicationOverdue(input: { applicationId: string; number: string; step: StepKind; dueOn: string }): Message {
    return coded('application.overdue', 'APPLICATION_OVERDUE', { number: input.number, step: step(input.step), dueOn: input.dueOn }, applicationLink(input.applicationId));
  },
  /** `at`: the Beijing minute of the revocation (chinaMinute). */
  grantRevoked(input: { grantId: string; at: string; reason: string }): Message {
    return coded('grant.revoked', 'GRANT_REVOKED', { at: input.at, reason: input.reason }, `/sharing/grants/${input.grantId}`);
  },
  grantExpired(input: { grantId: string; endsOn: string }): Message {
    return coded('grant.expired', 'GRANT_EXPIRED', { endsOn: input.endsOn }, `/sharing/grants/${input.grantId}`);
  },
  delegationCreated(input: { department: string; entry: string }): Message {
    return coded('delegation.created', 'DELEGATION_CREATED', { department: input.department, entry: input.entry }, '/sharing/review?box=provider');
  },
  demandCreated(input: { demandId: string; title: string; department: string; dueOn: string; provisional: boolean; workdays: number }): Message {
    const provisional = phrase(input.provisional, '(暂按周一至周五计算)', ' (provisional: counted Monday to Friday)');
    return coded('demand.created', 'DEMAND_CREATED', { title: input.title, department: input.department, dueOn: input.dueOn, provisional, workdays: input.workdays }, `/sharing/demands/${input.demandId}`);
  },
  demandAnswered(input: { demandId: string; title: string; provider: string; agreed: boolean; answer: string }): Message {
    const decision = input.agreed ? { zh: '同意并已编目', en: 'agreed and catalogued the data' } : { zh: '不同意', en: 'declined' };
    return coded('demand.answered', 'DEMAND_ANSWERED', { title: input.title, provider: input.provider, decision, answer: input.answer }, `/sharing/demands/${input.demandId}`);
  },
  demandReminder(input: { demandId: string; title: string; dueOn: string; remaining: number }): Message {
    return coded('demand.reminder', 'DEMAND_REMINDER', { title: input.title, dueOn: input.dueOn, remaining: input.remaining }, `/sharing/demands/${input.demandId}`);
  },
  demandOverdue(input: { demandId: string; title: string; dueOn: string }): Message {
    return coded('demand.overdue', 'DEMAND_OVERDUE', { title: input.title, dueOn: input.dueOn }, `/sharing/demands/${input.demandId}`);
  },
  objectionOverdue(input: { entryId: string; entry: string; dueOn: string }): Message {
    return coded('objection.overdue', 'OBJECTION_OVERDUE', { entry: input.entry, dueOn: input.dueOn }, `/catalog/${input.entryId}`);
  },
  /** `notice`: the catalog's own wording of the change, passed through as it is. */
  catalogChangeNotice(input: { entryId: string; entry: string; notice: string }): Message {
    return coded('catalog.change_notice', 'CATALOG_CHANGE_NOTICE', { entry: input.entry, notice: input.notice }, `/catalog/${input.entryId}`);
  },
  datasetMigrationFailed(input: { datasetId: string; entry: string; resourceCode: string; problem: string }): Message {
    return coded('dataset.migration_failed', 'DATASET_MIGRATION_FAILED', { entry: input.entry, resourceCode: input.resourceCode, problem: input.problem }, `/datasets/${input.datasetId}`);
  },
  monthlyReportReminder(input: { link: string; entry: string; resourceCode: string; period: string; dueOn: string }): Message {
    return coded('dataset.monthly_report.reminder', 'MONTHLY_REPORT_REMINDER', { entry: input.entry, resourceCode: input.resourceCode, period: input.period, dueOn: input.dueOn }, input.link);
  },
  monthlyReportMissing(input: { link: string; entry: string; resourceCode: string; period: string; dueOn: string }): Message {
    return coded('dataset.monthly_report.missing', 'MONTHLY_REPORT_MISSING', { entry: input.entry, resourceCode: input.resourceCode, period: input.period, dueOn: input.dueOn }, input.link);
  },
  subscriptionStalled(input: { subscriptionId: string; endpoint: string; failures: number; error: string }): Message {
    return coded('subscription.stalled', 'SUBSCRIPTION_STALLED', { endpoint: input.endpoint, failures: input.failures, error: input.error }, `/subscriptions/${input.subscriptionId}`);
  },
  subscriptionGrantEnded(input: { subscriptionId: string; reason: string }): Message {
    return coded('subscription.grant_revoked', 'SUBSCRIPTION_GRANT_ENDED', { reason: input.reason }, `/subscriptions/${input.subscriptionId}`);
  },
};
