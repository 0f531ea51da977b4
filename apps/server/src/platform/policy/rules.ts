import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * Every rule a policy profile must set, with the shape of its value and where the platform
 * enforces it. `enforcedBy` lists the code that applies the rule; a rule that no code applies
 * yet says so in `pending` and is reported as not enforced — never as done.
 *
 * Tests that prove a rule carry the tag `[rule:<id>]` in their name; `huitong conformance`
 * finds them by that tag.
 */

const ShareTypeList = Type.Array(Type.Union([Type.Literal('unconditional'), Type.Literal('conditional'), Type.Literal('none')]), { uniqueItems: true });
const Period = Type.Union([
  Type.Object({ months: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ years: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  Type.Object({ days: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
]);
export type Period = Static<typeof Period>;
const Workdays = Type.Integer({ minimum: 1, maximum: 120 });
const OptionalWorkdays = Type.Union([Workdays, Type.Null()]);

export interface RuleDefinition {
  id: string;
  title: string;
  value: TSchema;
  enforcedBy: string[];
  /** Why the rule is not enforced yet (the capability that will enforce it). */
  pending?: string;
}

function rule<const I extends string>(id: I, title: string, value: TSchema, enforcedBy: string[], pending?: string): RuleDefinition & { id: I } {
  return pending ? { id, title, value, enforcedBy, pending } : { id, title, value, enforcedBy };
}

export const RULES = [
  // ── Catalog (enforced by the catalog module) ──────────────────────────────────────────────
  rule(
    'catalog.open_requires_unconditional_share',
    '只有无条件共享的资源可以向社会开放 / only unconditionally shared resources may be opened',
    Type.Boolean(),
    ['apps/server/src/modules/catalog/catalog.policy.ts#checkShareAndOpenTypes'],
  ),
  rule(
    'catalog.legal_basis_required_for_share_types',
    '这些共享类型必须填写法律政策依据 / share types that need a legal basis',
    ShareTypeList,
    ['apps/server/src/modules/catalog/catalog.policy.ts#checkLegalBasis'],
  ),
  rule(
    'catalog.legal_basis_required_for_open_types',
    '这些开放类型必须填写法律依据 / open types that need a legal basis',
    ShareTypeList,
    ['apps/server/src/modules/catalog/catalog.policy.ts#checkLegalBasis'],
  ),
  rule(
    'catalog.dedicated_requires_department_list',
    '标注"专用"的资源须列明专用部门名单 / a 专用 entry lists its departments',
    Type.Boolean(),
    ['apps/server/src/modules/catalog/catalog.policy.ts#checkDedicated'],
  ),
  rule(
    'catalog.change_requires_operator_approval',
    '目录发布、更新、删除须经平台管理单位审核 / publication, change and removal need operator approval',
    Type.Boolean(),
    ['apps/server/src/modules/catalog/catalog.workflow.ts#nextVersionState'],
  ),
  rule(
    'catalog.change_notice_period',
    '更新或删除已发布目录须提前通知使用部门 / notice to consumers before a change takes effect',
    Type.Union([Period, Type.Null()]),
    ['apps/server/src/modules/catalog/catalog-review.service.ts#approve', 'apps/server/src/modules/catalog/catalog-schedule.ts#effectiveAtForChange'],
  ),
  rule(
    'catalog.replacement_transition_days',
    '资源替换时旧资源保留的过渡期(自然日) / natural days a replaced resource stays online',
    Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    ['apps/server/src/modules/catalog/catalog-schedule.ts#effectiveAtForChange'],
  ),
  rule(
    'catalog.update_after_change_workdays',
    '法律法规修订或职能变化后更新目录的期限(工作日) / working days to update the catalog after a legal or functional change',
    Workdays,
    ['apps/server/src/modules/catalog/catalog-maintenance.service.ts#recordTrigger'],
  ),
  rule(
    'catalog.full_maintenance_interval_months',
    '目录全面维护的最长间隔(月) / longest interval between full catalog reviews',
    Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    ['apps/server/src/modules/catalog/catalog-query.service.ts#maintenanceDue'],
  ),
  rule(
    'catalog.base_data_unconditional_share',
    '人口、法人、信用、空间地理、电子证照等基础数据须无条件共享 / base data must be shared unconditionally',
    Type.Boolean(),
    [],
    'catalog: base-data classification of entries',
  ),
  // ── Audit ─────────────────────────────────────────────────────────────────────────────────
  rule(
    'audit.log_retention',
    '日志记录保留时间 / how long audit records are kept',
    Type.Union([Period, Type.Literal('permanent')]),
    ['apps/server/src/modules/audit/audit.service.ts#purge'],
  ),
  // ── Sharing (the sharing portal) ──────────────────────────────────────────────────────────
  rule('sharing.receipt_day_counted', '受理当日是否计入工作日 / whether the day of receipt counts', Type.Boolean(), ['apps/server/src/modules/sharing/application-steps.ts#openStep', 'apps/server/src/platform/calendar/working-days.ts#addWorkdays']),
  rule(
    'sharing.unconditional_flow',
    '无条件共享资源的申请流程 / flow for unconditional resources (direct; an operator compliance check; or the same review as conditional resources)',
    Type.Union([Type.Literal('direct'), Type.Literal('compliance_check'), Type.Literal('review')]),
    ['apps/server/src/modules/sharing/sharing.workflow.ts#flowFor'],
  ),
  rule(
    'sharing.stamped_letter_required',
    '申请须上传加盖公章的申请函 / an application needs the stamped application letter',
    Type.Boolean(),
    ['apps/server/src/modules/sharing/application.service.ts#stamped_letter_required'],
  ),
  rule(
    'sharing.leader_approval_required',
    // The flow always starts with the leader's approval; the profile records where that comes from.
    '申请须经本部门分管领导批准 / the applicant department leader approves first (always on)',
    Type.Literal(true),
    ['apps/server/src/modules/sharing/sharing.workflow.ts#nextStep'],
  ),
  rule('sharing.compliance_check_workdays', '符合性审查时限(工作日) / operator compliance check', OptionalWorkdays, ['apps/server/src/modules/sharing/sharing.workflow.ts#workdaysFor']),
  rule('sharing.operator_preliminary_review_workdays', '平台初审时限(工作日) / operator preliminary review', OptionalWorkdays, ['apps/server/src/modules/sharing/sharing.workflow.ts#stepsAfterLeader']),
  rule('sharing.provider_review_workdays', '提供部门答复时限(工作日) / provider reply', Workdays, ['apps/server/src/modules/sharing/sharing.workflow.ts#workdaysFor']),
  rule('sharing.rejection_requires_legal_basis', '不予共享须说明法律政策依据 / refusals cite a legal basis', Type.Boolean(), ['apps/server/src/modules/sharing/review.service.ts#decide']),
  rule('sharing.dispute_coordination', '争议由共享管理部门协调 / disputes go to operator coordination', Type.Boolean(), ['apps/server/src/modules/sharing/application.service.ts#dispute']),
  rule('sharing.delegated_review', '提供部门可指定授权代理方审核 / providers may delegate review', Type.Boolean(), ['apps/server/src/modules/sharing/application-steps.ts#stepActor', 'apps/server/src/modules/sharing/grant.service.ts#delegate']),
  rule('sharing.dedicated_direct_access', '专用部门无需申请直接使用 / listed departments use 专用 entries without applying', Type.Boolean(), ['apps/server/src/modules/sharing/grant.service.ts#access', 'apps/server/src/modules/sharing/application-validation.ts#validate']),
  rule('sharing.reminder_workdays_before_due', '到期前提醒(工作日) / remind this many working days before a step is due', Type.Integer({ minimum: 0, maximum: 10 }), ['apps/server/src/modules/sharing/deadline.service.ts#run']),
  rule('sharing.demand_reply_workdays', '需求清单答复时限(工作日) / reply to a demand for uncatalogued data', Workdays, ['apps/server/src/modules/sharing/demand.service.ts#create']),
  rule('sharing.objection_reply_workdays', '疑义校核更正时限(工作日) / reply to an objection', OptionalWorkdays, ['apps/server/src/modules/catalog/catalog-objections.service.ts#raiseObjection', 'apps/server/src/modules/sharing/deadline.service.ts#run']),
  // ── Open data ─────────────────────────────────────────────────────────────────────────────
  rule('open.reply_workdays', '开放申请答复时限(工作日) / reply to a conditional open-data application', Workdays, [], 'open-data portal'),
  rule('open.reply_extension_workdays', '开放申请延长答复期限(工作日) / extension of the open-data reply', OptionalWorkdays, [], 'open-data portal'),
  // ── Exchange ──────────────────────────────────────────────────────────────────────────────
  rule('exchange.business_data_update_workdays', '业务数据产生后更新时限(工作日) / business data updated after creation', OptionalWorkdays, [], 'exchange: timeliness monitoring'),
  rule('exchange.monthly_report_day', '文件上报方式每月报送日(含零报告) / monthly report day incl. zero reports', Type.Union([Type.Integer({ minimum: 1, maximum: 28 }), Type.Null()]), ['apps/server/src/modules/datasets/monthly-reports.service.ts#run', 'apps/server/src/modules/datasets/monthly-reports.service.ts#zeroReport']),
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULES)[number]['id'];

export const RULE_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((r) => [r.id, r]));
