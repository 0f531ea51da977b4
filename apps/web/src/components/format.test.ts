import { afterEach, describe, expect, it, vi } from 'vitest';
import { beijingToday, formatDate, formatDateTime } from './format.ts';

describe('console times', () => {
  it('shows Beijing time whatever the zone the code runs in', () => {
    // 08:28 UTC is 16:28 in Beijing; just before midnight UTC is already the next day in Beijing.
    expect(formatDateTime('2026-12-02T08:28:00.000Z')).toBe('2026-12-02 16:28');
    expect(formatDate('2026-12-02T20:00:00.000Z')).toBe('2026-12-03');
    expect(formatDate('2026-12-02')).toBe('2026-12-02');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('beijingToday', () => {
  afterEach(() => vi.useRealTimers());
  it('is already the next day at 20:00 UTC, as the server counts it', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T20:00:00Z') });
    expect(beijingToday().format('YYYY-MM-DD')).toBe('2026-12-05');
  });
  it('is the same day at 08:00 UTC', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z') });
    expect(beijingToday().format('YYYY-MM-DD')).toBe('2026-12-04');
  });
});
