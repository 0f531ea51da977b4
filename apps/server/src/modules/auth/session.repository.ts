import type { Insertable, Kysely } from 'kysely';
import type { AuthSessionTable, Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

/** SQL on sessions and tokens: console cookies, personal API tokens, system tokens. */
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

  find(db: Db, tokenDigest: string) {
    return db.selectFrom('auth_session').selectAll().where('token_digest', '=', tokenDigest).executeTakeFirst();
  }

  /** Records use of a session (at most once a minute per session, see TOUCH_INTERVAL_MS). */
  async touch(db: Db, tokenDigest: string, now: Date): Promise<void> {
    await db.updateTable('auth_session').set({ last_seen_at: now }).where('token_digest', '=', tokenDigest).execute();
  }

  async insert(db: Db, values: Insertable<AuthSessionTable>): Promise<void> {
    await db.insertInto('auth_session').values(values).execute();
  }

  /** Ends one session (logout); an already revoked one is left as it was. */
  async revoke(db: Db, tokenDigest: string, now: Date): Promise<void> {
    await db.updateTable('auth_session').set({ revoked_at: now }).where('token_digest', '=', tokenDigest).where('revoked_at', 'is', null).execute();
  }
}
