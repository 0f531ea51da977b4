import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../../platform/deps.ts';
import { SpreadsheetReader, spreadsheetLimits } from '../../platform/spreadsheet/index.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import { datasetRoutes } from './datasets.routes.ts';
import { DatasetsService } from './datasets.service.ts';
import { DatasetMigrationService } from './dataset-migration.service.ts';
import { datasetMigrationRoutes } from './dataset-migration.routes.ts';
import { monthlyReportRoutes } from './monthly-reports.routes.ts';
import { MonthlyReportsService } from './monthly-reports.service.ts';
import { rowsSchemaOf } from './rows-schema.repository.ts';
import { TableSyncService } from './table-sync.ts';
import { DatasetFeedPort } from './dataset-feed.port.ts';
import { tableSyncRoutes } from './table-sync.routes.ts';

export function createDatasetsModule(deps: PlatformDeps, catalog: CatalogDataPort, notifications: NotificationService) {
  const service = new DatasetsService(deps, catalog, new SpreadsheetReader(spreadsheetLimits(deps.config)));
  const monthlyReports = new MonthlyReportsService(deps, catalog, notifications);
  const migrations = new DatasetMigrationService(deps, catalog, notifications);
  let resolved: Promise<void> | undefined;
  const ready = () => (resolved ??= rowsSchemaOf(deps.db).then((schema) => void (service.repo.rowsSchema = schema)));
  const tableSync = new TableSyncService(deps, service.repo, catalog, ready);
  const routes = async (fastify: FastifyInstance) => {
    await fastify.register(datasetRoutes(service));
    await fastify.register(monthlyReportRoutes(monthlyReports));
    await fastify.register(datasetMigrationRoutes(service, migrations));
    await fastify.register(tableSyncRoutes(tableSync, service));
  };
  const feed = new DatasetFeedPort(deps.db, service.repo, catalog);
  return { service, monthlyReports, migrations, tableSync, feed, routes };
}

// The port other modules use.
export type { DatasetsService } from './datasets.service.ts';
export { datasetTargetNames } from './target-names.repository.ts';
export type { DatasetFeedPort, FeedChange, FeedDataset } from './dataset-feed.port.ts';
// The one field-visibility policy every consumer channel applies (ADR 0018).
export { fieldVisibility, maskValue, DEFAULT_VISIBILITY_PROFILE } from './field-visibility.ts';
export type { FieldVisibility, Visibility, VisibilityGrant, VisibilityItem, VisibilityProfile } from './field-visibility.ts';
