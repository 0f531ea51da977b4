import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import type { DatasetsRepository } from './datasets.repository.ts';
import { datasetDb } from './datasets.schema.ts';
import type { VisibilityItem } from './field-visibility.ts';

export interface FeedDataset {
  id: string;
  entryId: string;
  entryName: string;
  providerDepartmentId: string;
  keyItemCode: string | null;
}

export interface FeedChange {
  seq: number;
  key: string;
  op: 'create' | 'update' | 'delete';
  /** Raw values by item code: pass them through the field-visibility policy before they leave. */
  data: Record<string, unknown> | null;
  changedAt: Date;
}

/**
 * What a consumer-side channel (subscriptions) reads of a dataset: the dataset, its items as the
 * published catalog describes them (for the field-visibility policy), and its change log. No
 * department scope here: the caller decides through the consumer's grant.
 */
export class DatasetFeedPort {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: DatasetsRepository,
    private readonly catalog: CatalogDataPort,
  ) {}

  async dataset(id: string): Promise<FeedDataset | undefined> {
    const row = await this.repo.findDataset(datasetDb(this.db), id, null);
    if (!row) return undefined;
    const entry = await this.catalog.publishedEntry(this.db, row.entry_id);
    return { id: row.id, entryId: row.entry_id, entryName: entry?.name ?? '', providerDepartmentId: row.provider_department_id, keyItemCode: row.key_item_code };
  }

  /** The items of the entry's published version; none when it is no longer published. */
  async items(entryId: string): Promise<VisibilityItem[]> {
    const entry = await this.catalog.publishedEntry(this.db, entryId);
    return (entry?.items ?? []).map((i) => ({ code: i.code, shareType: i.shareType, sensitivity: i.sensitivity, maskingRule: i.maskingRule }));
  }

  async changesAfter(datasetId: string, afterSeq: number, limit: number): Promise<FeedChange[]> {
    const rows = await this.repo.changes(datasetDb(this.db), datasetId, afterSeq, limit);
    return rows.map((r) => ({ seq: Number(r.seq), key: r.record_key, op: r.op, data: (r.data ?? null) as Record<string, unknown> | null, changedAt: r.changed_at }));
  }

  /** The newest sequence per dataset (absent = 0). */
  async heads(datasetIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.repo.headSeqs(datasetDb(this.db), datasetIds);
    return new Map(rows.map((r) => [r.dataset_id, Number(r.seq ?? 0)]));
  }
}
