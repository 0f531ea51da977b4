import { describe, expect, it } from 'vitest';
import type { Application } from '@huitong/contracts';
import { legalBasisRequired, offersLegalBasis, plannedSteps, upcomingSteps } from './steps.ts';

type Flow = Pick<Application, 'state' | 'flow' | 'steps'>;
const step = (kind: Application['steps'][number]['kind'], state: 'pending' | 'approved' | 'rejected' | 'cancelled') => ({ kind, state }) as Application['steps'][number];

describe('flow steps', () => {
  it('plans the steps of each flow after the leader approval', () => {
    expect(plannedSteps('direct', true)).toEqual(['leader_approval']);
    expect(plannedSteps('compliance_check', true)).toEqual(['leader_approval', 'compliance_check']);
    expect(plannedSteps('conditional', true)).toEqual(['leader_approval', 'preliminary_review', 'provider_review']);
    expect(plannedSteps('conditional', false)).toEqual(['leader_approval', 'provider_review']);
    expect(plannedSteps('coordination', true)).toEqual(['leader_approval', 'coordination']);
  });

  it('shows what is still ahead of a conditional application', () => {
    const app: Flow = { state: 'leader_review', flow: 'conditional', steps: [step('leader_approval', 'pending')] };
    expect(upcomingSteps(app, true)).toEqual(['preliminary_review', 'provider_review']);
    const atProvider: Flow = { state: 'provider_review', flow: 'conditional', steps: [step('leader_approval', 'approved'), step('preliminary_review', 'approved'), step('provider_review', 'pending')] };
    expect(upcomingSteps(atProvider, true)).toEqual([]);
  });

  it('runs the whole flow again for a draft, and nothing once decided', () => {
    expect(upcomingSteps({ state: 'draft', flow: 'conditional', steps: [] }, false)).toEqual(['leader_approval', 'provider_review']);
    expect(upcomingSteps({ state: 'approved', flow: 'direct', steps: [step('leader_approval', 'approved')] }, true)).toEqual([]);
    expect(upcomingSteps({ state: 'rejected', flow: 'conditional', steps: [step('leader_approval', 'rejected')] }, true)).toEqual([]);
  });

  it('has nothing after a dispute went to coordination', () => {
    const disputed: Flow = { state: 'coordination', flow: 'conditional', steps: [step('leader_approval', 'approved'), step('provider_review', 'rejected'), step('coordination', 'pending')] };
    expect(upcomingSteps(disputed, false)).toEqual([]);
  });
});

describe('legal basis of a refusal', () => {
  it('is asked for when refusing to share at provider review or coordination', () => {
    expect(offersLegalBasis('provider_review', 'reject')).toBe(true);
    expect(offersLegalBasis('coordination', 'reject')).toBe(true);
    expect(offersLegalBasis('leader_approval', 'reject')).toBe(false);
    expect(offersLegalBasis('provider_review', 'approve')).toBe(false);
  });

  it('is required only where the profile says so', () => {
    expect(legalBasisRequired('provider_review', 'reject', true)).toBe(true);
    expect(legalBasisRequired('provider_review', 'reject', false)).toBe(false);
    expect(legalBasisRequired('preliminary_review', 'reject', true)).toBe(false);
  });
});
