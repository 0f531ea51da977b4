import type { CatalogContent, Demand } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { InvalidTransitionError, NotAllowedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import { normalise } from '../catalog/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { DeadlineRepository } from './deadline.repository.ts';
import { DemandRepository, type DemandScope } from './demand.repository.ts';

/** A demand's title reduced to what identifies the data wanted, so requests for the same thing group together. */
export function normaliseTitle(title: string): string {
  return normalise(title)
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/(信息|数据|资料|清单|目录)+$/u, '');
}

/**
 * The demand list (需求清单): a department asks another for data that is not in the catalog;
 * the provider answers within the profile's working days (003 Art. 17), and an agreed demand
 * becomes a catalog draft linked to it. The operator sees which data several departments ask for
 * (000 Art. 14, the high-frequency share library).
 */
export class DemandService {
  private readonly repo = new DemandRepository();
  private readonly deadlineRepo = new DeadlineRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
    private readonly notifications: NotificationService,
  ) {}

  private async toDemands(rows: Awaited<ReturnType<DemandRepository['listDemands']>>): Promise<Demand[]> {
    const today = chinaDay(this.deps.clock.now());
    return rows.map((r) => ({
      id: r.id,
      requesterDepartment: { id: r.requester_department_id, name: r.requester_name },
      requesterName: r.requester_user_name,
      provider: { id: r.provider_department_id, name: r.provider_name },
      title: r.title,
      description: r.description,
      itemsWanted: r.items_wanted,
      purpose: r.purpose,
      basis: r.basis,
      state: r.state,
      receivedAt: r.received_at.toISOString(),
      dueOn: r.due_on,
      dueProvisional: r.due_provisional,
      overdue: r.state === 'open' && today > r.due_on,
      answeredAt: r.answered_at ? r.answered_at.toISOString() : null,
      answer: r.answer,
      catalogEntryId: r.catalog_entry_id,
    }));
  }

  /** Demands the actor may see: all with platform scope, else those its organisation asked or was asked. */
  private scope(actor: Actor): DemandScope {
    return { platform: hasPlatformScope(actor, 'sharing:demand:read'), departmentId: actor.organisationId };
  }

  async create(actor: Actor, input: { providerDepartmentId: string; title: string; description: string; itemsWanted?: string; purpose: string; basis?: string }): Promise<Demand> {
    authorize(actor, 'sharing:demand:create', actor.organisationId);
    const provider = await this.org.directory.findDepartment(this.deps.db, input.providerDepartmentId);
    if (!provider || (provider.kind !== 'department' && provider.kind !== 'affiliated_unit')) {
      throw ValidationError.field('providerDepartmentId', 'providerDepartmentId: 须选择一个政务部门 (choose a department)');
    }
    if (provider.id === actor.organisationId) throw ValidationError.field('providerDepartmentId', 'providerDepartmentId: 不能向本部门提出需求 (ask another department)');
    const now = this.deps.clock.now();
    const workdays = this.deps.policy.value<number>('sharing.demand_reply_workdays');
    const due = await this.deps.calendar.deadline(now, workdays, this.deps.policy.value<boolean>('sharing.receipt_day_counted'));
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.insertDemand(trx, {
          requester_department_id: actor.organisationId!,
          requester_user_id: actor.userId!,
          provider_department_id: provider.id,
          title: input.title,
          normalized_title: normaliseTitle(input.title),
          description: input.description,
          items_wanted: input.itemsWanted ?? null,
          purpose: input.purpose,
          basis: input.basis ?? null,
          state: 'open',
          received_at: now,
          due_on: due.date,
          due_provisional: due.provisional,
        });
      await this.deps.audit.record(trx, actor, { operation: 'sharing:demand:create', targetType: 'share_demand', targetId: row.id, details: { provider: provider.id, title: input.title, dueOn: due.date, workdays, basis: this.deps.policy.citation('sharing.demand_reply_workdays') } });
      await this.notifications.notifyRoles(trx, provider.id, ['data_officer'], notificationMessages.demandCreated({ demandId: row.id, title: input.title, department: actor.organisationName ?? '', dueOn: due.date, provisional: due.provisional, workdays }));
      await this.notifications.emit(trx, [provider.id], 'demand.created', { demandId: row.id, title: input.title, dueOn: due.date });
      return row.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<Demand> {
    // The same permission as the lists: being in the department is not enough.
    if (!hasPlatformScope(actor, 'sharing:demand:read')) authorize(actor, 'sharing:demand:read', actor.organisationId);
    const row = await this.repo.findVisibleDemand(this.deps.db, id, this.scope(actor));
    if (!row) throw new NotFoundError('数据需求 demand', id);
    return (await this.toDemands([row]))[0]!;
  }

  async list(actor: Actor, box: 'mine' | 'received' | 'all'): Promise<Demand[]> {
    if (box === 'all') {
      if (!hasPlatformScope(actor, 'sharing:demand:read')) throw new NotAllowedError('sharing:demand:read');
      return this.toDemands(await this.repo.listDemands(this.deps.db, {}));
    }
    authorize(actor, 'sharing:demand:read', actor.organisationId);
    return this.toDemands(await this.repo.listDemands(this.deps.db, box === 'mine' ? { requesterDepartmentId: actor.organisationId! } : { providerDepartmentId: actor.organisationId! }));
  }

  /** Agreeing registers the demanded data as a catalog draft in the same transaction (003 Art. 17). */
  async answer(actor: Actor, id: string, input: { decision: 'agree' | 'decline'; answer: string; draft?: CatalogContent }): Promise<Demand> {
    const row = await this.repo.findVisibleDemand(this.deps.db, id, this.scope(actor));
    if (!row) throw new NotFoundError('数据需求 demand', id);
    authorize(actor, 'sharing:demand:answer', row.provider_department_id);
    if (row.state !== 'open') throw new InvalidTransitionError(row.state, 'answer');
    if (input.decision === 'agree' && !input.draft) throw ValidationError.field('draft', 'draft: 同意需求须同时编制目录草稿 (agreeing registers the data as a catalog draft)', 'DRAFT_REQUIRED');
    const now = this.deps.clock.now();
    const entryId = await this.deps.db.transaction().execute(async (trx) => {
      // Claim first, with the state in the WHERE: a concurrent answer that lost writes nothing (no draft, no notice, no audit).
      const claimed = await this.repo.claimDemandAnswer(trx, id, { state: input.decision === 'agree' ? 'agreed' : 'declined', answered_at: now, answered_by: actor.userId, answer: input.answer });
      if (!claimed) throw new InvalidTransitionError((await this.repo.demandState(trx, id))?.state ?? 'unknown', 'answer');
      const created = input.decision === 'agree' ? await this.catalog.createWithin(trx, actor, { content: input.draft, changeSummary: `根据数据需求「${row.title}」编目` }) : null;
      if (created) await this.repo.setDemandEntry(trx, id, created);
      await this.deadlineRepo.resolveSupervision(trx, 'demand_overdue', id, now);
      await this.deps.audit.record(trx, actor, { operation: `sharing:demand:${input.decision}`, targetType: 'share_demand', targetId: id, details: { answer: input.answer, catalogEntryId: created, late: chinaDay(now) > row.due_on } });
      await this.notifications.notifyUsers(trx, [row.requester_user_id], notificationMessages.demandAnswered({ demandId: id, title: row.title, provider: row.provider_name, agreed: input.decision === 'agree', answer: input.answer }));
      await this.notifications.emit(trx, [row.requester_department_id], 'demand.answered', { demandId: id, decision: input.decision, catalogEntryId: created });
      return created;
    });
    if (entryId) await this.catalog.afterCommit([entryId]);
    return this.get(actor, id);
  }

  /** Data that several departments are asking for, most departments first (for the operator). */
  async hotspots(actor: Actor) {
    if (!hasPlatformScope(actor, 'sharing:demand:read')) throw new NotAllowedError('sharing:demand:read');
    const rows = await this.repo.hotspots(this.deps.db);
    return rows.map((r) => ({ title: String(r.title), provider: { id: r.provider_id, name: r.provider_name }, departments: Number(r.departments), demands: Number(r.demands), openDemands: Number(r.open_demands) }));
  }
}
