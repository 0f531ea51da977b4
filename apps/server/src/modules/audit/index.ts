import type { PlatformDeps } from '../../platform/deps.ts';
import type { OrgService } from '../org/index.ts';
import { auditRoutes } from './audit.routes.ts';
import { AuditService } from './audit.service.ts';
import { TargetNames } from './target-names.ts';

export function createAuditModule(deps: PlatformDeps, org: OrgService) {
  const targetNames = new TargetNames();
  const service = new AuditService(deps, org, targetNames);
  return { service, targetNames, routes: auditRoutes(service) };
}
export type { TargetNameResolver } from './target-names.ts';
