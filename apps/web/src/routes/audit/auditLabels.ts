/**
 * What the audit log's codes mean, for the auditor: operation names, target types, actors and the
 * detail fields in Chinese and English. The raw codes stay what the server stores, filters by and
 * exports; these labels only change what the viewer shows. A code without a label is shown as is
 * (`auditLabels.test.ts` checks that every operation the server records has one).
 */
type Label = { zh: string; en: string };

export const AUDIT_OPERATIONS: Record<string, Label> = {
  'auth:login': { zh: '登录', en: 'Sign in' },
  'auth:logout': { zh: '退出登录', en: 'Sign out' },
  'auth:password-change': { zh: '修改密码', en: 'Change password' },
  'auth:password-reset': { zh: '重置密码', en: 'Reset password' },
  'auth:token': { zh: '签发访问令牌', en: 'Issue access token' },
  'auth:system-token': { zh: '应用系统获取令牌', en: 'System token request' },
  'audit:verify': { zh: '校验审计链', en: 'Verify audit chain' },
  'audit:purge': { zh: '清理过期审计记录', en: 'Purge expired audit records' },
  'dataset:create': { zh: '建立数据集', en: 'Create dataset' },
  'dataset:read': { zh: '查看数据集', en: 'Read dataset' },
  'dataset:batch:upload': { zh: '上传数据批次', en: 'Upload data batch' },
  'dataset:batch:rollback': { zh: '回滚数据批次', en: 'Roll back data batch' },
  'dataset:manage': { zh: '管理数据集', en: 'Manage dataset' },
  'dataset:batch:sync': { zh: '库表对接同步', en: 'Table sync batch' },
  'dataset:connection:create': { zh: '登记源数据库连接', en: 'Register source database connection' },
  'dataset:sync:configure': { zh: '配置库表对接', en: 'Configure table sync' },
  'dataset:monthly-report:zero': { zh: '提交月度零报告', en: 'Submit monthly zero report' },
  'dataset:monthly-report:missing': { zh: '记录月度缺报', en: 'Record missing monthly report' },
  'dataset:migrate': { zh: '按新版目录调整数据表', en: 'Migrate dataset table to new catalog version' },
  'dataset:migrate:failed': { zh: '数据表调整失败', en: 'Dataset table migration failed' },
  'api-service:register': { zh: '登记服务接口', en: 'Register API service' },
  'api-service:update': { zh: '修改服务接口', en: 'Update API service' },
  'api-service:probe': { zh: '探测服务接口', en: 'Probe API service' },
  'api-service:deactivate': { zh: '停用服务接口', en: 'Deactivate API service' },
  'api-service:manage': { zh: '管理服务接口', en: 'Manage API service' },
  'api-service:read': { zh: '查看服务接口', en: 'Read API service' },
  'dataset:subscription:create': { zh: '订阅数据集变更', en: 'Subscribe to dataset changes' },
  'dataset:subscription:pause': { zh: '暂停订阅', en: 'Pause subscription' },
  'dataset:subscription:resume': { zh: '恢复订阅', en: 'Resume subscription' },
  'dataset:subscription:delete': { zh: '删除订阅', en: 'Delete subscription' },
  'dataset:subscription:grant-revoked': { zh: '授权失效停止订阅', en: 'Subscription stopped: grant no longer in force' },
  'dataset:subscription:stalled': { zh: '订阅推送受阻', en: 'Subscription delivery stalled' },
  'http:anonymous-rejections': { zh: '未登录请求拒绝汇总', en: 'Refused anonymous requests (summary)' },
  'calendar:year:put': { zh: '维护工作日历', en: 'Set working-day calendar' },
  'calendar:year:add': { zh: '新增日历年度', en: 'Add calendar year' },
  'calendar:year:correct': { zh: '更正工作日历', en: 'Correct working-day calendar' },
  'catalog:entry:create': { zh: '新建目录', en: 'Create catalog entry' },
  'catalog:entry:edit': { zh: '编辑目录', en: 'Edit catalog entry' },
  'catalog:entry:discard': { zh: '放弃草稿', en: 'Discard draft' },
  'catalog:entry:submit': { zh: '提交目录审核', en: 'Submit entry for review' },
  'catalog:entry:withdraw': { zh: '撤回目录审核', en: 'Withdraw entry from review' },
  'catalog:entry:review': { zh: '审核目录', en: 'Review catalog entry' },
  'catalog:entry:approve': { zh: '目录审核通过', en: 'Approve catalog entry' },
  'catalog:entry:reject': { zh: '目录审核驳回', en: 'Reject catalog entry' },
  'catalog:entry:publish': { zh: '发布目录', en: 'Publish catalog entry' },
  'catalog:entry:offline': { zh: '目录下线', en: 'Take entry offline' },
  'catalog:entry:request-offline': { zh: '申请目录下线', en: 'Request entry offline' },
  'catalog:entry:confirm-current': { zh: '确认目录仍然有效', en: 'Confirm entry is current' },
  'catalog:entry:import': { zh: '导入目录', en: 'Import catalog entries' },
  'catalog:objection:raise': { zh: '提出疑义', en: 'Raise objection' },
  'catalog:objection:answer': { zh: '答复疑义', en: 'Answer objection' },
  'catalog:objection:close': { zh: '关闭疑义', en: 'Close objection' },
  'catalog:objection:overdue': { zh: '疑义答复超期', en: 'Objection answer overdue' },
  'catalog:maintenance:trigger': { zh: '登记目录维护事由', en: 'Record maintenance trigger' },
  'catalog:maintenance:resolve': { zh: '完成目录维护', en: 'Resolve maintenance trigger' },
  'notification:read': { zh: '阅读消息', en: 'Read notification' },
  'org:department:create': { zh: '新建部门', en: 'Create department' },
  'org:department:update': { zh: '修改部门', en: 'Update department' },
  'org:data-officer:assign': { zh: '指定数据专员', en: 'Assign data officer' },
  'org:data-officer:end': { zh: '免去数据专员', en: 'End data officer assignment' },
  'org:user:create': { zh: '新建用户', en: 'Create user' },
  'org:user:update': { zh: '修改用户', en: 'Update user' },
  'org:user:unlock': { zh: '解锁用户', en: 'Unlock user' },
  'org:system:create': { zh: '登记应用系统', en: 'Register application system' },
  'org:system:rotate-secret': { zh: '更换系统密钥', en: 'Rotate system secret' },
  'org:system:disable': { zh: '停用应用系统', en: 'Disable application system' },
  'org:system:enable': { zh: '启用应用系统', en: 'Enable application system' },
  'org:webhook:create': { zh: '新建事件推送', en: 'Create webhook' },
  'org:webhook:disable': { zh: '停用事件推送', en: 'Disable webhook' },
  'org:webhook:delete': { zh: '删除事件推送', en: 'Delete webhook' },
  'sharing:application:create': { zh: '新建共享申请', en: 'Create sharing application' },
  'sharing:application:edit': { zh: '修改共享申请', en: 'Edit sharing application' },
  'sharing:application:upload-letter': { zh: '上传申请函', en: 'Upload application letter' },
  'sharing:application:submit': { zh: '提交共享申请', en: 'Submit sharing application' },
  'sharing:application:resubmit': { zh: '重新提交共享申请', en: 'Resubmit sharing application' },
  'sharing:application:withdraw': { zh: '撤回共享申请', en: 'Withdraw sharing application' },
  'sharing:application:approve-step': { zh: '审核同意', en: 'Approve review step' },
  'sharing:application:reject-step': { zh: '审核不同意', en: 'Refuse at review step' },
  'sharing:application:decide': { zh: '作出共享决定', en: 'Decide sharing application' },
  'sharing:application:dispute': { zh: '对不予共享提出异议', en: 'Dispute refusal' },
  'sharing:step:overdue': { zh: '审核环节超期', en: 'Review step overdue' },
  'sharing:grant:create': { zh: '授予共享权限', en: 'Create sharing grant' },
  'sharing:grant:revoke': { zh: '撤销共享授权', en: 'Revoke sharing grant' },
  'sharing:grant:expire': { zh: '共享授权到期', en: 'Sharing grant expired' },
  'sharing:grant:confirm-destruction': { zh: '确认数据已销毁', en: 'Confirm data destroyed' },
  'sharing:demand:create': { zh: '提出数据需求', en: 'Raise data demand' },
  'sharing:demand:answer': { zh: '答复数据需求', en: 'Answer data demand' },
  'sharing:demand:overdue': { zh: '需求答复超期', en: 'Demand answer overdue' },
  'sharing:delegation:create': { zh: '授权代理审核', en: 'Delegate review' },
  'sharing:delegation:revoke': { zh: '结束代理审核', en: 'End review delegation' },
};

