import type { FastifyInstance } from 'fastify';
import { AuditQuery, AuditRecord, AuditVerifyResult, PageOf } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { AuditService } from './audit.service.ts';

export function auditRoutes(audit: AuditService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    app.get(
      '/api/audit/records',
      { schema: { tags: ['audit'], summary: '审计日志查询 (security auditors)', querystring: AuditQuery, response: { 200: PageOf(AuditRecord), ...errors } } },
      async (request) => audit.list(request.actor, request.query),
    );
    app.post(
      '/api/audit/verify',
      { config: { operation: 'audit:verify' }, schema: { tags: ['audit'], summary: '校验审计链完整性', response: { 200: AuditVerifyResult, ...errors } } },
      async (request) => audit.verify(request.actor),
    );
  };
}
