import type { ApplicationStep } from '@huitong/contracts';

/**
 * How a step's deadline reads: working days left, due today, or overdue (by how many working
 * days, when the platform can count them). Pure, so the display rules are unit-tested.
 *
 * `remainingWorkdays` comes from the server (from today to the due date, negative once past it);
 * `overdue` is the server's own verdict. A due date on a Friday seen on Saturday is overdue with
 * zero working days between, so the count is shown only when there is one.
 */
export type DeadlineStatus =
  | { kind: 'none' }
  | { kind: 'closed' }
  | { kind: 'remaining'; days: number; urgent: boolean }
  | { kind: 'today' }
  | { kind: 'overdue'; days: number | null };

type DeadlineFields = Pick<ApplicationStep, 'state' | 'dueOn' | 'remainingWorkdays' | 'overdue'>;

/** Working days left at which a deadline is shown as urgent (the profile's reminder is 1 in Longnan). */
export const URGENT_WORKDAYS = 1;

export function deadlineStatus(step: DeadlineFields): DeadlineStatus {
  if (!step.dueOn) return { kind: 'none' };
  if (step.state !== 'pending') return { kind: 'closed' };
  const remaining = step.remainingWorkdays;
  if (step.overdue || (remaining !== null && remaining < 0)) {
    return { kind: 'overdue', days: remaining !== null && remaining < 0 ? -remaining : null };
  }
  if (remaining === null) return { kind: 'none' };
  if (remaining === 0) return { kind: 'today' };
  return { kind: 'remaining', days: remaining, urgent: remaining <= URGENT_WORKDAYS };
}

/** Tag colour for a deadline: red when overdue, orange when due today or tomorrow, blue otherwise. */
export function deadlineColor(status: DeadlineStatus): string {
  switch (status.kind) {
    case 'overdue':
      return 'error';
    case 'today':
      return 'warning';
    case 'remaining':
      return status.urgent ? 'warning' : 'processing';
    default:
      return 'default';
  }
}

/** Whether a queue row should be highlighted: its step is past due. */
export function isOverdue(step: DeadlineFields | null | undefined): boolean {
  return Boolean(step) && deadlineStatus(step!).kind === 'overdue';
}
