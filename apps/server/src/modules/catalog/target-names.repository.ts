import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Names = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Names of catalog targets for the audit viewer: an entry by its name, an objection by its entry's name. */
export function catalogTargetNames(db: Kysely<Database>): Record<'catalog_entry' | 'catalog_objection', Names> {
  const pairs = async (rows: Promise<{ id: string; name: string }[]>) => new Map((await rows).map((r) => [r.id, r.name]));
  return {
    catalog_entry: (ids) => pairs(db.selectFrom('catalog_entry').select(['id', 'name']).where('id', 'in', ids).execute()),
    catalog_objection: (ids) =>
      pairs(db.selectFrom('catalog_objection as o').innerJoin('catalog_entry as e', 'e.id', 'o.entry_id').select(['o.id as id', 'e.name as name']).where('o.id', 'in', ids).execute()),
  };
}
