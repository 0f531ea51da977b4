import { labelOf, ITEM_DATA_TYPES, type CatalogItem } from '@huitong/contracts';
import { taskActor } from '../../platform/auth/actor.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import { DatasetMigrationRepository, lengthOf } from './dataset-migration.repository.ts';
import { datasetDb, platformDb, type DatasetDb } from './datasets.schema.ts';
import { rowsSchemaOf } from './rows-schema.repository.ts';

/** A step the existing data does not fit: the whole migration rolls back and this is reported. */
class MigrationProblem extends Error {}

type ColumnRow = Awaited<ReturnType<DatasetMigrationRepository['allColumns']>>[number];

/**
 * Keeps each dataset's table in step with its entry's published version (ADR 0012). The catalog's
 * published version is compared with the one the table was built for: a publication (immediate or
 * after its notice period) is picked up by the `dataset-item-migrations` job, in one transaction
 * per dataset:
 * - an added item becomes a new nullable column (the rows already loaded have no value for it);
 * - a changed type or length is an ALTER that casts or re-checks every row; when a value does not
 *   fit, nothing is changed, the version stays published, and the dataset carries the problem
 *   (the provider's data officers are told once per version) until the data or the item is fixed;
 * - a removed item keeps its column and data, hidden from loads and templates; re-adding it shows it again;
 * - the key item cannot be removed or lose its identifier flag (reported like data that does not fit).
 */
export class DatasetMigrationService {
  #schema = 'dataset_rows';
  readonly repo = new DatasetMigrationRepository(() => this.#schema);

  constructor(
    private readonly deps: PlatformDeps,
    private readonly catalog: CatalogDataPort,
    private readonly notifications: NotificationService,
  ) {}

  private get db(): DatasetDb {
    return datasetDb(this.deps.db);
  }

  async run(): Promise<{ migrated: number; failed: number }> {
    this.#schema = await rowsSchemaOf(this.deps.db);
    const result = { migrated: 0, failed: 0 };
    const datasets = await this.repo.allDatasets(this.db);
    for (const dataset of datasets) {
      const entry = await this.catalog.publishedEntry(this.deps.db, dataset.entry_id);
      if (!entry || entry.versionId === dataset.entry_version_id) continue;
      try {
        await this.migrate(dataset.id, dataset.table_name, dataset.entry_version_id, entry.versionId, entry.items);
        result.migrated++;
      } catch (error) {
        if (!(error instanceof MigrationProblem)) throw error;
        result.failed++;
        await this.report(dataset, entry, error.message);
      }
    }
    return result;
  }

  private async migrate(datasetId: string, tableName: string, fromVersionId: string, toVersionId: string, items: CatalogItem[]): Promise<void> {
    const actor = taskActor('dataset-item-migrations');
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.lockDataset(trx, datasetId);
      if (current.entry_version_id !== fromVersionId) return;
      // The key is the identity of every row and of the change log: it cannot leave or stop being an identifier.
      const key = current.key_item_code === null ? undefined : items.find((i) => i.code === current.key_item_code);
      if (current.key_item_code !== null && (!key || (key.identifierKind ?? 'none') === 'none')) {
        throw new MigrationProblem(`标识信息项 ${current.key_item_code} 是数据集的主键,新版本不能删除它或取消其标识 (the key item cannot be removed or stop being an identifier)`);
      }
      const columns = await this.repo.allColumns(trx, datasetId);
      const byCode = new Map(columns.map((c) => [c.item_code, c]));
      const changes: Array<Record<string, unknown>> = [];
      let ordinal = columns.reduce((max, c) => Math.max(max, c.ordinal), 0);
      for (const item of items) {
        const column = byCode.get(item.code);
        const length = lengthOf(item.dataType, item.length ?? null);
        if (!column) {
          ordinal++;
          const name = `c${ordinal}`;
          await this.repo.addColumn(trx, tableName, name, item.dataType, length);
          await this.repo.insertColumn(trx, { dataset_id: datasetId, ordinal, column_name: name, item_code: item.code, item_name: item.name, data_type: item.dataType, length: item.length ?? null, required: item.required ?? false, identifier_kind: item.identifierKind ?? 'none' });
          changes.push({ item: item.code, change: 'added', column: name });
          continue;
        }
        const step = async (what: string, run: () => Promise<void>) => {
          try {
            await run();
          } catch (error) {
            const reason = (error as Error).message;
            throw new MigrationProblem(`信息项 ${item.code}「${item.name}」${what}: 已有数据不符合新版本 (existing data does not fit the new version): ${reason}`);
          }
        };
        if (column.data_type !== item.dataType) {
          await step(`类型改为${labelOf(ITEM_DATA_TYPES, item.dataType)}`, () => this.repo.changeType(trx, tableName, column.column_name, item.dataType));
          changes.push({ item: item.code, change: 'type', from: column.data_type, to: item.dataType });
        }
        if (column.data_type !== item.dataType || lengthOf(column.data_type, column.length) !== length) {
          await step(`长度改为 ${length ?? '不限'}`, () => this.repo.setLength(trx, tableName, column.column_name, length));
          if (column.length !== (item.length ?? null)) changes.push({ item: item.code, change: 'length', from: column.length, to: item.length ?? null });
        }
        await this.repo.updateColumn(trx, datasetId, item.code, { item_name: item.name, data_type: item.dataType, length: item.length ?? null, required: item.required ?? false, identifier_kind: item.identifierKind ?? 'none', hidden: false });
        if (column.hidden) changes.push({ item: item.code, change: 'shown' });
      }
      const kept = new Set(items.map((i) => i.code));
      for (const column of columns.filter((c: ColumnRow) => !kept.has(c.item_code) && !c.hidden)) {
        await this.repo.updateColumn(trx, datasetId, column.item_code, { hidden: true });
        changes.push({ item: column.item_code, change: 'hidden', column: column.column_name });
      }
      await this.repo.setVersion(trx, datasetId, toVersionId, this.deps.clock.now());
      await this.deps.audit.record(platformDb(trx), actor, { operation: 'dataset:migrate', targetType: 'dataset', targetId: datasetId, details: { fromVersionId, toVersionId, changes } });
    });
  }

  /** Outside the failed transaction: the table is as it was; the dataset says why, once per version to the people. */
  private async report(dataset: { id: string; provider_department_id: string; migration_problem_version_id: string | null }, entry: { versionId: string; name: string; resourceCode: string }, problem: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.repo.recordProblem(trx, dataset.id, problem, entry.versionId, this.deps.clock.now());
      if (dataset.migration_problem_version_id === entry.versionId) return;
      await this.notifications.notifyRoles(platformDb(trx), dataset.provider_department_id, ['data_officer'], notificationMessages.datasetMigrationFailed({ datasetId: dataset.id, entry: entry.name, resourceCode: entry.resourceCode, problem }));
      await this.deps.audit.record(platformDb(trx), taskActor('dataset-item-migrations'), { operation: 'dataset:migrate:failed', targetType: 'dataset', targetId: dataset.id, details: { versionId: entry.versionId, problem } });
    });
  }

  /** The dataset's migration state for its provider (read through the datasets routes). */
  async problem(datasetId: string): Promise<{ problem: string | null; versionId: string | null; at: string | null }> {
    const row = await this.repo.problem(this.db, datasetId);
    return { problem: row.migration_problem, versionId: row.migration_problem_version_id, at: row.migration_problem_at?.toISOString() ?? null };
  }
}
