import { describe, expect, it } from 'vitest';
import { checkDays, countDays, nextYear, parseCalendarJson } from './calendarInput.ts';

describe('calendar year input', () => {
  it('accepts a list of days and sorts them', () => {
    const parsed = parseCalendarJson('[{"day":"2027-01-02","kind":"holiday","name":"元旦"},{"day":"2027-01-01","kind":"holiday","name":"元旦"}]', 2027);
    expect(parsed.problems).toEqual([]);
    expect(parsed.source).toBeNull();
    expect(parsed.days.map((d) => d.day)).toEqual(['2027-01-01', '2027-01-02']);
  });

  it('accepts a whole year as the API takes it, with its source', () => {
    const parsed = parseCalendarJson(JSON.stringify({ source: '国务院办公厅关于2027年部分节假日安排的通知', days: [{ day: '2027-02-06', kind: 'workday', name: '春节' }] }), 2027);
    expect(parsed.source).toBe('国务院办公厅关于2027年部分节假日安排的通知');
    expect(parsed.problems).toEqual([]); // 2027-02-06 is a Saturday
  });

  it('reports text that is not JSON or not a list of days', () => {
    expect(parseCalendarJson('{oops', 2027).problems).toEqual([{ index: null, problem: 'json' }]);
    expect(parseCalendarJson('{"days": 3}', 2027).problems).toEqual([{ index: null, problem: 'shape' }]);
    expect(parseCalendarJson('[{"day":"2027-01-01"}]', 2027).problems).toEqual([{ index: 0, problem: 'shape' }]);
  });

  it('finds every problem of the days, as the server would', () => {
    const problems = checkDays(
      [
        { day: '2027-02-30', kind: 'holiday', name: '春节' },
        { day: '2026-12-31', kind: 'holiday', name: '元旦' },
        { day: '2027-01-04', kind: 'workday', name: '元旦' },
        { day: '2027-01-01', kind: 'holiday', name: '' },
        { day: '2027-01-01', kind: 'holiday', name: '元旦' },
      ],
      2027,
    );
    expect(problems).toEqual([
      { index: 0, problem: 'date' },
      { index: 1, problem: 'year' },
      { index: 2, problem: 'weekday' }, // 2027-01-04 is a Monday
      { index: 3, problem: 'name' },
      { index: 4, problem: 'duplicate' },
    ]);
  });

  it('counts holidays and make-up working days', () => {
    expect(countDays([{ day: '2027-01-01', kind: 'holiday', name: '元旦' }, { day: '2027-02-06', kind: 'workday', name: '春节' }, { day: '2027-02-07', kind: 'holiday', name: '春节' }])).toEqual({ holidays: 2, workdays: 1 });
  });

  it('proposes the year after the latest one loaded', () => {
    expect(nextYear([2025, 2026])).toBe(2027);
    expect(nextYear([], new Date('2026-11-22T00:00:00Z'))).toBe(2026);
  });
});
