import { addDays, endOfChinaDay, type IsoDay } from '../../platform/calendar/working-days.ts';

/**
 * Month arithmetic of the monthly report (004 五.3: "每月5日前……上月新增的数据……零报告").
 * The due day is a calendar date of the month (natural days, not moved to a working day: the
 * seed names the date). The report for month P is due on the profile's day of month P+1 and its
 * window runs from the day after the previous due day through its own due day, so consecutive
 * windows never overlap and every loaded batch counts for exactly one month.
 */
export type Period = string; // YYYY-MM

export const PERIOD_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

function shift(period: Period, months: number): Period {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const previousPeriod = (period: Period): Period => shift(period, -1);
export const nextPeriod = (period: Period): Period => shift(period, 1);

/** The due day of month P's report: the profile's day of the following month. */
export function dueOf(period: Period, day: number): IsoDay {
  return `${nextPeriod(period)}-${String(day).padStart(2, '0')}`;
}

/** The month whose report is due on or after `today` (the one still open). */
export function openPeriod(today: IsoDay, day: number): Period {
  const month = today.slice(0, 7);
  return Number(today.slice(8, 10)) <= day ? previousPeriod(month) : month;
}

/** The instants a loaded batch must fall in to count as month P's report: (previous due day, due day]. */
export function windowOf(period: Period, day: number): { after: Date; until: Date } {
  return { after: endOfChinaDay(dueOf(previousPeriod(period), day)), until: endOfChinaDay(dueOf(period, day)) };
}

/** Natural days from `from` to `to` (negative when `to` is earlier). */
export function daysUntil(from: IsoDay, to: IsoDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export { addDays };
