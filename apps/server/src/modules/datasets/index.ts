import type { PlatformDeps } from '../../platform/deps.ts';
import { SpreadsheetReader, spreadsheetLimits } from '../../platform/spreadsheet/index.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { datasetRoutes } from './datasets.routes.ts';
import { DatasetsService } from './datasets.service.ts';
import { rowsSchemaOf } from './datasets.schema.ts';
import { TableSyncService } from './table-sync.ts';
import { tableSyncRoutes } from './table-sync.routes.ts';

export function createDatasetsModule(deps: PlatformDeps, catalog: CatalogDataPort) {
  const service = new DatasetsService(deps, catalog, new SpreadsheetReader(spreadsheetLimits(deps.config)));
  let resolved: Promise<void> | undefined;
  const ready = () => (resolved ??= rowsSchemaOf(deps.db).then((schema) => void (service.repo.rowsSchema = schema)));
  const tableSync = new TableSyncService(deps, service.repo, catalog, ready);
  const routes = datasetRoutes(service);
  const syncRoutes = tableSyncRoutes(tableSync, service);
  return { service, tableSync, routes: async (app: Parameters<typeof routes>[0]) => { await routes(app); await syncRoutes(app); } };
}

// The port other modules use.
export type { DatasetsService } from './datasets.service.ts';
