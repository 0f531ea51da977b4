import { renderFrom, type MessageLanguage, type MessageParams, type Templates } from './messages.ts';

/**
 * Inbox messages by code: `<CODE>.title` and `<CODE>.body`. The server stores the code and the
 * parameters with each message and the reader's console renders them in its language. Optional
 * phrases (a provisional deadline, a cited basis) arrive as `{ zh, en }` parameters, already
 * worded by the notification builders, so the templates stay plain `{name}` substitutions.
 */
export const NOTIFICATION_MESSAGES: Record<MessageLanguage, Templates> = {
  'zh-CN': {
    'APPLICATION_STEP_ASSIGNED.title': '待处理: {step} {number}',
    'APPLICATION_STEP_ASSIGNED.body': '共享申请 {number} 待{step}{due}。',
    'APPLICATION_WITHDRAWN.title': '共享申请 {number} 已撤回',
    'APPLICATION_WITHDRAWN.body': '申请部门已撤回共享申请 {number}。',
    'APPLICATION_REFUSED.title': '共享申请 {number} 未获同意',
    'APPLICATION_REFUSED.body': '{step}未同意: {comment}{basis}',
    'APPLICATION_APPROVED.title': '共享申请 {number} 已同意',
    'APPLICATION_APPROVED.body': '已授权使用,期限 {start} 至 {end}。',
    'APPLICATION_REMINDER.title': '即将到期: {step} {number}',
    'APPLICATION_REMINDER.body': '共享申请 {number} 的{step}将于 {dueOn}{provisional} 到期,剩余 {remaining} 个工作日。',
    'APPLICATION_OVERDUE.title': '超期督办: {step} {number}',
    'APPLICATION_OVERDUE.body': '共享申请 {number} 的{step}已超过 {dueOn} 的办理期限,已纳入监督考核记录。',
    'GRANT_CREATED.title': '新增共享授权 {number}',
    'GRANT_CREATED.body': '共享申请 {number} 已形成授权。',
    'GRANT_REVOKED.title': '共享授权已撤销',
    'GRANT_REVOKED.body': '授权已于 {at}（北京时间）撤销,原因: {reason}。请停止使用并按规定销毁不再使用的数据。',
    'GRANT_EXPIRED.title': '共享授权已到期',
    'GRANT_EXPIRED.body': '授权已于 {endsOn} 到期,访问已停止。请按规定销毁不再使用的数据并在平台确认。',
    'DELEGATION_CREATED.title': '您被指定为授权代理方',
    'DELEGATION_CREATED.body': '您可代表{department}审核「{entry}」的共享申请,审核结果视同提供部门的审核结果。',
    'DEMAND_CREATED.title': '数据需求: {title}',
    'DEMAND_CREATED.body': '{department}提出数据需求「{title}」,请于 {dueOn}{provisional} 前答复({workdays} 个工作日)。',
    'DEMAND_ANSWERED.title': '数据需求已答复: {title}',
    'DEMAND_ANSWERED.body': '{provider}{decision}: {answer}',
    'DEMAND_REMINDER.title': '即将到期: 数据需求「{title}」',
    'DEMAND_REMINDER.body': '请于 {dueOn} 前答复,剩余 {remaining} 个工作日。',
    'DEMAND_OVERDUE.title': '超期督办: 数据需求「{title}」',
    'DEMAND_OVERDUE.body': '数据需求已超过 {dueOn} 的答复期限。',
    'OBJECTION_OVERDUE.title': '超期督办: 「{entry}」的疑义',
    'OBJECTION_OVERDUE.body': '疑义已超过 {dueOn} 的校核答复期限。',
    'CATALOG_CHANGE_NOTICE.title': '目录变更通知: {entry}',
    'CATALOG_CHANGE_NOTICE.body': '{notice}',
    'DATASET_MIGRATION_FAILED.title': '数据集未能按新版目录调整: 「{entry}」({resourceCode})',
    'DATASET_MIGRATION_FAILED.body': '{problem}。数据集保持原结构,请更正数据或目录后系统将自动重试。',
    'MONTHLY_REPORT_REMINDER.title': '月度报送提醒: 「{entry}」({resourceCode}) {period}',
    'MONTHLY_REPORT_REMINDER.body': '「{entry}」({resourceCode}) {period} 的数据请于 {dueOn} 前上传;当月没有新增数据的,请提交零报告。',
    'MONTHLY_REPORT_MISSING.title': '缺报督办: 「{entry}」({resourceCode}) {period} 月度报送',
    'MONTHLY_REPORT_MISSING.body': '「{entry}」({resourceCode}) {period} 未在 {dueOn} 前报送(数据或零报告),已纳入监督考核记录。',
    'SUBSCRIPTION_STALLED.title': '数据订阅推送受阻',
    'SUBSCRIPTION_STALLED.body': '推送到 {endpoint} 已连续失败 {failures} 次({error})。平台将继续重试;未送达的变更会保留,恢复后按顺序补送。',
    'SUBSCRIPTION_GRANT_ENDED.title': '数据订阅已停止: 授权失效',
    'SUBSCRIPTION_GRANT_ENDED.body': '应用系统对数据集的订阅已停止,因为授权已撤销或过期 ({reason})。取得新的授权后可恢复订阅。',
  },
  en: {
    'APPLICATION_STEP_ASSIGNED.title': 'To do: {step} {number}',
    'APPLICATION_STEP_ASSIGNED.body': 'Application {number} awaits {step}{due}.',
    'APPLICATION_WITHDRAWN.title': 'Application {number} withdrawn',
    'APPLICATION_WITHDRAWN.body': 'The applicant withdrew application {number}.',
    'APPLICATION_REFUSED.title': 'Application {number} refused',
    'APPLICATION_REFUSED.body': 'Refused at {step}: {comment}{basis}',
    'APPLICATION_APPROVED.title': 'Application {number} approved',
    'APPLICATION_APPROVED.body': 'Use is granted from {start} to {end}.',
    'APPLICATION_REMINDER.title': 'Due soon: {step} {number}',
    'APPLICATION_REMINDER.body': 'The {step} of application {number} is due on {dueOn}{provisional}; {remaining} working days left.',
    'APPLICATION_OVERDUE.title': 'Overdue: {step} {number}',
    'APPLICATION_OVERDUE.body': 'The {step} of application {number} passed its deadline of {dueOn} and is recorded for supervision.',
    'GRANT_CREATED.title': 'New grant {number}',
    'GRANT_CREATED.body': 'Application {number} has become a grant.',
    'GRANT_REVOKED.title': 'Grant revoked',
    'GRANT_REVOKED.body': 'The grant was revoked at {at} Beijing time. Reason: {reason}. Stop using the data and destroy what is no longer needed as required.',
    'GRANT_EXPIRED.title': 'Grant expired',
    'GRANT_EXPIRED.body': 'The grant expired on {endsOn} and access has stopped. Destroy the data no longer needed as required and confirm it on the platform.',
    'DELEGATION_CREATED.title': 'You were made a delegated reviewer',
    'DELEGATION_CREATED.body': 'You may review applications for “{entry}” on behalf of {department}; your decision counts as the provider’s.',
    'DEMAND_CREATED.title': 'Data demand: {title}',
    'DEMAND_CREATED.body': '{department} raised the data demand “{title}”. Please answer by {dueOn}{provisional} ({workdays} working days).',
    'DEMAND_ANSWERED.title': 'Data demand answered: {title}',
    'DEMAND_ANSWERED.body': '{provider} {decision}: {answer}',
    'DEMAND_REMINDER.title': 'Due soon: data demand “{title}”',
    'DEMAND_REMINDER.body': 'Please answer by {dueOn}; {remaining} working days left.',
    'DEMAND_OVERDUE.title': 'Overdue: data demand “{title}”',
    'DEMAND_OVERDUE.body': 'The data demand passed its answer deadline of {dueOn}.',
    'OBJECTION_OVERDUE.title': 'Overdue: objection to “{entry}”',
    'OBJECTION_OVERDUE.body': 'The objection passed its answer deadline of {dueOn}.',
    'CATALOG_CHANGE_NOTICE.title': 'Catalog change notice: {entry}',
    'CATALOG_CHANGE_NOTICE.body': '{notice}',
    'DATASET_MIGRATION_FAILED.title': 'Dataset not adjusted to the new catalog version: “{entry}” ({resourceCode})',
    'DATASET_MIGRATION_FAILED.body': '{problem}. The dataset keeps its structure until the data or the catalog item is corrected; it is retried automatically.',
    'MONTHLY_REPORT_REMINDER.title': 'Monthly report reminder: “{entry}” ({resourceCode}) {period}',
    'MONTHLY_REPORT_REMINDER.body': 'Monthly report of “{entry}” ({resourceCode}) for {period} due {dueOn}: upload the data or submit a zero report.',
    'MONTHLY_REPORT_MISSING.title': 'Missing report: “{entry}” ({resourceCode}) {period}',
    'MONTHLY_REPORT_MISSING.body': 'The monthly report of “{entry}” ({resourceCode}) for {period} was not submitted by {dueOn} (data or zero report); recorded for supervision.',
    'SUBSCRIPTION_STALLED.title': 'Subscription delivery stalled',
    'SUBSCRIPTION_STALLED.body': 'Delivery to {endpoint} failed {failures} times in a row ({error}). The platform keeps retrying; undelivered changes are kept and sent in order once it recovers.',
    'SUBSCRIPTION_GRANT_ENDED.title': 'Subscription stopped: grant no longer in force',
    'SUBSCRIPTION_GRANT_ENDED.body': 'The application system’s subscription to the dataset stopped because its grant was revoked or expired ({reason}). It resumes once a new grant is in place.',
  },
};

export interface RenderedNotification {
  title: string;
  body: string;
}

/** Title and body of an inbox message code, or null when the catalog does not know the code. */
export function renderNotification(language: MessageLanguage, code: string, params?: MessageParams): RenderedNotification | null {
  const title = renderFrom(NOTIFICATION_MESSAGES, language, `${code}.title`, params);
  const body = renderFrom(NOTIFICATION_MESSAGES, language, `${code}.body`, params);
  return title === null || body === null ? null : { title, body };
}
