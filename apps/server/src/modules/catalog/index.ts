import type { PlatformDeps } from '../../platform/deps.ts';
import { SpreadsheetReader, spreadsheetLimits } from '../../platform/spreadsheet/index.ts';
import type { OrgService } from '../org/index.ts';
import { CatalogDataPort } from './catalog-data.port.ts';
import { CatalogMaintenanceService } from './catalog-maintenance.service.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { CatalogService } from './catalog.service.ts';

export function createCatalogModule(deps: PlatformDeps, org: OrgService) {
  const service = new CatalogService(deps, org);
  const maintenance = new CatalogMaintenanceService(deps, service);
  return { service, maintenance, data: new CatalogDataPort(), routes: catalogRoutes(service, maintenance, org, new SpreadsheetReader(spreadsheetLimits(deps.config))) };
}

// The port other modules use.
export type { CatalogService } from './catalog.service.ts';
export type { CatalogDataPort, PublishedEntryForData } from './catalog-data.port.ts';
// Events the catalog raises inside its transactions, and the port it needs from another module (ADR 0016).
export type { CatalogEntryReader, CatalogEvents, ChangeNotice, ChangeNoticesIssued, EntryConsumersPort } from './catalog.ports.ts';
export { normalise } from './catalog-search.ts';
export { catalogTargetNames } from './target-names.repository.ts';
