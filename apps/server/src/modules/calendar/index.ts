import type { PlatformDeps } from '../../platform/deps.ts';
import type { DeadlineService } from '../sharing/index.ts';
import { CalendarAdminService } from './calendar-admin.service.ts';
import { calendarRoutes } from './calendar.routes.ts';

export function createCalendarModule(deps: PlatformDeps, deadlines: DeadlineService) {
  const service = new CalendarAdminService(deps, deadlines);
  return { service, routes: calendarRoutes(deps, service) };
}
