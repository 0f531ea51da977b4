import { labelOf, STEP_KINDS, type Application, type StepDecision } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { StepKind } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { InvalidTransitionError, ValidationError } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import type { ApplicationQueryService } from './application-query.service.ts';
import type { ApplicationSteps } from './application-steps.ts';
import type { ApplicationStore } from './application-store.ts';
import { parseContent } from './application-validation.ts';
import { refusalProblem } from './application.policy.ts';
import { DeadlineRepository } from './deadline.repository.ts';
import { GrantRepository } from './grant.repository.ts';
import type { ApplicationRow, Db } from './sharing.repository.ts';
import { nextStep, stateOf } from './sharing.workflow.ts';

/**
 * Decisions on an application's steps: the leader's approval, the operator's check, review and
 * coordination, the provider's (or its delegate's) review; the last approval creates the grant.
 */
export class ReviewService {
  private readonly grants = new GrantRepository();
  private readonly deadlines = new DeadlineRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly catalog: CatalogService,
    private readonly notifications: NotificationService,
    private readonly store: ApplicationStore,
    private readonly steps: ApplicationSteps,
    private readonly query: ApplicationQueryService,
  ) {}

  private get db(): Db {
    return this.deps.db;
  }

  /**
   * Decides the pending step of the given kind. A decision on a step that is not the pending one
   * (out of order, withdrawn, already decided) is a conflict; on a step the actor may not decide,
   * a refusal.
   */
  async decide(actor: Actor, id: string, kind: StepKind, input: StepDecision): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.store.load(trx, actor, id, true);
      const step = await this.store.repo.pendingStep(trx, id);
      if (!step || step.kind !== kind) {
        throw new InvalidTransitionError(app.state, `${kind}:${input.decision}`, `申请当前处于「${app.state}」,没有待${labelOf(STEP_KINDS, kind)}的环节 (no pending ${kind} step)`);
      }
      const who = await this.steps.stepActor(trx, actor, app, kind);
      const comment = input.comment?.trim() || null;
      const legalBasis = input.legalBasis?.trim() || null;
      if (input.decision === 'reject') {
        const problem = refusalProblem(kind, comment, legalBasis, this.deps.policy.value<boolean>('sharing.rejection_requires_legal_basis'));
        if (problem === 'REASON_REQUIRED') throw ValidationError.field('comment', 'comment: 不同意须说明理由 (a refusal needs its reasons)', 'REASON_REQUIRED');
        if (problem === 'LEGAL_BASIS_REQUIRED') {
          throw ValidationError.field(
            'legalBasis',
            `legalBasis: 不予共享须说明法律政策依据 (a refusal must cite its legal or policy basis; ${this.deps.policy.citation('sharing.rejection_requires_legal_basis')})`,
            'LEGAL_BASIS_REQUIRED',
          );
        }
      }
      const now = this.deps.clock.now();
      const closed = await this.store.repo.closePendingStep(trx, step.id, {
        state: input.decision === 'approve' ? 'approved' : 'rejected',
        decided_at: now,
        decided_by: actor.userId,
        comment,
        legal_basis: legalBasis,
        on_behalf_of_department_id: who.onBehalfOfDepartmentId,
        delegation_id: who.delegationId,
      });
      if (!closed) throw new InvalidTransitionError(app.state, `${kind}:${input.decision}`);
      await this.deadlines.resolveSupervision(trx, 'application_step_overdue', step.id, now);
      await this.deps.audit.record(trx, actor, {
        operation: input.decision === 'approve' ? 'sharing:application:approve-step' : 'sharing:application:reject-step',
        targetType: 'share_application',
        targetId: id,
        details: { step: kind, comment, legalBasis, onBehalfOf: who.onBehalfOfDepartmentId, delegationId: who.delegationId, dueOn: step.due_on, late: step.due_on ? chinaDay(now) > step.due_on : false },
      });

      if (input.decision === 'reject') {
        const final = kind === 'coordination';
        await this.store.transition(trx, app, { state: 'rejected', rejection_final: final, decided_at: now, updated_at: now });
        await this.store.event(trx, actor, id, `reject:${kind}`, app.state, 'rejected', [comment, legalBasis && `依据: ${legalBasis}`].filter(Boolean).join(' '));
        await this.steps.notifyApplicant(trx, app, notificationMessages.applicationRefused({ applicationId: id, number: app.number, step: kind, comment: comment ?? '', legalBasis }));
        await this.notifications.emit(trx, [app.applicant_department_id], 'application.decided', { applicationId: id, number: app.number, decision: 'rejected', step: kind, final });
        return;
      }

      const next = nextStep(app.flow, kind, this.deps.policy);
      if (next) {
        await this.steps.openStep(trx, app, next, now);
        await this.store.transition(trx, app, { state: stateOf(next), updated_at: now });
        await this.store.event(trx, actor, id, `approve:${kind}`, app.state, stateOf(next), comment);
      } else {
        await this.store.event(trx, actor, id, `approve:${kind}`, app.state, 'approved', comment);
        await this.approve(trx, actor, app, now);
      }
    });
    return this.query.detail(actor, id);
  }

  /** The final approval: the application becomes a grant (SPEC §3 grants). */
  private async approve(trx: Db, actor: Actor, app: ApplicationRow, now: Date): Promise<void> {
    const version = await this.catalog.reader.findVersion(trx, app.entry_version_id);
    const conditions = version ? (parseContent(version.content).shareConditions ?? null) : null;
    const grant = await this.grants.insertGrant(trx, {
      application_id: app.id,
      entry_id: app.entry_id,
      provider_department_id: app.provider_department_id,
      consumer_department_id: app.applicant_department_id,
      system_id: app.system_id,
      item_codes: app.item_codes,
      share_mode: app.share_mode,
      starts_on: app.period_start,
      ends_on: app.period_end,
      conditions,
      created_at: now,
    });
    await this.store.transition(trx, app, { state: 'approved', decided_at: now, grant_id: grant.id, updated_at: now });
    await this.deps.audit.record(trx, actor, {
      operation: 'sharing:grant:create',
      targetType: 'share_grant',
      targetId: grant.id,
      details: { applicationId: app.id, number: app.number, entryId: app.entry_id, consumer: app.applicant_department_id, systemId: app.system_id, items: app.item_codes, shareMode: app.share_mode, startsOn: app.period_start, endsOn: app.period_end },
    });
    await this.steps.notifyApplicant(trx, app, notificationMessages.applicationApproved({ grantId: grant.id, number: app.number, start: app.period_start, end: app.period_end }));
    await this.notifications.notifyRoles(trx, app.provider_department_id, ['provider_reviewer', 'data_officer'], notificationMessages.grantCreated({ grantId: grant.id, number: app.number }));
    await this.notifications.emit(trx, [app.applicant_department_id, app.provider_department_id], 'grant.created', { grantId: grant.id, applicationId: app.id, entryId: app.entry_id, consumerDepartmentId: app.applicant_department_id });
  }
}
