import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarDay, CalendarYear } from '@huitong/contracts';
import { api } from './client.ts';

export type { CalendarYear, CalendarDay };

export interface CalendarYearDays {
  year: number;
  source: string;
  updatedAt: string;
  updatedBy: string;
  days: CalendarDay[];
}

export interface CalendarYearInput {
  source: string;
  days: CalendarDay[];
}

export const calendarKeys = {
  all: ['calendar'] as const,
  years: () => [...calendarKeys.all, 'years'] as const,
  year: (year: number) => [...calendarKeys.all, 'year', year] as const,
};

export function useCalendarYears() {
  return useQuery({ queryKey: calendarKeys.years(), queryFn: () => api.get<CalendarYear[]>('/api/calendar/years') });
}

export function useCalendarYear(year: number | null) {
  return useQuery({ queryKey: calendarKeys.year(year ?? 0), queryFn: () => api.get<CalendarYearDays>(`/api/calendar/years/${year}`), enabled: year !== null });
}

/** Adds or corrects a year; the platform recomputes provisional deadlines and says how many. */
export function usePutCalendarYear() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ year, ...input }: CalendarYearInput & { year: number }) => api.put<{ recomputed: number }>(`/api/calendar/years/${year}`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}
