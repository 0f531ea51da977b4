import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CalendarDay, CalendarYear, CalendarYearPut, IsoDate } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { CalendarAdminService } from './calendar-admin.service.ts';

export function calendarRoutes(deps: PlatformDeps, admin: CalendarAdminService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['calendar'];
    app.get('/api/calendar/years', { schema: { tags, summary: '已载入的年度节假日安排', response: { 200: Type.Array(CalendarYear), ...errors } } }, async () =>
      (await deps.calendar.years()).map((y) => ({ ...y, updatedAt: y.updatedAt.toISOString() })),
    );
    app.get(
      '/api/calendar/years/:year',
      {
        schema: {
          tags,
          summary: '某年的节假日与调休上班日',
          params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
          response: { 200: Type.Object({ year: Type.Integer(), source: Type.String(), updatedAt: Type.String(), updatedBy: Type.String(), days: Type.Array(CalendarDay) }), ...errors },
        },
      },
      async (request) => admin.days(request.params.year),
    );
    app.put(
      '/api/calendar/years/:year',
      {
        config: { operation: 'calendar:year:put' },
        schema: {
          tags,
          summary: '录入或更正某年的节假日安排(重新计算暂定期限)',
          params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
          body: CalendarYearPut,
          response: { 200: Type.Object({ recomputed: Type.Integer() }), ...errors },
        },
      },
      async (request) => admin.putYear(request.actor, request.params.year, request.body),
    );
    app.get(
      '/api/calendar/check',
      {
        schema: {
          tags,
          summary: '是否工作日',
          querystring: Type.Object({ date: IsoDate }),
          response: { 200: Type.Object({ date: IsoDate, workday: Type.Boolean(), provisional: Type.Boolean(), name: Type.Union([Type.String(), Type.Null()]) }), ...errors },
        },
      },
      async (request) => ({ date: request.query.date, ...(await deps.calendar.check(request.query.date)) }),
    );
    app.get(
      '/api/calendar/due',
      {
        schema: {
          tags,
          summary: 'N 个工作日后的到期日(受理当日是否计入按政策配置)',
          querystring: Type.Object({ from: IsoDate, workdays: Type.Integer({ minimum: 0, maximum: 365 }) }),
          response: { 200: Type.Object({ date: IsoDate, provisional: Type.Boolean() }), ...errors },
        },
      },
      async (request) => deps.calendar.dueDate(request.query.from, request.query.workdays, deps.policy.value<boolean>('sharing.receipt_day_counted')),
    );
  };
}
