import type { ApplicationFlow, ApplicationState, StepKind } from '../../platform/db/schema.ts';
import type { Policy } from '../../platform/policy/profiles.ts';
import type { RuleId } from '../../platform/policy/rules.ts';

/**
 * Which flow an application follows and which steps it passes, by share type and policy profile
 * (SPEC §3). Pure functions; the service applies them.
 *
 *   every flow:      draft → leader_approval (本部门分管领导; rule sharing.leader_approval_required)
 *   direct:          → grant                                   (001 Art. 38; 003 Art. 16)
 *   compliance_check:→ operator compliance check (2 WD) → grant (004 Art. 14(1))
 *   review:          unconditional resources take the conditional flow (000 Art. 15 reviews every application)
 *   conditional:     → operator preliminary review (2 WD, where the profile has one)
 *                    → provider review (5 or 10 WD) → grant     (000 Art. 15; 003 Art. 16; 004 Art. 14(2))
 *   coordination:    → operator coordination → grant or refusal (not-shared data; 004 Art. 14(3))
 *   a refused conditional application may be disputed → operator coordination (001 Art. 40; 003 Art. 18)
 */
export function flowFor(shareType: string, policy: Policy): ApplicationFlow {
  if (shareType === 'none') return 'coordination';
  if (shareType === 'conditional') return 'conditional';
  const unconditional = policy.value<'direct' | 'compliance_check' | 'review'>('sharing.unconditional_flow');
  return unconditional === 'review' ? 'conditional' : unconditional;
}

/** The steps after the leader's approval, in order. */
export function stepsAfterLeader(flow: ApplicationFlow, policy: Policy): StepKind[] {
  switch (flow) {
    case 'direct':
      return [];
    case 'compliance_check':
      return ['compliance_check'];
    case 'conditional':
      return policy.value<number | null>('sharing.operator_preliminary_review_workdays') === null ? ['provider_review'] : ['preliminary_review', 'provider_review'];
    case 'coordination':
      return ['coordination'];
  }
}

const STEP_RULES: Partial<Record<StepKind, RuleId>> = {
  compliance_check: 'sharing.compliance_check_workdays',
  preliminary_review: 'sharing.operator_preliminary_review_workdays',
  provider_review: 'sharing.provider_review_workdays',
};

/** Working days a step has under the profile; null when the step has no deadline. */
export function workdaysFor(kind: StepKind, policy: Policy): number | null {
  const rule = STEP_RULES[kind];
  return rule ? policy.value<number | null>(rule) : null;
}

export function ruleFor(kind: StepKind): RuleId | null {
  return STEP_RULES[kind] ?? null;
}

/** The application state while a step of this kind is pending. */
export function stateOf(kind: StepKind): ApplicationState {
  return kind === 'leader_approval' ? 'leader_review' : kind;
}

export function nextStep(flow: ApplicationFlow, current: StepKind, policy: Policy): StepKind | null {
  if (current === 'leader_approval') return stepsAfterLeader(flow, policy)[0] ?? null;
  if (current === 'coordination') return null;
  const steps = stepsAfterLeader(flow, policy);
  const index = steps.indexOf(current);
  return index >= 0 ? (steps[index + 1] ?? null) : null;
}

/** States from which the applicant may still withdraw. */
export const WITHDRAWABLE: readonly ApplicationState[] = ['draft', 'leader_review', 'compliance_check', 'preliminary_review', 'provider_review', 'coordination'];
