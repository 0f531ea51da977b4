/**
 * Code lists shared by the server, the console and the spreadsheet templates.
 *
 * Each list keeps a stable machine code (stored in the database and used in the API) and the
 * Chinese label that appears in official templates, so imports can accept either.
 */

export interface CodeListEntry<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

function codeList<const C extends string>(entries: ReadonlyArray<CodeListEntry<C>>) {
  return entries;
}

/** 共享类型 (000 Art. 11; 003 Art. 14; 004 Art. 10). */
export const SHARE_TYPES = codeList([
  { code: 'unconditional', zh: '无条件共享', en: 'Unconditional' },
  { code: 'conditional', zh: '有条件共享', en: 'Conditional' },
  { code: 'none', zh: '不予共享', en: 'Not shared' },
]);
export type ShareType = (typeof SHARE_TYPES)[number]['code'];

/** 开放类型 (003 Art. 22; 000 Art. 7 and 004 三(三) restrict it by share type). */
export const OPEN_TYPES = codeList([
  { code: 'unconditional', zh: '无条件开放', en: 'Open' },
  { code: 'conditional', zh: '有条件开放', en: 'Open on conditions' },
  { code: 'none', zh: '不予开放', en: 'Not open' },
]);
export type OpenType = (typeof OPEN_TYPES)[number]['code'];

/** 数据共享模式 (001 Art. 4): how a granted consumer reaches the data. */
export const SHARE_MODES = codeList([
  { code: 'interface', zh: '接口调用', en: 'API' },
  { code: 'download', zh: '直接下载', en: 'Download' },
  { code: 'page_query', zh: '页面查询', en: 'Page query' },
]);
export type ShareMode = (typeof SHARE_MODES)[number]['code'];

/** 共享方式类型 in the national catalog guide: what travels between platforms. */
export const SHARE_METHOD_TYPES = codeList([
  { code: 'database', zh: '数据库', en: 'Database' },
  { code: 'interface', zh: '接口', en: 'Interface' },
  { code: 'file', zh: '文件', en: 'File' },
]);
export type ShareMethodType = (typeof SHARE_METHOD_TYPES)[number]['code'];

/** 数据提供方式 (004 三(二)): how the provider feeds the platform; also what the entry mounts. */
export const PROVISION_METHODS = codeList([
  { code: 'api', zh: '接口代理', en: 'API proxy' },
  { code: 'table', zh: '库表对接', en: 'Database table' },
  { code: 'file', zh: '文件上传', en: 'File upload' },
]);
export type ProvisionMethod = (typeof PROVISION_METHODS)[number]['code'];

/** 格式分类 (national catalog guide). */
export const FORMAT_CATEGORIES = codeList([
  { code: 'document', zh: '电子文件', en: 'Electronic document' },
  { code: 'spreadsheet', zh: '电子表格', en: 'Spreadsheet' },
  { code: 'database', zh: '数据库', en: 'Database' },
  { code: 'image', zh: '图形图像', en: 'Graphics and images' },
  { code: 'media', zh: '流媒体', en: 'Streaming media' },
  { code: 'self_describing', zh: '自描述格式', en: 'Self-describing format' },
  { code: 'service', zh: '服务接口', en: 'Service interface' },
]);
export type FormatCategory = (typeof FORMAT_CATEGORIES)[number]['code'];

/** 更新周期 (national catalog guide). */
export const UPDATE_CYCLES = codeList([
  { code: 'realtime', zh: '实时', en: 'Real time' },
  { code: 'daily', zh: '每日', en: 'Daily' },
  { code: 'weekly', zh: '每周', en: 'Weekly' },
  { code: 'monthly', zh: '每月', en: 'Monthly' },
  { code: 'quarterly', zh: '每季度', en: 'Quarterly' },
  { code: 'semiannual', zh: '每半年', en: 'Half-yearly' },
  { code: 'annual', zh: '每年', en: 'Yearly' },
  { code: 'other', zh: '其他', en: 'Other' },
]);
export type UpdateCycle = (typeof UPDATE_CYCLES)[number]['code'];

