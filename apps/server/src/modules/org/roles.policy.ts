import { DUTY_CLASSES, dutyClassOf, type Role } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, OPERATOR_ONLY_ROLES } from '../../platform/auth/permissions.ts';
import type { DepartmentRow } from '../../platform/db/schema.ts';
import { NotAllowedError, ValidationError } from '../../platform/errors.ts';

/** Roles only a platform administrator may grant: they reach across organisations. */
const PLATFORM_GRANTED_ROLES: readonly Role[] = ['platform_admin', 'platform_reviewer', 'supervisor'];
/**
 * The auditor role is granted, revoked and its holders managed only by another security auditor of
 * the operator or by the CLI on the server — never by an administrator, whom the auditor audits.
 */
export const AUDITOR_ROLE: Role = 'security_auditor';

/** Checks a role set: one duty class only (GB/T 39477), operator-only roles, and who may grant them. */
export function assertRoles(actor: Actor, roles: readonly Role[], organisation: DepartmentRow, previous: readonly Role[] = []): void {
  const classes = new Set(roles.map(dutyClassOf));
  if (classes.size > 1) {
    const names = [...classes].map((c) => `${c} (${DUTY_CLASSES[c].join('/')})`).join(' + ');
    throw ValidationError.field('roles', `管理、业务、审计职责须分离,一个账号不能同时拥有: ${names} (separation of duties)`, 'DUTY_SEPARATION');
  }
  const operatorOnly = roles.filter((r) => OPERATOR_ONLY_ROLES.includes(r));
  if (operatorOnly.length > 0 && !organisation.is_operator) {
    throw ValidationError.field('roles', `角色 ${operatorOnly.join(', ')} 只能授予平台管理单位人员 (operator-only roles)`, 'OPERATOR_ONLY_ROLE');
  }
  const granted = roles.filter((r) => !previous.includes(r));
  const revoked = previous.filter((r) => !roles.includes(r));
  const platformGrants = [...granted, ...revoked].filter((r) => PLATFORM_GRANTED_ROLES.includes(r));
  if (platformGrants.length > 0 && !(actor.kind === 'cli' || (actor.operatorMember && actor.roles.includes('platform_admin')))) {
    throw ValidationError.field('roles', `只有平台管理员可以授予或收回 ${platformGrants.join(', ')} (platform administrators only)`, 'ROLE_NOT_GRANTABLE');
  }
}

export function assertAuditorKeeper(actor: Actor): void {
  if (!can(actor, 'org:auditor:manage')) {
    throw new NotAllowedError('org:auditor:manage', '安全审计员账号只能由另一名安全审计员或服务器命令行管理 (only another security auditor or the server CLI manages auditors)');
  }
}
