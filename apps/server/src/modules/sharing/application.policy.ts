import type { Actor } from '../../platform/auth/actor.ts';
import { can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { ApplicationScope, VisibleApplicationRow } from './sharing.repository.ts';

/** How the actor sees an application, and through which door. */
export interface Visibility {
  any: boolean;
  applicant: boolean;
  provider: boolean;
  operator: boolean;
  delegate: boolean;
}

/** The applications the actor may see, as the repository puts it into the WHERE clause. */
export function applicationScope(actor: Actor): ApplicationScope {
  const own = actor.organisationId && can(actor, 'sharing:application:read', actor.organisationId) ? actor.organisationId : null;
  return { applicantDepartmentId: own, providerDepartmentId: own, operator: hasPlatformScope(actor, 'sharing:application:read'), delegateUserId: actor.userId ?? null };
}

/**
 * Who may see an application: the applicant's department; once it has left that department,
 * the provider, the operator, and the provider's delegates for the entry.
 */
export function visibilityOf(actor: Actor, app: Pick<VisibleApplicationRow, 'applicant_department_id' | 'provider_department_id' | 'left_department' | 'delegated'>): Visibility {
  const scope = applicationScope(actor);
  const applicant = scope.applicantDepartmentId !== null && scope.applicantDepartmentId === app.applicant_department_id;
  const left = app.left_department;
  const provider = left && scope.providerDepartmentId !== null && scope.providerDepartmentId === app.provider_department_id;
  const operator = left && scope.operator;
  const delegate = left && app.delegated;
  return { any: applicant || provider || operator || delegate, applicant, provider, operator, delegate };
}
