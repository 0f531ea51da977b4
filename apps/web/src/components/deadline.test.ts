import { describe, expect, it } from 'vitest';
import { deadlineColor, deadlineStatus, isOverdue } from './deadline.ts';

const pending = (remainingWorkdays: number | null, overdue = false, dueOn: string | null = '2026-11-24') => ({ state: 'pending' as const, dueOn, remainingWorkdays, overdue });

describe('step deadlines', () => {
  it('counts the working days left and marks the last one urgent', () => {
    expect(deadlineStatus(pending(5))).toEqual({ kind: 'remaining', days: 5, urgent: false });
    expect(deadlineStatus(pending(1))).toEqual({ kind: 'remaining', days: 1, urgent: true });
    expect(deadlineColor(deadlineStatus(pending(5)))).toBe('processing');
    expect(deadlineColor(deadlineStatus(pending(1)))).toBe('warning');
  });

  it('says "due today" on the due date itself', () => {
    expect(deadlineStatus(pending(0))).toEqual({ kind: 'today' });
    expect(deadlineColor({ kind: 'today' })).toBe('warning');
  });

  it('counts how late a step is, in working days', () => {
    expect(deadlineStatus(pending(-3, true))).toEqual({ kind: 'overdue', days: 3 });
    expect(deadlineColor(deadlineStatus(pending(-3, true)))).toBe('error');
  });

  it('is overdue without a count when no working day has passed since (a Friday due date seen on Saturday)', () => {
    expect(deadlineStatus(pending(0, true))).toEqual({ kind: 'overdue', days: null });
    expect(deadlineStatus(pending(-0, true))).toEqual({ kind: 'overdue', days: null });
  });

  it('shows nothing for steps without a time limit or already decided', () => {
    expect(deadlineStatus(pending(null, false, null))).toEqual({ kind: 'none' });
    expect(deadlineStatus({ state: 'approved', dueOn: '2026-11-24', remainingWorkdays: null, overdue: false })).toEqual({ kind: 'closed' });
    expect(deadlineColor({ kind: 'closed' })).toBe('default');
  });

  it('highlights queue rows whose step is past due', () => {
    expect(isOverdue(pending(-1, true))).toBe(true);
    expect(isOverdue(pending(2))).toBe(false);
    expect(isOverdue(null)).toBe(false);
  });
});