/** Prefixes the filter offers above the single operations: a whole module or resource. */
export const AUDIT_OPERATION_GROUPS: Record<string, Label> = {
  'auth:': { zh: '登录与认证（全部）', en: 'Sign-in and authentication (all)' },
  'catalog:': { zh: '资源目录（全部）', en: 'Resource catalog (all)' },
  'sharing:': { zh: '共享交换（全部）', en: 'Data sharing (all)' },
  'org:': { zh: '组织与系统（全部）', en: 'Organisation and systems (all)' },
  'audit:': { zh: '审计（全部）', en: 'Audit (all)' },
  'calendar:': { zh: '工作日历（全部）', en: 'Calendar (all)' },
  'dataset:': { zh: '数据资源中心（全部）', en: 'Data resource center (all)' },
};

export const AUDIT_TARGET_TYPES: Record<string, Label> = {
  catalog_entry: { zh: '目录', en: 'Catalog entry' },
  catalog_objection: { zh: '疑义', en: 'Objection' },
  catalog_maintenance_trigger: { zh: '目录维护事由', en: 'Maintenance trigger' },
  share_application: { zh: '共享申请', en: 'Sharing application' },
  share_grant: { zh: '共享授权', en: 'Sharing grant' },
  share_demand: { zh: '数据需求', en: 'Data demand' },
  review_delegation: { zh: '代理审核', en: 'Review delegation' },
  department: { zh: '部门', en: 'Department' },
  user: { zh: '用户', en: 'User' },
  application_system: { zh: '应用系统', en: 'Application system' },
  webhook_subscription: { zh: '事件推送', en: 'Webhook' },
  calendar_year: { zh: '日历年度', en: 'Calendar year' },
  audit_log: { zh: '审计日志', en: 'Audit log' },
  dataset: { zh: '数据集', en: 'Dataset' },
  dataset_source_connection: { zh: '源数据库连接', en: 'Source database connection' },
  api_service: { zh: '服务接口', en: 'API service' },
  dataset_subscription: { zh: '数据订阅', en: 'Dataset subscription' },
};

