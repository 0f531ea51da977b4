import type { PlatformDeps } from '../../platform/deps.ts';
import type { OrgService } from '../org/index.ts';
import { auditRoutes } from './audit.routes.ts';
import { AuditService } from './audit.service.ts';

export function createAuditModule(deps: PlatformDeps, org: OrgService) {
  const service = new AuditService(deps, org);
  return { service, routes: auditRoutes(service) };
}
