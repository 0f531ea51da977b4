import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

/** SQL on sessions and tokens (console cookies, personal API tokens) of users. */
export class SessionRepository {
  /**
   * Revokes every live session and API token of a user, except the one whose digest is `keep`
   * (the session that changed its own password stays signed in).
   */
  async revokeUserSessions(db: Db, userId: string, now: Date, keep?: string): Promise<number> {
    let query = db.updateTable('auth_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keep) query = query.where('token_digest', '<>', keep);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