/** Labels of the keys the server writes into `details`; others are shown under their key. */
export const AUDIT_DETAIL_FIELDS: Record<string, Label> = {
  kind: { zh: '类型', en: 'Kind' },
  id: { zh: '编号', en: 'ID' },
  name: { zh: '名称', en: 'Name' },
  versionNo: { zh: '版本', en: 'Version' },
  reason: { zh: '原因', en: 'Reason' },
  reasons: { zh: '理由', en: 'Reasons' },
  dueOn: { zh: '期限', en: 'Due on' },
  entryId: { zh: '目录编号', en: 'Entry ID' },
  username: { zh: '用户名', en: 'Username' },
  basis: { zh: '依据', en: 'Basis' },
  legalBasis: { zh: '法律依据', en: 'Legal basis' },
  uscc: { zh: '统一社会信用代码', en: 'USCC' },
  shareMode: { zh: '共享方式', en: 'Share mode' },
  number: { zh: '申请编号', en: 'Application number' },
  workdays: { zh: '工作日', en: 'Working days' },
  resourceCode: { zh: '资源代码', en: 'Resource code' },
  late: { zh: '超期', en: 'Late' },
  department: { zh: '部门', en: 'Department' },
  departmentId: { zh: '部门编号', en: 'Department ID' },
  comment: { zh: '意见', en: 'Comment' },
  userId: { zh: '用户编号', en: 'User ID' },
  url: { zh: '地址', en: 'URL' },
  title: { zh: '标题', en: 'Title' },
  step: { zh: '环节', en: 'Step' },
  source: { zh: '来源', en: 'Source' },
  roles: { zh: '角色', en: 'Roles' },
  provisional: { zh: '暂定', en: 'Provisional' },
  note: { zh: '备注', en: 'Note' },
  lockedUntil: { zh: '锁定至', en: 'Locked until' },
  items: { zh: '信息项', en: 'Items' },
  itemCodes: { zh: '信息项', en: 'Items' },
  events: { zh: '事件', en: 'Events' },
  delegationId: { zh: '代理编号', en: 'Delegation ID' },
  date: { zh: '日期', en: 'Date' },
  code: { zh: '代码', en: 'Code' },
  changes: { zh: '变更', en: 'Changes' },
  answer: { zh: '答复', en: 'Answer' },
  active: { zh: '启用', en: 'Active' },
  state: { zh: '状态', en: 'State' },
  result: { zh: '结果', en: 'Result' },
  provider: { zh: '提供部门', en: 'Provider' },
  phone: { zh: '电话', en: 'Phone' },
  onBehalfOf: { zh: '代为审核', en: 'On behalf of' },
  from: { zh: '从', en: 'From' },
  endsOn: { zh: '截止日期', en: 'Ends on' },
  effectiveAt: { zh: '生效时间', en: 'Effective at' },
};

