import type { Migration } from 'kysely';
import * as foundation from './20261122_0001_foundation.ts';
import * as catalogClassification from './20261122_0002_catalog_classification.ts';
import * as sharing from './20261122_0003_sharing.ts';
import * as auditAppendOnly from './20261204_0004_audit_append_only.ts';
import * as datasets from './20261204_0010_datasets.ts';
import * as tableSync from './20261204_0030_table_sync.ts';
import * as monthlyReports from './20261204_0040_monthly_reports.ts';
import * as datasetItemMigration from './20261204_0041_dataset_item_migration.ts';
import * as notificationCodes from './20261204_0050_notification_codes.ts';
import * as apiServices from './20261204_0070_api_services.ts';
import * as subscriptions from './20261204_0060_subscriptions.ts';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the set is the same under tsx,
 * tests and bundlers. A migration is never edited after it lands; add a new one instead.
 */
export const migrations: Record<string, Migration> = {
  '20261122_0001_foundation': foundation,
  '20261122_0002_catalog_classification': catalogClassification,
  '20261122_0003_sharing': sharing,
  '20261204_0004_audit_append_only': auditAppendOnly,
  '20261204_0010_datasets': datasets,
  '20261204_0030_table_sync': tableSync,
  '20261204_0040_monthly_reports': monthlyReports,
  '20261204_0041_dataset_item_migration': datasetItemMigration,
  '20261204_0050_notification_codes': notificationCodes,
  '20261204_0070_api_services': apiServices,
  '20261204_0060_subscriptions': subscriptions,
};
