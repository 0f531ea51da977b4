import type { Actor } from '../../platform/auth/actor.ts';
import type { ApplicationState } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { applicationScope } from './application.policy.ts';
import { SharingRepository, type ApplicationRow, type Db, type VisibleApplicationRow } from './sharing.repository.ts';

/**
 * The application record as every use case touches it: found within the actor's scope, moved on
 * by a guarded UPDATE, and its history written alongside.
 */
export class ApplicationStore {
  readonly repo = new SharingRepository();

  constructor(private readonly deps: PlatformDeps) {}

  /** The application if the actor may see it; otherwise 404, the same as a missing one. */
  async load(db: Db, actor: Actor, id: string, lock = false): Promise<VisibleApplicationRow> {
    const app = await this.repo.findVisibleApplication(db, id, applicationScope(actor), lock);
    if (!app) throw new NotFoundError('共享申请 application', id);
    return app;
  }

  /**
   * Moves the application on from the state it was loaded in. The row is locked, so losing is
   * not expected; the guard makes sure a lost race writes nothing all the same.
   */
  async transition(trx: Db, app: ApplicationRow, values: Parameters<SharingRepository['transitionApplication']>[3]): Promise<void> {
    if (!(await this.repo.transitionApplication(trx, app.id, app.state, values))) throw new ConflictError(`共享申请 ${app.number} 已被他人处理,请刷新 (changed meanwhile; reload)`, 'CONCURRENT_CHANGE');
  }

  /** One line of the application's history (全过程记录). */
  /** Applications that reached a refusal by leader approval end at the leader; direct ones grant at once. */
  async event(trx: Db, actor: Actor, applicationId: string, action: string, from: ApplicationState | null, to: ApplicationState | null, comment: string | null): Promise<void> {
    await this.repo.insertEvent(trx, { application_id: applicationId, occurred_at: this.deps.clock.now(), actor_user_id: actor.userId, actor_name: actor.name, action, from_state: from, to_state: to, comment });
  }
}
