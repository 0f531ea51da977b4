import type { CalendarDay } from '../../api/calendar.ts';

/**
 * Entering a year of the official calendar: the State Council's notice lists holidays and the
 * weekend days that become working days (调休上班). These checks mirror the server's
 * (calendar-admin.service.ts) so the administrator sees every problem before saving; the server
 * checks again.
 */

export type DayProblem = 'shape' | 'date' | 'year' | 'duplicate' | 'kind' | 'name' | 'weekday';

export interface CalendarProblem {
  /** Index of the day in the list; null for the text as a whole. */
  index: number | null;
  problem: DayProblem | 'json';
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDate(day: string): Date | null {
  if (!ISO_DAY.test(day)) return null;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? null : date;
}

/** Every problem of a year's days: bad or foreign dates, duplicates, unknown kinds, empty names, make-up working days on weekdays. */
export function checkDays(days: readonly CalendarDay[], year: number): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const seen = new Set<string>();
  days.forEach((d, index) => {
    const date = validDate(d.day);
    if (!date) problems.push({ index, problem: 'date' });
    else {
      if (date.getUTCFullYear() !== year) problems.push({ index, problem: 'year' });
      const weekday = date.getUTCDay();
      if (d.kind === 'workday' && weekday !== 0 && weekday !== 6) problems.push({ index, problem: 'weekday' });
    }
    if (seen.has(d.day)) problems.push({ index, problem: 'duplicate' });
    seen.add(d.day);
    if (d.kind !== 'holiday' && d.kind !== 'workday') problems.push({ index, problem: 'kind' });
    if (!d.name || !d.name.trim() || d.name.trim().length > 50) problems.push({ index, problem: 'name' });
  });
  return problems;
}

/**
 * Pasted JSON: either the days (`[{ "day": "2027-01-01", "kind": "holiday", "name": "元旦" }, …]`)
 * or a whole year as the API takes it (`{ "source": "…", "days": [ … ] }`).
 */
export function parseCalendarJson(text: string, year: number): { source: string | null; days: CalendarDay[]; problems: CalendarProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { source: null, days: [], problems: [{ index: null, problem: 'json' }] };
  }
  const source = value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { source?: unknown }).source === 'string' ? (value as { source: string }).source : null;
  const list = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { days?: unknown }).days) ? (value as { days: unknown[] }).days : null;
  if (!list) return { source, days: [], problems: [{ index: null, problem: 'shape' }] };
  const days: CalendarDay[] = [];
  const problems: CalendarProblem[] = [];
  list.forEach((entry, index) => {
    const e = entry as Partial<Record<'day' | 'kind' | 'name', unknown>> | null;
    if (!e || typeof e !== 'object' || typeof e.day !== 'string' || typeof e.kind !== 'string' || typeof e.name !== 'string') {
      problems.push({ index, problem: 'shape' });
      return;
    }
    days.push({ day: e.day.trim(), kind: e.kind as CalendarDay['kind'], name: e.name.trim() });
  });
  if (problems.length > 0) return { source, days: [], problems };
  return { source, days: sortDays(days), problems: checkDays(sortDays(days), year) };
}

export function sortDays(days: readonly CalendarDay[]): CalendarDay[] {
  return [...days].sort((a, b) => a.day.localeCompare(b.day));
}

export function countDays(days: readonly CalendarDay[]): { holidays: number; workdays: number } {
  return { holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length };
}

/** The next year to enter: the one after the latest loaded, or the current year when none is. */
export function nextYear(loaded: readonly number[], today: Date = new Date()): number {
  return loaded.length > 0 ? Math.max(...loaded) + 1 : today.getFullYear();
}
