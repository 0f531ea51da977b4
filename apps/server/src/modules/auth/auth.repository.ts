import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

/** Queries of the auth module: login attempts, and the delegations shown on the console's own profile. */
export class AuthRepository {
  recordAttempt(db: Db, attempt: { username: string; succeeded: boolean; clientIp: string | null; at: Date }) {
    return db.insertInto('login_attempt').values({ username: attempt.username, succeeded: attempt.succeeded, client_ip: attempt.clientIp, attempted_at: attempt.at }).execute();
  }

  /** The newest successful login of this name from this address. */
  async lastSuccess(db: Db, username: string, clientIp: string | null): Promise<Date | null> {
    const row = await db
      .selectFrom('login_attempt')
      .select('attempted_at')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .where('client_ip', clientIp === null ? 'is' : '=', clientIp)
      .where('succeeded', '=', true)
      .orderBy('attempted_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.attempted_at ?? null;
  }

  /** The newest `limit` failures of this name from this address after `since`, newest first. */
  async recentFailures(db: Db, username: string, clientIp: string | null, since: Date, limit: number): Promise<Date[]> {
    const rows = await db
      .selectFrom('login_attempt')
      .select('attempted_at')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .where('client_ip', clientIp === null ? 'is' : '=', clientIp)
      .where('succeeded', '=', false)
      .where('attempted_at', '>', since)
      .orderBy('attempted_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.attempted_at);
  }

  /**
   * Entries whose provider's applications the user reviews as delegate, for the console's menu.
   * The table is the sharing module's; its port offers no such read yet.
   */
  async delegatedEntryIds(db: Db, userId: string): Promise<string[]> {
    const rows = await db.selectFrom('review_delegation').select('entry_id').where('delegate_user_id', '=', userId).where('revoked_at', 'is', null).execute();
    return rows.map((r) => r.entry_id);
  }
}
