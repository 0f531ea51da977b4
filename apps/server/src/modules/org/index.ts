import type { PlatformDeps } from '../../platform/deps.ts';
import { orgRoutes } from './org.routes.ts';
import { OrgService } from './org.service.ts';

export function createOrgModule(deps: PlatformDeps) {
  const service = new OrgService(deps);
  return { service, routes: orgRoutes(service) };
}
