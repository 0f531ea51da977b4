import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Names = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Names of sharing targets for the audit viewer: an application by its number, a demand by its title. */
export function sharingTargetNames(db: Kysely<Database>): Record<'share_application' | 'share_demand', Names> {
  const pairs = async (rows: Promise<{ id: string; name: string }[]>) => new Map((await rows).map((r) => [r.id, r.name]));
  return {
    share_application: (ids) => pairs(db.selectFrom('share_application').select(['id', 'number as name']).where('id', 'in', ids).execute()),
    share_demand: (ids) => pairs(db.selectFrom('share_demand').select(['id', 'title as name']).where('id', 'in', ids).execute()),
  };
}
