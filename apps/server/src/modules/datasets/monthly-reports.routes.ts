import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DatasetIdParams } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { MonthlyReportsService } from './monthly-reports.service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const MonthlyReport = Type.Object({
  period: Type.String({ description: 'YYYY-MM, the month reported' }),
  dueOn: Type.String({ format: 'date' }),
  status: Type.Union([Type.Literal('batch'), Type.Literal('zero'), Type.Literal('missing'), Type.Literal('open')]),
  batchId: Nullable(Type.String()),
  zeroReportedAt: Nullable(Type.String()),
  zeroNote: Nullable(Type.String()),
  remindedAt: Nullable(Type.String()),
  missingRecordedAt: Nullable(Type.String()),
});
const ZeroReport = Type.Object(
  {
    // The pattern is checked by the service, so a bad value is a 400 naming the field in the platform's words.
    period: Type.String({ maxLength: 7, description: 'YYYY-MM' }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** Monthly reports (004 五.3): the months owed and the zero report (零报告). */
export function monthlyReportRoutes(reports: MonthlyReportsService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['datasets'];
    app.get(
      '/api/datasets/:id/monthly-reports',
      { schema: { tags, summary: '月度报送情况 (monthly reports owed by a file-provided dataset, newest first)', params: DatasetIdParams, response: { 200: Type.Array(MonthlyReport), ...errors } } },
      async (request) => reports.reports(request.actor, request.params.id),
    );
    app.post(
      '/api/datasets/:id/monthly-reports/zero',
      { schema: { tags, summary: '提交零报告 (zero report: no new data this month; provider data officer)', params: DatasetIdParams, body: ZeroReport, response: { 201: MonthlyReport, ...errors } } },
      async (request, reply) => reply.code(201).send(await reports.zeroReport(request.actor, request.params.id, request.body)),
    );
  };
}
