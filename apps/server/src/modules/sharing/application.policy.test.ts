import { describe, expect, it } from 'vitest';
import { anonymousActor, type Actor } from '../../platform/auth/actor.ts';
import type { ApplicationState, StepKind } from '../../platform/db/schema.ts';
import type { Role } from '@huitong/contracts';
import { applicationPermissions, applicationScope, assigneeRoles, deciderOf, disputable, isEditable, isWithdrawable, refusalProblem, visibilityOf } from './application.policy.ts';

const APPLICANT = 'aaaaaaaa-0000-0000-0000-000000000001';
const PROVIDER = 'aaaaaaaa-0000-0000-0000-000000000002';
const OPERATOR = 'aaaaaaaa-0000-0000-0000-000000000003';
const OTHER = 'aaaaaaaa-0000-0000-0000-000000000004';

function user(organisationId: string, roles: Role[], userId = `u-${organisationId}-${roles.join('-')}`): Actor {
  return { ...anonymousActor(), kind: 'user', userId, username: userId, name: userId, departmentId: organisationId, organisationId, operatorMember: organisationId === OPERATOR, roles };
}

const officer = user(APPLICANT, ['data_officer']);
const leader = user(APPLICANT, ['dept_leader']);
const reviewer = user(PROVIDER, ['provider_reviewer']);
const platform = user(OPERATOR, ['platform_reviewer']);
const outsider = user(OTHER, ['data_officer']);
const delegate = user(OTHER, [], 'delegate-user');

const STATES: ApplicationState[] = ['draft', 'leader_review', 'compliance_check', 'preliminary_review', 'provider_review', 'coordination', 'approved', 'rejected', 'withdrawn'];
const row = (left: boolean, delegated = false) => ({ applicant_department_id: APPLICANT, provider_department_id: PROVIDER, left_department: left, delegated });

describe('who sees an application', () => {
  it('puts the own organisation, the operator flag and the user into the scope, and nothing for an actor without the read permission', () => {
    expect(applicationScope(officer)).toEqual({ applicantDepartmentId: APPLICANT, providerDepartmentId: APPLICANT, operator: false, delegateUserId: officer.userId });
    expect(applicationScope(platform).operator).toBe(true);
    expect(applicationScope(delegate)).toEqual({ applicantDepartmentId: null, providerDepartmentId: null, operator: false, delegateUserId: 'delegate-user' });
    expect(applicationScope(anonymousActor())).toEqual({ applicantDepartmentId: null, providerDepartmentId: null, operator: false, delegateUserId: null });
  });

  it('shows a draft only to the applying department; the provider, operator and delegates once it has left it', () => {
    expect(visibilityOf(officer, row(false)).applicant).toBe(true);
    for (const actor of [reviewer, platform, outsider]) expect(visibilityOf(actor, row(false)).any).toBe(false);
    expect(visibilityOf(delegate, row(false, true)).any).toBe(false);

    expect(visibilityOf(reviewer, row(true))).toMatchObject({ any: true, provider: true, applicant: false });
    expect(visibilityOf(platform, row(true))).toMatchObject({ any: true, operator: true, applicant: false });
    expect(visibilityOf(delegate, row(true, true))).toMatchObject({ any: true, delegate: true });
    expect(visibilityOf(outsider, row(true)).any).toBe(false);
  });
});

describe('what the applicant may do in which state', () => {
  it('edits and submits a draft or a refusal that is not final, and nothing else', () => {
    const editable = STATES.filter((state) => isEditable({ state, rejection_final: false }));
    expect(editable).toEqual(['draft', 'rejected']);
    expect(isEditable({ state: 'rejected', rejection_final: true })).toBe(false);
  });

  it('withdraws until a decision ends the application', () => {
    expect(STATES.filter(isWithdrawable)).toEqual(['draft', 'leader_review', 'compliance_check', 'preliminary_review', 'provider_review', 'coordination']);
  });

  it('disputes only a non-final refusal by the operator or the provider', () => {
    const refused = { state: 'rejected' as const, rejection_final: false };
    expect(disputable(refused, { state: 'rejected', kind: 'provider_review' })).toBe(true);
    expect(disputable(refused, { state: 'rejected', kind: 'preliminary_review' })).toBe(true);
    expect(disputable(refused, { state: 'rejected', kind: 'leader_approval' })).toBe(false);
    expect(disputable(refused, undefined)).toBe(false);
    expect(disputable({ state: 'rejected', rejection_final: true }, { state: 'rejected', kind: 'coordination' })).toBe(false);
    expect(disputable({ state: 'approved', rejection_final: false }, { state: 'approved', kind: 'provider_review' })).toBe(false);
  });

  it('offers edit, submit and withdraw only to the applying department, dispute only where the profile coordinates', () => {
    const refused = { applicant_department_id: APPLICANT, state: 'rejected' as const, rejection_final: false };
    const context = { decide: false, lastDecided: { state: 'rejected', kind: 'provider_review' }, disputeCoordination: true };
    expect(applicationPermissions(officer, refused, { applicant: true }, context)).toEqual({ edit: true, submit: true, withdraw: false, decide: false, dispute: true });
    // A leader may dispute but not edit: drafting is the data officer's.
    expect(applicationPermissions(leader, refused, { applicant: true }, context)).toEqual({ edit: false, submit: false, withdraw: false, decide: false, dispute: true });
    expect(applicationPermissions(officer, refused, { applicant: true }, { ...context, disputeCoordination: false }).dispute).toBe(false);
    expect(applicationPermissions(reviewer, refused, { applicant: false }, { ...context, decide: true })).toEqual({ edit: false, submit: false, withdraw: false, decide: true, dispute: false });
    const pending = { applicant_department_id: APPLICANT, state: 'provider_review' as const, rejection_final: false };
    expect(applicationPermissions(officer, pending, { applicant: true }, { ...context, lastDecided: undefined })).toEqual({ edit: false, submit: false, withdraw: true, decide: false, dispute: false });
  });
});

describe('who decides a step', () => {
  it('assigns each kind of step to its decider and the roles told about it', () => {
    const kinds: StepKind[] = ['leader_approval', 'compliance_check', 'preliminary_review', 'provider_review', 'coordination'];
    expect(kinds.map(deciderOf)).toEqual(['leader', 'operator', 'operator', 'provider', 'operator']);
    expect(kinds.map(assigneeRoles)).toEqual([['dept_leader'], ['platform_reviewer'], ['platform_reviewer'], ['provider_reviewer'], ['platform_reviewer']]);
  });

  it('asks every refusal for reasons, and a refusal to share for its legal basis where the profile requires it', () => {
    expect(refusalProblem('leader_approval', null, null, true)).toBe('REASON_REQUIRED');
    expect(refusalProblem('preliminary_review', '否', null, true)).toBe('REASON_REQUIRED');
    expect(refusalProblem('preliminary_review', '材料不全', null, true)).toBeNull();
    expect(refusalProblem('provider_review', '涉及个人隐私', null, true)).toBe('LEGAL_BASIS_REQUIRED');
    expect(refusalProblem('coordination', '涉及个人隐私', '法', true)).toBe('LEGAL_BASIS_REQUIRED');
    expect(refusalProblem('provider_review', '涉及个人隐私', '《个人信息保护法》第十三条', true)).toBeNull();
    expect(refusalProblem('provider_review', '涉及个人隐私', null, false)).toBeNull();
  });
});
