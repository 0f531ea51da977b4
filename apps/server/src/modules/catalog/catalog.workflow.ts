import type { VersionState } from '@huitong/contracts';
import { InvalidTransitionError } from '../../platform/errors.ts';
import type { Policy } from '../../platform/policy/profiles.ts';

/**
 * The life of a catalog version, as a pure state machine:
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──(notice period ends)──▶ published
 *     ▲                 │   │                      └──(no notice needed)──────▶ published
 *     └───withdraw──────┘   └──reject──▶ rejected ──edit──▶ draft
 *
 * A published version becomes `superseded` when a later one is published. Editing a published
 * entry never changes its published version: it opens a new draft version (000 Art. 8).
 */
export type VersionAction = 'edit' | 'submit' | 'withdraw' | 'approve' | 'reject' | 'publish' | 'discard';

const TRANSITIONS: Record<VersionAction, Partial<Record<VersionState, VersionState | 'deleted'>>> = {
  edit: { draft: 'draft', rejected: 'draft' },
  submit: { draft: 'submitted', rejected: 'submitted' },
  withdraw: { submitted: 'draft' },
  approve: { submitted: 'approved' },
  reject: { submitted: 'rejected' },
  publish: { approved: 'published' },
  discard: { draft: 'deleted', rejected: 'deleted' },
};

export function nextVersionState(from: VersionState, action: VersionAction): VersionState | 'deleted' {
  const next = TRANSITIONS[action][from];
  if (!next) throw new InvalidTransitionError(from, action);
  return next;
}

export function canTransition(from: VersionState | null | undefined, action: VersionAction): boolean {
  return Boolean(from && TRANSITIONS[action][from]);
}

/** Under a profile that does not require operator approval, a submission is approved at once. */
export function stateAfterSubmit(policy: Policy): VersionState {
  return policy.value<boolean>('catalog.change_requires_operator_approval') ? 'submitted' : 'approved';
}
