import { labelOf, STEP_KINDS } from '@huitong/contracts';
import { taskActor } from '../../platform/auth/actor.ts';
import { chinaDay, workdaysBetween } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { NotificationService } from '../notifications/index.ts';
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

    const steps = await db
      .selectFrom('share_application_step as s')
      .innerJoin('share_application as a', 'a.id', 's.application_id')
      .select(['s.id', 's.kind', 's.due_on', 's.due_provisional', 's.reminded_at', 's.escalated_at', 's.assignee_department_id', 'a.id as application_id', 'a.number', 'a.applicant_department_id', 'a.provider_department_id', 'a.entry_id'])
      .where('s.state', '=', 'pending')
      .where('s.due_on', 'is not', null)
      .execute();
    for (const step of steps) {
      const due = step.due_on!;
      const remaining = workdaysBetween(data, today, due).workdays;
      const link = `/sharing/applications/${step.application_id}`;
      const kindName = labelOf(STEP_KINDS, step.kind);
      if (!step.reminded_at && remaining >= 0 && remaining <= reminderDays) {
        const sent = await db.transaction().execute(async (trx) => {
          // Claim the reminder: with several nodes running the job, only one sends it.
          const claimed = await trx.updateTable('share_application_step').set({ reminded_at: clock.now() }).where('id', '=', step.id).where('reminded_at', 'is', null).executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) return false;
          await this.notifications.notifyUsers(trx, await this.sharing.assigneeUsers(trx, step, step.kind), {
            kind: 'application.reminder',
            title: `即将到期: ${kindName} ${step.number}`,
            body: `共享申请 ${step.number} 的${kindName}将于 ${due}${step.due_provisional ? '(暂定)' : ''} 到期,剩余 ${remaining} 个工作日。`,
            link,
          });
          await this.notifications.emit(trx, [step.assignee_department_id], 'application.reminder', { applicationId: step.application_id, number: step.number, step: step.kind, dueOn: due, remainingWorkdays: remaining });
          return true;
        });
        if (sent) result.reminded++;
      }
      if (!step.escalated_at && today > due) {
        const sent = await db.transaction().execute(async (trx) => {
          const claimed = await trx.updateTable('share_application_step').set({ escalated_at: clock.now() }).where('id', '=', step.id).where('escalated_at', 'is', null).executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) return false;
          await trx
            .insertInto('supervision_record')
            .values({ kind: 'application_step_overdue', department_id: step.assignee_department_id, subject_id: step.id, reference: `${step.number} ${kindName}`, due_on: due, recorded_at: clock.now() })
            .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
            .execute();
          const message = { kind: 'application.overdue', title: `超期督办: ${kindName} ${step.number}`, body: `共享申请 ${step.number} 的${kindName}已超过 ${due} 的办理期限,已纳入监督考核记录。`, link };
          await this.notifications.notifyOperator(trx, ['platform_reviewer', 'supervisor'], message);
          await this.notifications.notifyUsers(trx, await this.sharing.assigneeUsers(trx, step, step.kind), message);
          await this.notifications.emit(trx, [step.assignee_department_id, step.applicant_department_id], 'application.overdue', { applicationId: step.application_id, number: step.number, step: step.kind, dueOn: due });
          await audit.record(trx, actor, { operation: 'sharing:step:overdue', targetType: 'share_application', targetId: step.application_id, details: { step: step.kind, dueOn: due, department: step.assignee_department_id } });
          return true;
        });
        if (sent) result.escalated++;
      }
    }

    const demands = await db.selectFrom('share_demand').selectAll().where('state', '=', 'open').execute();
    for (const demand of demands) {
      const remaining = workdaysBetween(data, today, demand.due_on).workdays;
      const link = `/sharing/demands/${demand.id}`;
      if (!demand.reminded_at && remaining >= 0 && remaining <= reminderDays) {
        const sent = await db.transaction().execute(async (trx) => {
          const claimed = await trx.updateTable('share_demand').set({ reminded_at: clock.now() }).where('id', '=', demand.id).where('reminded_at', 'is', null).executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) return false;
          await this.notifications.notifyRoles(trx, demand.provider_department_id, ['data_officer'], { kind: 'demand.reminder', title: `即将到期: 数据需求「${demand.title}」`, body: `请于 ${demand.due_on} 前答复,剩余 ${remaining} 个工作日。`, link });
          return true;
        });
        if (sent) result.reminded++;
      }
      if (!demand.escalated_at && today > demand.due_on) {
        const sent = await db.transaction().execute(async (trx) => {
          const claimed = await trx.updateTable('share_demand').set({ escalated_at: clock.now() }).where('id', '=', demand.id).where('escalated_at', 'is', null).executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) return false;
          await trx
            .insertInto('supervision_record')
            .values({ kind: 'demand_overdue', department_id: demand.provider_department_id, subject_id: demand.id, reference: `数据需求「${demand.title}」`, due_on: demand.due_on, recorded_at: clock.now() })
            .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
            .execute();
          await this.notifications.notifyOperator(trx, ['platform_reviewer', 'supervisor'], { kind: 'demand.overdue', title: `超期督办: 数据需求「${demand.title}」`, body: `数据需求已超过 ${demand.due_on} 的答复期限。`, link });
          await audit.record(trx, actor, { operation: 'sharing:demand:overdue', targetType: 'share_demand', targetId: demand.id, details: { dueOn: demand.due_on, department: demand.provider_department_id } });
          return true;
        });
        if (sent) result.escalated++;
      }
    }

    const objections = await db
      .selectFrom('catalog_objection as o')
      .innerJoin('catalog_entry as e', 'e.id', 'o.entry_id')
      .select(['o.id', 'o.due_on', 'o.entry_id', 'e.name', 'e.provider_department_id'])
      .where('o.state', '=', 'open')
      .where('o.escalated_at', 'is', null)
      .where('o.due_on', '<', today)
      .execute();
    for (const objection of objections) {
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx.updateTable('catalog_objection').set({ escalated_at: clock.now() }).where('id', '=', objection.id).where('escalated_at', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return false;
        await trx
          .insertInto('supervision_record')
          .values({ kind: 'objection_overdue', department_id: objection.provider_department_id, subject_id: objection.id, reference: `「${objection.name}」的疑义`, due_on: objection.due_on!, recorded_at: clock.now() })
          .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
          .execute();
        await this.notifications.notifyOperator(trx, ['platform_reviewer', 'supervisor'], { kind: 'objection.overdue', title: `超期督办: 「${objection.name}」的疑义`, body: `疑义已超过 ${objection.due_on} 的校核答复期限。`, link: `/catalog/${objection.entry_id}` });
        await audit.record(trx, actor, { operation: 'catalog:objection:overdue', targetType: 'catalog_objection', targetId: objection.id, details: { dueOn: objection.due_on, department: objection.provider_department_id, basis: policy.citation('sharing.objection_reply_workdays') } });
        return true;
      });
      if (sent) result.escalated++;
    }

    const expired = await db.selectFrom('share_grant').selectAll().where('revoked_at', 'is', null).where('ends_on', '<', today).where('expiry_notified_at', 'is', null).execute();
    for (const grant of expired) {
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx.updateTable('share_grant').set({ expiry_notified_at: clock.now() }).where('id', '=', grant.id).where('expiry_notified_at', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return false;
        await this.notifications.notifyRoles(trx, grant.consumer_department_id, ['data_officer'], {
          kind: 'grant.expired',
          title: '共享授权已到期',
          body: `授权已于 ${grant.ends_on} 到期,访问已停止。请按规定销毁不再使用的数据并在平台确认。`,
          link: `/sharing/grants/${grant.id}`,
        });
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
    const steps = await db.selectFrom('share_application_step').select(['id', 'received_at', 'workdays', 'due_on']).where('state', '=', 'pending').where('due_provisional', '=', true).execute();
    for (const step of steps) {
      if (step.workdays === null) continue;
      const due = await calendar.deadline(step.received_at, step.workdays, countReceiptDay);
      await db.updateTable('share_application_step').set({ due_on: due.date, due_provisional: due.provisional }).where('id', '=', step.id).execute();
      changed++;
    }
    const demands = await db.selectFrom('share_demand').select(['id', 'received_at']).where('state', '=', 'open').where('due_provisional', '=', true).execute();
    const demandDays = policy.value<number>('sharing.demand_reply_workdays');
    for (const demand of demands) {
      const due = await calendar.deadline(demand.received_at, demandDays, countReceiptDay);
      await db.updateTable('share_demand').set({ due_on: due.date, due_provisional: due.provisional }).where('id', '=', demand.id).execute();
      changed++;
    }
    return changed;
  }

  async supervisionRecords(filter: { departmentId?: string; openOnly?: boolean }) {
    let q = this.deps.db.selectFrom('supervision_record as r').innerJoin('department as d', 'd.id', 'r.department_id').selectAll('r').select('d.name as department_name');
    if (filter.departmentId) q = q.where('r.department_id', '=', filter.departmentId);
    if (filter.openOnly) q = q.where('r.resolved_at', 'is', null);
    const rows = await q.orderBy('r.recorded_at', 'desc').execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, department: { id: r.department_id, name: r.department_name }, reference: r.reference, dueOn: r.due_on, recordedAt: r.recorded_at.toISOString(), resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null }));
  }
}
