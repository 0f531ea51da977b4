import type { PlatformDeps } from '../../platform/deps.ts';
import type { OrgService } from '../org/index.ts';
import { authRoutes } from './auth.routes.ts';
import { AuthService } from './auth.service.ts';

export function createAuthModule(deps: PlatformDeps, org: OrgService) {
  const service = new AuthService(deps, org);
  return { service, routes: authRoutes(service, deps.config) };
}