/** 开放领域 (000 Art. 19). */
export const DOMAINS = codeList([
  { code: 'credit', zh: '信用', en: 'Credit' },
  { code: 'transport', zh: '交通', en: 'Transport' },
  { code: 'medical', zh: '医疗', en: 'Medical care' },
  { code: 'health', zh: '卫生', en: 'Public health' },
  { code: 'employment', zh: '就业', en: 'Employment' },
  { code: 'social_security', zh: '社保', en: 'Social security' },
  { code: 'geography', zh: '地理', en: 'Geography' },
  { code: 'culture', zh: '文化', en: 'Culture' },
  { code: 'education', zh: '教育', en: 'Education' },
  { code: 'science', zh: '科技', en: 'Science and technology' },
  { code: 'energy', zh: '能源', en: 'Energy' },
  { code: 'agriculture', zh: '农业', en: 'Agriculture' },
  { code: 'environment', zh: '环境', en: 'Environment' },
  { code: 'economy', zh: '经济', en: 'Economy' },
  { code: 'finance', zh: '金融', en: 'Finance' },
  { code: 'safety', zh: '安全', en: 'Safety' },
  { code: 'statistics', zh: '统计', en: 'Statistics' },
  { code: 'weather', zh: '气象', en: 'Weather' },
  { code: 'enterprise', zh: '企业登记监管', en: 'Enterprise registration and supervision' },
  { code: 'civil_affairs', zh: '民政', en: 'Civil affairs' },
  { code: 'other', zh: '其他', en: 'Other' },
]);
export type Domain = (typeof DOMAINS)[number]['code'];

/** 信息项数据类型 (common catalog template). */
export const ITEM_DATA_TYPES = codeList([
  { code: 'C', zh: '字符型', en: 'Character' },
  { code: 'N', zh: '数值型', en: 'Numeric' },
  { code: 'Y', zh: '货币型', en: 'Currency' },
  { code: 'D', zh: '日期型', en: 'Date' },
  { code: 'T', zh: '日期时间型', en: 'Date-time' },
  { code: 'L', zh: '逻辑型', en: 'Logical' },
  { code: 'M', zh: '备注型', en: 'Memo' },
  { code: 'G', zh: '通用型', en: 'General (binary)' },
  { code: 'B', zh: '双精度型', en: 'Double' },
  { code: 'I', zh: '整型', en: 'Integer' },
  { code: 'F', zh: '浮点型', en: 'Float' },
]);
export type ItemDataType = (typeof ITEM_DATA_TYPES)[number]['code'];

/**
 * Sensitivity grade of a data item (数据分级). Grades follow the common four-level practice of
 * provincial data-classification guides; a platform deployment may relabel them.
 */
export const SENSITIVITY_GRADES = codeList([
  { code: 'L1', zh: '一级(公开)', en: 'Level 1 (public)' },
  { code: 'L2', zh: '二级(内部)', en: 'Level 2 (internal)' },
  { code: 'L3', zh: '三级(敏感)', en: 'Level 3 (sensitive)' },
  { code: 'L4', zh: '四级(重要)', en: 'Level 4 (important)' },
]);
export type SensitivityGrade = (typeof SENSITIVITY_GRADES)[number]['code'];

/** 脱敏规则 per item (SPEC §7, §11 masking defaults). */
export const MASKING_RULES = codeList([
  { code: 'none', zh: '不脱敏', en: 'None' },
  { code: 'id_number', zh: '身份证号(保留前6后4)', en: 'ID number (keep 6+4)' },
  { code: 'phone', zh: '手机号(保留前3后4)', en: 'Phone (keep 3+4)' },
  { code: 'name', zh: '姓名(保留姓)', en: 'Name (keep surname)' },
  { code: 'address', zh: '地址(保留至区县)', en: 'Address (keep to district)' },
  { code: 'bank_card', zh: '银行卡号(保留前6后4)', en: 'Bank card (keep 6+4)' },
  { code: 'free_text', zh: '自由文本(全部遮盖)', en: 'Free text (fully masked)' },
  { code: 'pseudonym', zh: '假名化(SM3-HMAC)', en: 'Pseudonym (SM3-HMAC)' },
]);
export type MaskingRule = (typeof MASKING_RULES)[number]['code'];

/** 资源分类 top level (national catalog guide): 基础 / 主题 / 部门. */
export const RESOURCE_CLASSES = codeList([
  { code: '1', zh: '基础信息资源', en: 'Base resources' },
  { code: '2', zh: '主题信息资源', en: 'Thematic resources' },
  { code: '3', zh: '部门信息资源', en: 'Departmental resources' },
]);
export type ResourceClass = (typeof RESOURCE_CLASSES)[number]['code'];

export const DEPARTMENT_KINDS = codeList([
  { code: 'government', zh: '人民政府', en: 'Government' },
  { code: 'department', zh: '政务部门', en: 'Department' },
  { code: 'internal_unit', zh: '内设机构', en: 'Internal unit' },
  { code: 'affiliated_unit', zh: '直属单位', en: 'Affiliated unit' },
]);
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number]['code'];

