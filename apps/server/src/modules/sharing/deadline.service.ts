import { labelOf, STEP_KINDS } from '@huitong/contracts';
import { taskActor } from '../../platform/auth/actor.ts';
import { chinaDay, workdaysBetween } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import { DeadlineRepository } from './deadline.repository.ts';
import { DemandRepository } from './demand.repository.ts';
import { GrantRepository } from './grant.repository.ts';
import type { SharingService } from './sharing.service.ts';

/**
 * The clock side of sharing (scheduled, and driven by a manual clock in tests):
 * - remind assignees the profile's number of working days before a step or a demand is due;
 * - when it is overdue, escalate to the operator's reviewers and supervisors and keep a
 *   supervision record (SPEC §9) until it is decided;
 * - tell consumers when their grant has expired, so they confirm the destruction of the data;
 * - recompute provisional deadlines once the calendar has the missing year.
 */
export class DeadlineService {
  private readonly repo = new DeadlineRepository();
  private readonly demands = new DemandRepository();
  private readonly grants = new GrantRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly sharing: SharingService,
    private readonly notifications: NotificationService,
  ) {}

  async run(): Promise<{ reminded: number; escalated: number; expired: number }> {
    const result = { reminded: 0, escalated: 0, expired: 0 };
    const { db, clock, calendar, audit, policy } = this.deps;
    const today = chinaDay(clock.now());
    const data = await calendar.data();
    const reminderDays = policy.value<number>('sharing.reminder_workdays_before_due');
    const actor = taskActor('sharing-deadlines');

    const steps = await this.repo.pendingStepsWithDue(db);
    for (const step of steps) {
      const due = step.due_on!;
      const remaining = workdaysBetween(data, today, due).workdays;
      const kindName = labelOf(STEP_KINDS, step.kind);
      if (!step.reminded_at && remaining >= 0 && remaining <= reminderDays) {
        const sent = await db.transaction().execute(async (trx) => {
          // Claim the reminder: with several nodes running the job, only one sends it.
          if (!(await this.repo.claimStepReminder(trx, step.id, clock.now()))) return false;
          await this.notifications.notifyUsers(trx, await this.sharing.assigneeUsers(trx, step, step.kind), notificationMessages.applicationReminder({ applicationId: step.application_id, number: step.number, step: step.kind, dueOn: due, provisional: step.due_provisional, remaining }));
          await this.notifications.emit(trx, [step.assignee_department_id], 'application.reminder', { applicationId: step.application_id, number: step.number, step: step.kind, dueOn: due, remainingWorkdays: remaining });
          return true;
        });
        if (sent) result.reminded++;
      }
      if (!step.escalated_at && today > due) {
        const sent = await db.transaction().execute(async (trx) => {
          if (!(await this.repo.claimStepEscalation(trx, step.id, clock.now()))) return false;
          await this.repo.recordSupervision(trx, { kind: 'application_step_overdue', department_id: step.assignee_department_id, subject_id: step.id, reference: `${step.number} ${kindName}`, due_on: due, recorded_at: clock.now() });
          const message = notificationMessages.applicationOverdue({ applicationId: step.application_id, number: step.number, step: step.kind, dueOn: due });
          await this.notifications.notifyOperator(trx, ['platform_reviewer', 'supervisor'], message);
          await this.notifications.notifyUsers(trx, await this.sharing.assigneeUsers(trx, step, step.kind), message);
          await this.notifications.emit(trx, [step.assignee_department_id, step.applicant_department_id], 'application.overdue', { applicationId: step.application_id, number: step.number, step: step.kind, dueOn: due });
          await audit.record(trx, actor, { operation: 'sharing:step:overdue', targetType: 'share_application', targetId: step.application_id, details: { step: step.kind, dueOn: due, department: step.assignee_department_id } });
          return true;
        });
        if (sent) result.escalated++;
      }
    }

    const demands = await this.demands.openDemands(db);
    for (const demand of demands) {
      const remaining = workdaysBetween(data, today, demand.due_on).workdays;
      if (!demand.reminded_at && remaining >= 0 && remaining <= reminderDays) {
        const sent = await db.transaction().execute(async (trx) => {
          if (!(await this.demands.claimReminder(trx, demand.id, clock.now()))) return false;
          await this.notifications.notifyRoles(trx, demand.provider_department_id, ['data_officer'], notificationMessages.demandReminder({ demandId: demand.id, title: demand.title, dueOn: demand.due_on, remaining }));
          return true;
        });
        if (sent) result.reminded++;
      }
      if (!demand.escalated_at && today > demand.due_on) {
        const sent = await db.transaction().execute(async (trx) => {
          if (!(await this.demands.claimEscalation(trx, demand.id, clock.now()))) return false;
          await this.repo.recordSupervision(trx, { kind: 'demand_overdue', department_id: demand.provider_department_id, subject_id: demand.id, reference: `数据需求「${demand.title}」`, due_on: demand.due_on, recorded_at: clock.now() });
          await this.notifications.notifyOperator(trx, ['platform_reviewer', 'supervisor'], notificationMessages.demandOverdue({ demandId: demand.id, title: demand.title, dueOn: demand.due_on }));
          await audit.record(trx, actor, { operation: 'sharing:demand:overdue', targetType: 'share_demand', targetId: demand.id, details: { dueOn: demand.due_on, department: demand.provider_department_id } });
          return true;
        });
        if (sent) result.escalated++;
      }
    }

    const objections = await this.repo.overdueObjections(db, today);
    for (const objection of objections) {
      const sent = await db.transaction().execute(async (trx) => {
        if (!(await this.repo.claimObjectionEscalation(trx, objection.id, clock.now()))) return false;
        await this.repo.recordSupervision(trx, { kind: 'objection_overdue', department_id: objection.provider_department_id, subject_id: objection.id, reference: `「${objection.name}」的疑义`, due_on: objection.due_on!, recorded_at: clock.now() });
        await this.notifications.notifyOperator(trx, ['platform_reviewer', 'supervisor'], notificationMessages.objectionOverdue({ entryId: objection.entry_id, entry: objection.name, dueOn: objection.due_on! }));
        await audit.record(trx, actor, { operation: 'catalog:objection:overdue', targetType: 'catalog_objection', targetId: objection.id, details: { dueOn: objection.due_on, department: objection.provider_department_id, basis: policy.citation('sharing.objection_reply_workdays') } });
        return true;
      });
      if (sent) result.escalated++;
    }

    const expired = await this.grants.expiredUnnotified(db, today);
    for (const grant of expired) {
      const sent = await db.transaction().execute(async (trx) => {
        if (!(await this.grants.claimExpiryNotice(trx, grant.id, clock.now()))) return false;
        await this.notifications.notifyRoles(trx, grant.consumer_department_id, ['data_officer'], notificationMessages.grantExpired({ grantId: grant.id, endsOn: grant.ends_on }));
        await audit.record(trx, actor, { operation: 'sharing:grant:expire', targetType: 'share_grant', targetId: grant.id, details: { endsOn: grant.ends_on } });
        return true;
      });
      if (sent) result.expired++;
    }
    return result;
  }

  /** After a calendar year is added or corrected: provisional deadlines become final (and may move). */
  async recomputeProvisional(): Promise<number> {
    const { db, calendar, policy } = this.deps;
    const countReceiptDay = policy.value<boolean>('sharing.receipt_day_counted');
    let changed = 0;
    const steps = await this.repo.pendingProvisionalSteps(db);
    for (const step of steps) {
      if (step.workdays === null) continue;
      const due = await calendar.deadline(step.received_at, step.workdays, countReceiptDay);
      await this.repo.setStepDue(db, step.id, due);
      changed++;
    }
    const demands = await this.demands.openProvisional(db);
    const demandDays = policy.value<number>('sharing.demand_reply_workdays');
    for (const demand of demands) {
      const due = await calendar.deadline(demand.received_at, demandDays, countReceiptDay);
      await this.demands.setDue(db, demand.id, due);
      changed++;
    }
    return changed;
  }

  async supervisionRecords(filter: { departmentId?: string; openOnly?: boolean }) {
    const rows = await this.repo.supervisionRecords(this.deps.db, filter);
    return rows.map((r) => ({ id: r.id, kind: r.kind, department: { id: r.department_id, name: r.department_name }, reference: r.reference, dueOn: r.due_on, recordedAt: r.recorded_at.toISOString(), resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null }));
  }
}
