import type { Db } from './departments.repository.ts';

/**
 * Ending the sessions of a deactivated user or of a system whose secret changed. The sessions are
 * the auth module's, but the revocation must commit in the transaction that deactivates, and auth
 * depends on org, so org cannot call it.
 */
export class SessionsRepository {
  async revokeUserSessions(db: Db, userId: string, now: Date): Promise<void> {
    await db.updateTable('auth_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }

  async revokeSystemSessions(db: Db, systemId: string, now: Date): Promise<void> {
    await db.updateTable('auth_session').set({ revoked_at: now }).where('system_id', '=', systemId).where('revoked_at', 'is', null).execute();
  }
}