export const ADMIN_LEVELS = codeList([
  { code: 'province', zh: '省级', en: 'Province' },
  { code: 'city', zh: '市级', en: 'City' },
  { code: 'county', zh: '县级', en: 'County' },
]);
export type AdminLevel = (typeof ADMIN_LEVELS)[number]['code'];

/**
 * Roles. Duties are split three ways as GB/T 39477 asks: administration, operation and audit.
 * A person may hold several roles of one duty class but never roles from two classes.
 */
export const ROLES = codeList([
  { code: 'platform_admin', zh: '平台管理员', en: 'Platform administrator' },
  { code: 'dept_admin', zh: '部门管理员', en: 'Department administrator' },
  { code: 'platform_reviewer', zh: '平台审核员', en: 'Platform reviewer' },
  { code: 'data_officer', zh: '数据专员', en: 'Data officer' },
  { code: 'dept_leader', zh: '部门分管领导', en: 'Department leader' },
  { code: 'provider_reviewer', zh: '提供方审核员', en: 'Provider reviewer' },
  { code: 'security_auditor', zh: '安全审计员', en: 'Security auditor' },
  { code: 'supervisor', zh: '监督考核员', en: 'Supervisor' },
]);
export type Role = (typeof ROLES)[number]['code'];

export const DUTY_CLASSES = {
  administration: ['platform_admin', 'dept_admin'],
  operation: ['platform_reviewer', 'data_officer', 'dept_leader', 'provider_reviewer'],
  audit: ['security_auditor', 'supervisor'],
} as const satisfies Record<string, readonly Role[]>;
export type DutyClass = keyof typeof DUTY_CLASSES;

export function dutyClassOf(role: Role): DutyClass {
  for (const [duty, roles] of Object.entries(DUTY_CLASSES) as [DutyClass, readonly Role[]][]) {
    if (roles.includes(role)) return duty;
  }
  throw new Error(`role ${role} has no duty class`);
}

export const VERSION_STATES = codeList([
  { code: 'draft', zh: '草稿', en: 'Draft' },
  { code: 'submitted', zh: '待审核', en: 'Submitted' },
  { code: 'rejected', zh: '已驳回', en: 'Rejected' },
  { code: 'approved', zh: '已通过(待生效)', en: 'Approved (pending)' },
  { code: 'published', zh: '已发布', en: 'Published' },
  { code: 'superseded', zh: '已替代', en: 'Superseded' },
]);
export type VersionState = (typeof VERSION_STATES)[number]['code'];

export const ENTRY_STATUSES = codeList([
  { code: 'draft', zh: '未发布', en: 'Unpublished' },
  { code: 'published', zh: '已发布', en: 'Published' },
  { code: 'offline', zh: '已下线', en: 'Offline' },
]);
export type EntryStatus = (typeof ENTRY_STATUSES)[number]['code'];

/** A version either changes the entry's content or asks to take the entry offline. */
export const CHANGE_KINDS = codeList([
  { code: 'content', zh: '内容变更', en: 'Content change' },
  { code: 'offline', zh: '下线申请', en: 'Take offline' },
]);
export type ChangeKind = (typeof CHANGE_KINDS)[number]['code'];

export const MOUNT_STATUSES = codeList([
  { code: 'none', zh: '未挂接数据', en: 'No data mounted' },
  { code: 'mounted', zh: '已挂接', en: 'Mounted' },
]);
export type MountStatus = (typeof MOUNT_STATUSES)[number]['code'];

export const OBJECTION_KINDS = codeList([
  { code: 'objection', zh: '疑义', en: 'Objection' },
  { code: 'error', zh: '纠错', en: 'Error report' },
]);
export type ObjectionKind = (typeof OBJECTION_KINDS)[number]['code'];

export const OBJECTION_STATES = codeList([
  { code: 'open', zh: '待答复', en: 'Awaiting answer' },
  { code: 'answered', zh: '已答复', en: 'Answered' },
  { code: 'closed', zh: '已关闭', en: 'Closed' },
]);
export type ObjectionState = (typeof OBJECTION_STATES)[number]['code'];

export const AUDIT_OUTCOMES = codeList([
  { code: 'success', zh: '成功', en: 'Success' },
  { code: 'failure', zh: '失败', en: 'Failure' },
  { code: 'denied', zh: '拒绝', en: 'Denied' },
]);
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]['code'];

export function codesOf<C extends string>(list: ReadonlyArray<CodeListEntry<C>>): C[] {
  return list.map((entry) => entry.code);
}

export function labelOf<C extends string>(
  list: ReadonlyArray<CodeListEntry<C>>,
  code: C,
  lang: 'zh' | 'en' = 'zh',
): string {
  return list.find((entry) => entry.code === code)?.[lang] ?? code;
}
