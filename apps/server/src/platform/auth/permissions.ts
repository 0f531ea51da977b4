import type { Role } from '@huitong/contracts';
import { NotAllowedError } from '../errors.ts';
import type { Actor } from './actor.ts';

/**
 * Who may perform each named operation.
 *
 * - `roles`: roles that may act on their own organisation's objects.
 * - `platformRoles`: roles that may act on any organisation, when held by a member of the
 *   operator (数据管理单位). A platform role held elsewhere gives nothing here.
 *
 * Services call `authorize(actor, operation, targetOrganisationId)` before touching data and put
 * the organisation scope into their queries as well.
 */
interface OperationRule {
  roles: readonly Role[];
  platformRoles: readonly Role[];
  description: string;
}

function op(roles: readonly Role[], platformRoles: readonly Role[], description: string): OperationRule {
  return { roles, platformRoles, description };
}

export const OPERATIONS = {
  'org:department:manage': op([], ['platform_admin'], '管理部门树'),
  'org:user:read': op(['dept_admin'], ['platform_admin', 'security_auditor'], '查看用户'),
  'org:user:manage': op(['dept_admin'], ['platform_admin'], '创建、修改、停用、解锁用户'),
  // Auditor accounts are kept by the auditors themselves (GB/T 39477): the administrator who is
  // audited may neither grant the role nor deactivate or edit an auditor.
  'org:auditor:manage': op([], ['security_auditor'], '授予或收回安全审计员角色、管理审计员账号'),
  'org:data-officer:manage': op(['dept_admin'], ['platform_admin'], '登记或变更数据专员'),
  'org:system:read': op(['dept_admin', 'data_officer'], ['platform_admin', 'security_auditor'], '查看应用系统'),
  'org:system:manage': op(['dept_admin'], ['platform_admin'], '登记应用系统、轮换密钥'),
  'catalog:entry:create': op(['data_officer'], [], '编制目录'),
  'catalog:entry:edit': op(['data_officer'], [], '修改目录草稿'),
  'catalog:entry:submit': op(['data_officer'], [], '提交目录审核'),
  'catalog:entry:withdraw': op(['data_officer'], [], '撤回已提交的目录'),
  'catalog:entry:request-offline': op(['data_officer'], [], '申请目录下线'),
  'catalog:entry:review': op([], ['platform_reviewer'], '审核目录'),
  'catalog:entry:read-unpublished': op(
    ['data_officer', 'dept_admin', 'dept_leader', 'provider_reviewer'],
    ['platform_reviewer', 'security_auditor', 'supervisor'],
    '查看未发布目录与变更',
  ),
  'catalog:entry:import': op(['data_officer'], [], '导入目录'),
  'catalog:objection:raise': op(['data_officer', 'provider_reviewer', 'dept_leader'], [], '对目录提出疑义或纠错'),
  'catalog:objection:answer': op(['data_officer'], [], '答复疑义'),
  'catalog:maintenance:manage': op(['data_officer'], ['platform_reviewer'], '登记法规或职能变化、确认目录维护'),
  'sharing:application:create': op(['data_officer'], [], '提出共享申请'),
  'sharing:application:read': op(['data_officer', 'dept_leader', 'provider_reviewer', 'dept_admin'], ['platform_reviewer', 'supervisor', 'security_auditor'], '查看共享申请'),
  'sharing:application:leader-approve': op(['dept_leader'], [], '分管领导审批本部门的共享申请'),
  'sharing:application:operator-review': op([], ['platform_reviewer'], '平台符合性审查、初审与协调'),
  'sharing:application:provider-review': op(['provider_reviewer'], [], '提供部门审核共享申请'),
  'sharing:application:dispute': op(['data_officer', 'dept_leader'], [], '对不予共享提出异议'),
  'sharing:grant:read': op(['data_officer', 'dept_leader', 'provider_reviewer', 'dept_admin'], ['platform_reviewer', 'supervisor', 'security_auditor'], '查看授权'),
  'sharing:grant:revoke': op(['provider_reviewer', 'data_officer'], ['platform_reviewer'], '撤销授权'),
  'sharing:grant:confirm-destruction': op(['data_officer'], [], '确认销毁不再使用的数据'),
  'sharing:delegation:manage': op(['dept_leader'], [], '指定授权代理方'),
  'sharing:demand:create': op(['data_officer'], [], '提出数据需求'),
  'sharing:demand:answer': op(['data_officer'], [], '答复数据需求'),
  'sharing:demand:read': op(['data_officer', 'dept_leader'], ['platform_reviewer', 'supervisor'], '查看数据需求'),
  'dataset:manage': op(['data_officer'], [], '为已发布目录建立数据集'),
  'dataset:load': op(['data_officer'], [], '上传数据、提交入库批次'),
  'dataset:read': op(['data_officer', 'dept_admin', 'dept_leader'], ['platform_admin', 'supervisor', 'security_auditor'], '查看数据集与入库批次'),
  'api-service:manage': op(['data_officer'], [], '登记、修改、探测、停用服务接口'),
  'api-service:read': op(['data_officer', 'dept_admin', 'dept_leader'], ['platform_admin', 'supervisor', 'security_auditor'], '查看服务接口登记与探测结果'),
  'dataset:subscription:manage': op(['data_officer', 'dept_admin'], ['platform_admin'], '订阅数据集变更(创建、暂停、恢复、删除)'),
  'dataset:subscription:read': op(['data_officer', 'dept_admin'], ['platform_admin', 'security_auditor'], '查看订阅、拉取订阅的变更'),
  'supervision:read': op([], ['supervisor', 'platform_reviewer'], '查看超期督办记录'),
  'org:webhook:manage': op(['dept_admin'], ['platform_admin'], '管理事件推送'),
  'audit:read': op(['security_auditor'], ['security_auditor'], '查阅审计日志'),
  'audit:verify': op([], ['security_auditor'], '校验审计链'),
  'calendar:manage': op([], ['platform_admin'], '维护工作日历'),
  'system:metrics:read': op([], ['platform_admin', 'security_auditor'], '读取运行指标 (/metrics)'),
} as const satisfies Record<string, OperationRule>;

