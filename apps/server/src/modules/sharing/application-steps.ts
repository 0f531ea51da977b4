import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can } from '../../platform/auth/permissions.ts';
import type { StepKind } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotAllowedError } from '../../platform/errors.ts';
import { notificationMessages, type Message, type NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { deciderOf } from './application.policy.ts';
import { DelegationRepository } from './delegation.repository.ts';
import { SharingRepository, type ApplicationRow, type Db, type StepRow } from './sharing.repository.ts';
import { workdaysFor } from './sharing.workflow.ts';

export interface StepActor {
  onBehalfOfDepartmentId: string | null;
  delegationId: string | null;
}

/**
 * The steps of an application: opening one with its deadline in working days, who is assigned
 * (and told), and whether an actor may decide it and on whose behalf.
 */
export class ApplicationSteps {
  private readonly repo = new SharingRepository();
  private readonly delegations = new DelegationRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly notifications: NotificationService,
  ) {}

  private async assigneeOf(trx: Db, app: ApplicationRow, kind: StepKind): Promise<string> {
    if (kind === 'leader_approval') return app.applicant_department_id;
    if (kind === 'provider_review') return app.provider_department_id;
    const operator = await this.org.directory.findOperator(trx);
    if (!operator) throw new ConflictError('平台管理单位未设置 (no operator department)', 'NO_OPERATOR');
    return operator.id;
  }

  /** Opens a step, with its deadline counted in working days from the day it is received. */
  async openStep(trx: Db, app: ApplicationRow, kind: StepKind, receivedAt: Date): Promise<StepRow> {
    const workdays = workdaysFor(kind, this.deps.policy);
    const due = workdays === null ? null : await this.deps.calendar.deadline(receivedAt, workdays, this.deps.policy.value<boolean>('sharing.receipt_day_counted'), trx);
    const step = await this.repo.insertStep(trx, {
      application_id: app.id,
      kind,
      assignee_department_id: await this.assigneeOf(trx, app, kind),
      state: 'pending',
      received_at: receivedAt,
      workdays,
      due_on: due?.date ?? null,
      due_provisional: due?.provisional ?? false,
    });
    await this.notifyAssignees(
      trx,
      app,
      kind,
      notificationMessages.stepAssigned({ applicationId: app.id, number: app.number, step: kind, due: due && workdays !== null ? { date: due.date, provisional: due.provisional, workdays } : null }),
    );
    await this.notifications.emit(trx, [step.assignee_department_id], 'application.step_assigned', { applicationId: app.id, number: app.number, step: kind, dueOn: due?.date ?? null, dueProvisional: due?.provisional ?? false });
    return step;
  }

  /** Who acts on a step of this kind: leaders, the operator's reviewers, or the provider's reviewers and delegates. */
  async assigneeUsers(trx: Db, app: Pick<ApplicationRow, 'applicant_department_id' | 'provider_department_id' | 'entry_id'>, kind: StepKind): Promise<string[]> {
    if (kind === 'leader_approval') return this.notifications.usersWithRoles(trx, app.applicant_department_id, ['dept_leader']);
    if (kind === 'provider_review') {
      const reviewers = await this.notifications.usersWithRoles(trx, app.provider_department_id, ['provider_reviewer']);
      const delegates = (await this.delegations.delegatesOf(trx, app.entry_id)).map((d) => d.delegate_user_id);
      return [...reviewers, ...delegates];
    }
    const operator = await this.org.directory.findOperator(trx);
    return operator ? this.notifications.usersWithRoles(trx, operator.id, ['platform_reviewer']) : [];
  }

  async notifyAssignees(trx: Db, app: ApplicationRow, kind: StepKind, message: Message): Promise<void> {
    await this.notifications.notifyUsers(trx, await this.assigneeUsers(trx, app, kind), message);
  }

  /** The applicant and the applying department's data officers. */
  async notifyApplicant(trx: Db, app: ApplicationRow, message: Message): Promise<void> {
    const officers = await this.notifications.usersWithRoles(trx, app.applicant_department_id, ['data_officer']);
    await this.notifications.notifyUsers(trx, [app.applicant_user_id, ...officers], message);
  }

  /** Whether the actor may decide a step of this kind, and on whose behalf. */
  async stepActor(trx: Db, actor: Actor, app: ApplicationRow, kind: StepKind): Promise<StepActor> {
    const decider = deciderOf(kind);
    if (decider === 'leader') {
      authorize(actor, 'sharing:application:leader-approve', app.applicant_department_id);
      return { onBehalfOfDepartmentId: null, delegationId: null };
    }
    if (decider === 'operator') {
      authorize(actor, 'sharing:application:operator-review');
      return { onBehalfOfDepartmentId: null, delegationId: null };
    }
    if (can(actor, 'sharing:application:provider-review', app.provider_department_id)) return { onBehalfOfDepartmentId: null, delegationId: null };
    const delegation = actor.userId && this.deps.policy.value<boolean>('sharing.delegated_review') ? await this.delegations.activeDelegation(trx, app.entry_id, actor.userId) : undefined;
    if (delegation) return { onBehalfOfDepartmentId: app.provider_department_id, delegationId: delegation.id };
    throw new NotAllowedError('sharing:application:provider-review');
  }
}