const pick = (label: Label | undefined, lang: 'zh' | 'en') => label?.[lang];

export function operationLabel(code: string, lang: 'zh' | 'en'): string {
  return pick(AUDIT_OPERATIONS[code], lang) ?? pick(AUDIT_OPERATION_GROUPS[code], lang) ?? code;
}

export function targetTypeLabel(code: string | null, lang: 'zh' | 'en'): string {
  return code ? (pick(AUDIT_TARGET_TYPES[code], lang) ?? code) : '—';
}

/**
 * The target as an auditor reads it: its type and its name (entry name, department, application
 * number …) when the server could name it, else the type alone. The raw id stays in the expanded row.
 */
export function targetLabel(record: { targetType: string | null; targetName?: string | null }, lang: 'zh' | 'en'): string {
  const type = targetTypeLabel(record.targetType, lang);
  if (!record.targetType || !record.targetName) return type;
  return lang === 'zh' ? `${type}：${record.targetName}` : `${type}: ${record.targetName}`;
}

export function detailFieldLabel(key: string, lang: 'zh' | 'en'): string {
  return pick(AUDIT_DETAIL_FIELDS[key], lang) ?? key;
}

/**
 * Who acted: the person's name, 应用系统 for a system, 命令行 (operating-system user) for the
 * `huitong` command line (the server records those as `cli:<os user>`).
 */
export function actorLabel(record: { actorName: string | null; systemId: string | null }, lang: 'zh' | 'en'): string {
  const name = record.actorName;
  if (name?.startsWith('cli:')) return lang === 'zh' ? `命令行（${name.slice(4)}）` : `Command line (${name.slice(4)})`;
  if (name) return name;
  if (record.systemId) return lang === 'zh' ? '应用系统' : 'Application system';
  return lang === 'zh' ? '系统' : 'System';
}

/** The filter's choices: the module groups first, then every single operation. */
export function operationOptions(lang: 'zh' | 'en'): Array<{ label: string; options: Array<{ value: string; label: string }> }> {
  return [
    { label: lang === 'zh' ? '按模块' : 'By module', options: Object.keys(AUDIT_OPERATION_GROUPS).map((value) => ({ value, label: operationLabel(value, lang) })) },
    { label: lang === 'zh' ? '单项操作' : 'Single operation', options: Object.keys(AUDIT_OPERATIONS).map((value) => ({ value, label: operationLabel(value, lang) })) },
  ];
}

/** A detail value as text: lists joined, objects as compact JSON. */
export function detailValue(value: unknown, lang: 'zh' | 'en'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join(lang === 'zh' ? '、' : ', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
