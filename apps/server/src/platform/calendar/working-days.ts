/**
 * Working-day arithmetic on the official Chinese calendar (SPEC §0, §11).
 *
 * A date is a working day when it is a declared make-up working day (调休上班), or a Monday to
 * Friday that is not a holiday. Years without a published schedule fall back to Monday–Friday,
 * and every answer that relied on that fallback says so (`provisional`), so nobody mistakes a
 * guess for an official deadline.
 *
 * Dates are 'YYYY-MM-DD' strings in China Standard Time (UTC+8, no daylight saving).
 */

export type IsoDay = string;

export interface CalendarDay {
  kind: 'holiday' | 'workday';
  name: string;
}

export interface CalendarData {
  /** Years whose official schedule is loaded. */
  years: ReadonlySet<number>;
  /** Holidays and make-up working days of those years. */
  days: ReadonlyMap<IsoDay, CalendarDay>;
}

export interface DayAnswer {
  workday: boolean;
  provisional: boolean;
  name: string | null;
}

export interface DueDate {
  date: IsoDay;
  provisional: boolean;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function parseDay(day: IsoDay): Date {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a date: ${day} (expected YYYY-MM-DD)`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== day) throw new RangeError(`not a date: ${day}`);
  return date;
}

export function formatDay(date: Date): IsoDay {
  return date.toISOString().slice(0, 10);
}

/** The calendar date in China of an instant. */
export function chinaDay(instant: Date): IsoDay {
  return formatDay(new Date(instant.getTime() + CHINA_OFFSET_MS));
}

/** An instant as China wall-clock time, "2026-11-22 12:08", for text people read (notices, letters). */
export function chinaMinute(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The last instant of a China calendar day (deadlines run to the end of their day). */
export function endOfChinaDay(day: IsoDay): Date {
  return new Date(parseDay(day).getTime() + 24 * 60 * 60 * 1000 - CHINA_OFFSET_MS - 1);
}

export function addDays(day: IsoDay, days: number): IsoDay {
  const date = parseDay(day);
  date.setUTCDate(date.getUTCDate() + days);
  return formatDay(date);
}

export function yearOf(day: IsoDay): number {
  return Number(day.slice(0, 4));
}

export function checkDay(calendar: CalendarData, day: IsoDay): DayAnswer {
  const entry = calendar.days.get(day);
  const provisional = !calendar.years.has(yearOf(day));
  if (entry) return { workday: entry.kind === 'workday', provisional, name: entry.name };
  const weekday = parseDay(day).getUTCDay();
  return { workday: weekday >= 1 && weekday <= 5, provisional, name: null };
}

/**
 * The date `workdays` working days after `from`. The day of receipt itself is not counted unless
 * `countReceiptDay` is set (then a working day of receipt counts as day one).
 */
export function addWorkdays(calendar: CalendarData, from: IsoDay, workdays: number, countReceiptDay = false): DueDate {
  if (!Number.isInteger(workdays) || workdays < 0) throw new RangeError(`workdays must be a non-negative integer, got ${workdays}`);
  let provisional = false;
  let day = from;
  let counted = 0;
  if (countReceiptDay && workdays > 0) {
    const answer = checkDay(calendar, day);
    provisional ||= answer.provisional;
    if (answer.workday) counted = 1;
  }
  while (counted < workdays) {
    day = addDays(day, 1);
    const answer = checkDay(calendar, day);
    provisional ||= answer.provisional;
    if (answer.workday) counted++;
  }
  return { date: day, provisional };
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workdaysBetween(calendar: CalendarData, from: IsoDay, to: IsoDay): { workdays: number; provisional: boolean } {
  if (to === from) return { workdays: 0, provisional: false };
  const forward = to > from;
  const end = forward ? to : from;
  let start = forward ? from : to;
  let count = 0;
  let provisional = false;
  while (start < end) {
    start = addDays(start, 1);
    const answer = checkDay(calendar, start);
    provisional ||= answer.provisional;
    if (answer.workday) count++;
  }
  return { workdays: forward ? count : -count, provisional };
}
