import type { PlatformDeps } from '../../platform/deps.ts';
import { SpreadsheetReader, spreadsheetLimits } from '../../platform/spreadsheet/index.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { datasetRoutes } from './datasets.routes.ts';
import { DatasetsService } from './datasets.service.ts';

export function createDatasetsModule(deps: PlatformDeps, catalog: CatalogDataPort) {
  const service = new DatasetsService(deps, catalog, new SpreadsheetReader(spreadsheetLimits(deps.config)));
  return { service, routes: datasetRoutes(service) };
}

// The port other modules use.
export type { DatasetsService } from './datasets.service.ts';
export { datasetTargetNames } from './target-names.repository.ts';
