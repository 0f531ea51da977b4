import type { PlatformDeps } from '../../platform/deps.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { apiServiceRoutes } from './api-services.routes.ts';
import { ApiServicesService } from './api-services.service.ts';

export function createApiServicesModule(deps: PlatformDeps, catalog: CatalogDataPort) {
  const service = new ApiServicesService(deps, catalog);
  return { service, routes: apiServiceRoutes(service) };
}

// The port other modules use (the gateway, later).
export type { ApiServicesService, ApiServiceView } from './api-services.service.ts';
