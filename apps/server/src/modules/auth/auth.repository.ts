import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

/** Queries of the auth module on its own tables (login attempts). */
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
}
