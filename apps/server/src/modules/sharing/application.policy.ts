import type { Role } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { ApplicationState, StepKind } from '../../platform/db/schema.ts';
import type { ApplicationRow, ApplicationScope, VisibleApplicationRow } from './sharing.repository.ts';
import { WITHDRAWABLE } from './sharing.workflow.ts';

/**
 * Who may do what to an application in which state. Pure functions: the services load the rows
 * and apply these; the unit test covers every state.
 */

/** Steps the operator (平台) decides. */
export const OPERATOR_STEPS: readonly StepKind[] = ['compliance_check', 'preliminary_review', 'coordination'];

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

/** The applicant may edit, upload a letter to and (re)submit a draft, or a refusal that is not final. */
export function isEditable(app: Pick<ApplicationRow, 'state' | 'rejection_final'>): boolean {
  return app.state === 'draft' || (app.state === 'rejected' && !app.rejection_final);
}

/** The applicant may withdraw until a decision ends the application. */
export function isWithdrawable(state: ApplicationState): boolean {
  return WITHDRAWABLE.includes(state);
}

/**
 * A refusal may be disputed (taken to the operator's coordination) when it is not final and was
 * made by the operator or the provider; the applicant's own leader's refusal is not a dispute.
 */
export function disputable(app: Pick<ApplicationRow, 'state' | 'rejection_final'>, lastDecided: { state: string; kind: string } | undefined): boolean {
  return app.state === 'rejected' && !app.rejection_final && lastDecided?.state === 'rejected' && lastDecided.kind !== 'leader_approval';
}

/** Whose decision a step is: the applying department's leader, the operator, or the provider (or its delegate). */
export function deciderOf(kind: StepKind): 'leader' | 'operator' | 'provider' {
  if (kind === 'leader_approval') return 'leader';
  if (OPERATOR_STEPS.includes(kind)) return 'operator';
  return 'provider';
}

/** Roles to notify about a step of this kind. */
export function assigneeRoles(kind: StepKind): Role[] {
  const decider = deciderOf(kind);
  if (decider === 'leader') return ['dept_leader'];
  if (decider === 'provider') return ['provider_reviewer'];
  return ['platform_reviewer'];
}

/**
 * What a refusal of this step lacks, if anything: every refusal gives its reasons; one that
 * refuses the sharing itself (the provider's review, the operator's coordination) also cites its
 * legal basis where the profile requires it.
 */
export function refusalProblem(kind: StepKind, comment: string | null, legalBasis: string | null, legalBasisRequired: boolean): 'REASON_REQUIRED' | 'LEGAL_BASIS_REQUIRED' | null {
  if (!comment || comment.length < 2) return 'REASON_REQUIRED';
  const refusesSharing = kind === 'provider_review' || kind === 'coordination';
  if (refusesSharing && legalBasisRequired && (!legalBasis || legalBasis.length < 2)) return 'LEGAL_BASIS_REQUIRED';
  return null;
}

/** What the actor may do next, as the detail shows it. `decide` comes from the step's decider check. */
export function applicationPermissions(
  actor: Actor,
  app: Pick<ApplicationRow, 'applicant_department_id' | 'state' | 'rejection_final'>,
  seen: Pick<Visibility, 'applicant'>,
  context: { decide: boolean; lastDecided: { state: string; kind: string } | undefined; disputeCoordination: boolean },
): { edit: boolean; submit: boolean; withdraw: boolean; decide: boolean; dispute: boolean } {
  const own = seen.applicant && can(actor, 'sharing:application:create', app.applicant_department_id);
  return {
    edit: own && isEditable(app),
    submit: own && isEditable(app),
    withdraw: own && isWithdrawable(app.state),
    decide: context.decide,
    dispute: seen.applicant && can(actor, 'sharing:application:dispute', app.applicant_department_id) && context.disputeCoordination && disputable(app, context.lastDecided),
  };
}
