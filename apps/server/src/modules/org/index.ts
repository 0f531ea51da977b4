import type { PlatformDeps } from '../../platform/deps.ts';
import { orgRoutes } from './org.routes.ts';
import { OrgService } from './org.service.ts';

export function createOrgModule(deps: PlatformDeps) {
  const service = new OrgService(deps);
  return { service, routes: orgRoutes(service) };
}

// The port other modules use.
export type { OrgService } from './org.service.ts';
export type { OrgCredentials, OrgDirectory } from './org-directory.ts';
export { toDepartment } from './departments.service.ts';
export type { UserWithDepartment } from './users.repository.ts';
export { orgTargetNames } from './target-names.repository.ts';
