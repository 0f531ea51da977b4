import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { subscriptionDb } from './subscriptions.schema.ts';

type Names = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** A subscription is named by the dataset it follows: maps subscription ids to dataset ids, then asks the datasets' resolver. */
export function subscriptionTargetNames(db: Kysely<Database>, datasetNames: Names): Record<'dataset_subscription', Names> {
  return {
    dataset_subscription: async (ids) => {
      const rows = await subscriptionDb(db).selectFrom('dataset_subscription').select(['id', 'dataset_id']).where('id', 'in', ids).execute();
      if (rows.length === 0) return new Map();
      const names = await datasetNames(rows.map((r) => r.dataset_id));
      return new Map(rows.flatMap((r) => (names.has(r.dataset_id) ? [[r.id, names.get(r.dataset_id)!] as const] : [])));
    },
  };
}
