import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { datasetDb } from './datasets.schema.ts';

type Names = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** A dataset is named by its catalog entry: maps dataset ids to entry ids, then asks the catalog's resolver. */
export function datasetTargetNames(db: Kysely<Database>, entryNames: Names): Record<'dataset', Names> {
  return {
    dataset: async (ids) => {
      const rows = await datasetDb(db).selectFrom('dataset').select(['id', 'entry_id']).where('id', 'in', ids).execute();
      if (rows.length === 0) return new Map();
      const names = await entryNames(rows.map((r) => r.entry_id));
      return new Map(rows.flatMap((r) => (names.has(r.entry_id) ? [[r.id, names.get(r.entry_id)!] as const] : [])));
    },
  };
}