export type Operation = keyof typeof OPERATIONS;

/** Whether the actor may perform `operation` on an object of `targetOrganisationId`. */
export function can(actor: Actor, operation: Operation, targetOrganisationId?: string | null): boolean {
  if (actor.kind === 'cli') return true;
  const rule: OperationRule = OPERATIONS[operation];
  if (actor.operatorMember && rule.platformRoles.some((role) => actor.roles.includes(role))) return true;
  if (!rule.roles.some((role) => actor.roles.includes(role))) return false;
  return targetOrganisationId === undefined || targetOrganisationId === actor.organisationId;
}

export function authorize(actor: Actor, operation: Operation, targetOrganisationId?: string | null): void {
  if (!can(actor, operation, targetOrganisationId)) throw new NotAllowedError(operation);
}

/** Whether the actor reaches across organisations for this operation (platform scope). */
export function hasPlatformScope(actor: Actor, operation: Operation): boolean {
  if (actor.kind === 'cli') return true;
  const rule: OperationRule = OPERATIONS[operation];
  return actor.operatorMember && rule.platformRoles.some((role) => actor.roles.includes(role));
}

/** Operations the actor may perform on its own organisation, for the console's navigation. */
export function operationsOf(actor: Actor): Operation[] {
  return (Object.keys(OPERATIONS) as Operation[]).filter((operation) => can(actor, operation, actor.organisationId));
}

/** Roles that only make sense inside the operator: they act on the whole platform. */
export const OPERATOR_ONLY_ROLES: readonly Role[] = ['platform_admin', 'platform_reviewer'];
