import { describe, expect, it } from 'vitest';
import { packagedCalendarYears } from './calendar.service.ts';
import { addWorkdays, checkDay, chinaDay, chinaMinute, endOfChinaDay, workdaysBetween, type CalendarData } from './working-days.ts';

function calendarFrom(years: number[]): CalendarData {
  const packaged = packagedCalendarYears().filter((y) => years.includes(y.year));
  return {
    years: new Set(packaged.map((y) => y.year)),
    days: new Map(packaged.flatMap((y) => y.days.map((d) => [d.day, { kind: d.kind, name: d.name }] as const))),
  };
}

const official = calendarFrom([2025, 2026]);

describe('working days on the official calendar', () => {
  it('counts across National Day 2026 and its make-up Saturday (the published example)', () => {
    // 10-01…10-07 holiday; 10-08 (1) 10-09 (2) 10-10 Saturday make-up day (3) 10-12 (4) 10-13 (5)
    expect(addWorkdays(official, '2026-09-30', 5)).toEqual({ date: '2026-10-13', provisional: false });
  });

  it('does not count the day of receipt unless told to', () => {
    expect(addWorkdays(official, '2026-11-02', 1)).toEqual({ date: '2026-11-03', provisional: false });
    expect(addWorkdays(official, '2026-11-02', 1, true)).toEqual({ date: '2026-11-02', provisional: false });
    // A receipt on a holiday does not count even when receipt days count.
    expect(addWorkdays(official, '2026-10-01', 1, true)).toEqual({ date: '2026-10-08', provisional: false });
  });

  it('crosses the 2026 Spring Festival: holidays 02-15…02-23, make-up days 02-14 and 02-28', () => {
    // From Friday 02-13: 02-14 Saturday is a make-up working day (1); 02-15…02-23 holiday;
    // 02-24 (2) 02-25 (3) 02-26 (4) 02-27 (5).
    expect(addWorkdays(official, '2026-02-13', 5)).toEqual({ date: '2026-02-27', provisional: false });
    expect(addWorkdays(official, '2026-02-13', 6)).toEqual({ date: '2026-02-28', provisional: false });
    expect(checkDay(official, '2026-02-16')).toMatchObject({ workday: false, name: '春节' });
    expect(checkDay(official, '2026-02-28')).toMatchObject({ workday: true });
  });

  it('marks a deadline that reaches into a year without a published schedule as provisional', () => {
    const due = addWorkdays(official, '2026-12-24', 10);
    expect(due.provisional).toBe(true);
    expect(checkDay(official, '2027-01-04').provisional).toBe(true);
    // Within 2026 nothing is provisional.
    expect(addWorkdays(official, '2026-12-01', 5).provisional).toBe(false);
  });

  it('becomes final, and can move, once the year is added', () => {
    const before = addWorkdays(official, '2026-12-28', 5);
    expect(before).toEqual({ date: '2027-01-04', provisional: true });
    const with2027: CalendarData = {
      years: new Set([...official.years, 2027]),
      days: new Map([...official.days, ['2027-01-01', { kind: 'holiday', name: '元旦' }]]),
    };
    // 12-29 (1) 12-30 (2) 12-31 (3) 01-01 holiday 01-04 (4) 01-05 (5)
    expect(addWorkdays(with2027, '2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: false });
  });

  it('counts working days between two dates in either direction', () => {
    expect(workdaysBetween(official, '2026-09-30', '2026-10-13')).toEqual({ workdays: 5, provisional: false });
    expect(workdaysBetween(official, '2026-10-13', '2026-09-30')).toEqual({ workdays: -5, provisional: false });
  });

  it('uses China time for instants and ends deadlines at the end of the China day', () => {
    expect(chinaDay(new Date('2026-10-12T16:30:00Z'))).toBe('2026-10-13');
    expect(endOfChinaDay('2026-10-13').toISOString()).toBe('2026-10-13T15:59:59.999Z');
    expect(chinaMinute(new Date('2026-10-12T16:30:00Z'))).toBe('2026-10-13 00:30');
  });

  it('rejects invalid input', () => {
    expect(() => addWorkdays(official, '2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkdays(official, '2026-02-01', -1)).toThrow(RangeError);
  });
});
