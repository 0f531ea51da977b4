import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Names = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Names of org targets for the audit viewer (departments, users by display name, application systems). */
export function orgTargetNames(db: Kysely<Database>): Record<'department' | 'user' | 'application_system', Names> {
  const pairs = async (rows: Promise<{ id: string; name: string }[]>) => new Map((await rows).map((r) => [r.id, r.name]));
  return {
    department: (ids) => pairs(db.selectFrom('department').select(['id', 'name']).where('id', 'in', ids).execute()),
    user: (ids) => pairs(db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', ids).execute()),
    application_system: (ids) => pairs(db.selectFrom('application_system').select(['id', 'name']).where('id', 'in', ids).execute()),
  };
}
