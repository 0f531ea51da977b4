import type { PlatformDeps } from '../../platform/deps.ts';
import { systemRoutes } from './system.routes.ts';

export function createSystemModule(deps: PlatformDeps) {
  return { routes: systemRoutes(deps) };
}
