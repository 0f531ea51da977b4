import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Every time in the console is China Standard Time, whatever zone the browser runs in: deadlines,
 * application numbers and working days are Beijing dates, and a browser on UTC must not show
 * 16:28 as 08:28 beside them.
 */
export const CONSOLE_TIME_ZONE = 'Asia/Shanghai';

/** Beijing date-time for an ISO timestamp, "—" for none. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(CONSOLE_TIME_ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

/** Beijing date for an ISO timestamp; a plain date (YYYY-MM-DD) is shown as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return dayjs(iso).tz(CONSOLE_TIME_ZONE).format('YYYY-MM-DD');
}

/**
 * Today's Beijing date as a plain calendar day (for form defaults): between 16:00 and 24:00 UTC a
 * browser on UTC is still on the day before, which the server would refuse as a past start date.
 */
export function beijingToday(): Dayjs {
  return dayjs(dayjs().tz(CONSOLE_TIME_ZONE).format('YYYY-MM-DD'));
}
