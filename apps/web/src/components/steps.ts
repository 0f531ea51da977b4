import type { Application } from '@huitong/contracts';
import type { StepKind } from '../api/applications.ts';

/**
 * The steps of an application's flow, as the server's sharing.workflow.ts runs them:
 *
 *   every flow:       leader_approval (本部门分管领导)
 *   direct:           → grant
 *   compliance_check: → compliance_check → grant
 *   conditional:      → preliminary_review (where the profile has one) → provider_review → grant
 *   coordination:     → coordination → grant or refusal
 *
 * A disputed refusal adds a coordination step. The console uses this only to show what is still
 * ahead; the steps that happened come from the server.
 */
export function plannedSteps(flow: string, preliminaryReview: boolean): StepKind[] {
  switch (flow) {
    case 'compliance_check':
      return ['leader_approval', 'compliance_check'];
    case 'conditional':
      return preliminaryReview ? ['leader_approval', 'preliminary_review', 'provider_review'] : ['leader_approval', 'provider_review'];
    case 'coordination':
      return ['leader_approval', 'coordination'];
    default:
      return ['leader_approval'];
  }
}

const IN_PROGRESS = new Set(['leader_review', 'compliance_check', 'preliminary_review', 'provider_review', 'coordination']);

/**
 * Steps still ahead of an application: every planned step for a draft (a resubmission runs the
 * flow again), those after the pending one while it is in progress, none once it is decided.
 */
export function upcomingSteps(application: Pick<Application, 'state' | 'flow' | 'steps'>, preliminaryReview: boolean): StepKind[] {
  const planned = plannedSteps(application.flow, preliminaryReview);
  if (application.state === 'draft') return planned;
  if (!IN_PROGRESS.has(application.state)) return [];
  const pending = application.steps.find((step) => step.state === 'pending');
  if (!pending) return [];
  const index = planned.indexOf(pending.kind as StepKind);
  return index < 0 ? [] : planned.slice(index + 1);
}

/** Refusals that withhold data (provider review, coordination) must cite a legal or policy basis where the profile says so. */
export function legalBasisRequired(kind: string, decision: 'approve' | 'reject', profileRequiresBasis: boolean): boolean {
  return decision === 'reject' && profileRequiresBasis && (kind === 'provider_review' || kind === 'coordination');
}

/** Whether the legal basis field is offered at all when refusing this step. */
export function offersLegalBasis(kind: string, decision: 'approve' | 'reject'): boolean {
  return decision === 'reject' && (kind === 'provider_review' || kind === 'coordination');
}
