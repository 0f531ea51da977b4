import type { ApplicationState, GrantStatus } from '@huitong/contracts';

/** Tag colours of application states: in progress blue, approved green, refused red, ended grey. */
export const APPLICATION_STATE_COLORS: Record<ApplicationState, string> = {
  draft: 'default',
  leader_review: 'processing',
  compliance_check: 'processing',
  preliminary_review: 'processing',
  provider_review: 'processing',
  coordination: 'purple',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function applicationStateColor(state: string): string {
  return APPLICATION_STATE_COLORS[state as ApplicationState] ?? 'default';
}

/** Grants: in force green, not yet started blue, expired orange, revoked red. */
export const GRANT_STATUS_COLORS: Record<GrantStatus, string> = {
  active: 'success',
  pending: 'processing',
  expired: 'warning',
  revoked: 'error',
};

/** A grant no longer in force: the consumer must stop using the data and confirm its destruction. */
export function isGrantInactive(status: GrantStatus): boolean {
  return status === 'expired' || status === 'revoked';
}

export type StepState = 'pending' | 'approved' | 'rejected' | 'cancelled';

/** Ant Design Steps/Timeline status of an application step. */
export function stepDisplayStatus(state: StepState, overdue: boolean): 'process' | 'finish' | 'error' | 'wait' {
  if (state === 'approved') return 'finish';
  if (state === 'rejected') return 'error';
  if (state === 'cancelled') return 'wait';
  return overdue ? 'error' : 'process';
}

/**
 * An application event's action as the server records it: `create`, `edit`, `upload-letter`,
 * `submit`, `resubmit`, `withdraw`, `dispute`, or `approve:<step>` / `reject:<step>`.
 * Returns the verb (an i18n key under `sharing.action`) and the step it concerns, if any.
 */
export const HISTORY_VERBS = ['create', 'edit', 'upload-letter', 'submit', 'resubmit', 'withdraw', 'dispute', 'approve', 'reject'] as const;
export type HistoryVerb = (typeof HISTORY_VERBS)[number];

export function parseHistoryAction(action: string): { verb: HistoryVerb | null; step: string | null; raw: string } {
  const colon = action.indexOf(':');
  const head = colon >= 0 ? action.slice(0, colon) : action;
  const step = colon >= 0 ? action.slice(colon + 1) || null : null;
  const verb = (HISTORY_VERBS as readonly string[]).includes(head) ? (head as HistoryVerb) : null;
  return { verb, step: verb === 'approve' || verb === 'reject' ? step : null, raw: action };
}

/** The broad subject of a notification kind (`application.step_assigned` → `application`), for its tag. */
export const NOTIFICATION_SUBJECTS = ['application', 'grant', 'demand', 'catalog', 'delegation'] as const;
export type NotificationSubject = (typeof NOTIFICATION_SUBJECTS)[number] | 'other';

export function notificationSubject(kind: string): NotificationSubject {
  const head = kind.split('.', 1)[0] ?? '';
  return (NOTIFICATION_SUBJECTS as readonly string[]).includes(head) ? (head as NotificationSubject) : 'other';
}

/**
 * Where a notification's link leads inside the console. Links are console paths
 * (`/sharing/applications/…`); anything else (absolute URLs, protocol-relative `//host`) is not
 * followed.
 */
export function consoleLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null;
  return link;
}
