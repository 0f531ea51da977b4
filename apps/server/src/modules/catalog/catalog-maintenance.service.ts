import type { MaintenanceTrigger } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { CatalogMaintenanceRepository } from './catalog-maintenance.repository.ts';
import type { CatalogService } from './catalog.service.ts';

/**
 * Catalog maintenance duties. A department records a change in law or in its functions; the
 * catalog must then be updated within the profile's working days (002 Art. 9; 004 Art. 8;
 * 003 Art. 9), and an unresolved trigger past its due date is flagged as overdue. Periodic full
 * reviews (003 Art. 9) are tracked per entry by CatalogQueryService.maintenanceDue.
 */
export class CatalogMaintenanceService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly catalog: CatalogService,
  ) {}

  private readonly repo = new CatalogMaintenanceRepository();

  /** The operator sees every department; anyone else only their own, and only with the permission. */
  private ownScope(actor: Actor): string | undefined {
    if (hasPlatformScope(actor, 'catalog:maintenance:manage')) return undefined;
    authorize(actor, 'catalog:maintenance:manage', actor.organisationId);
    return actor.organisationId!;
  }

  private toTrigger(row: { id: string; department_id: string; kind: 'legal_change' | 'function_change'; description: string; occurred_on: string; due_on: string; due_provisional: boolean; resolved_at: Date | null }): MaintenanceTrigger {
    return {
      id: row.id,
      departmentId: row.department_id,
      kind: row.kind,
      description: row.description,
      occurredOn: row.occurred_on,
      dueOn: row.due_on,
      dueProvisional: row.due_provisional,
      resolvedAt: row.resolved_at ? row.resolved_at.toISOString() : null,
      overdue: !row.resolved_at && chinaDay(this.deps.clock.now()) > row.due_on,
    };
  }

  /** Records a legal or functional change; the due date counts official working days. */
  async recordTrigger(actor: Actor, input: { kind: 'legal_change' | 'function_change'; description: string; occurredOn: string }): Promise<MaintenanceTrigger> {
    authorize(actor, 'catalog:maintenance:manage', actor.organisationId);
    if (input.occurredOn > chinaDay(this.deps.clock.now())) throw ValidationError.field('occurredOn', 'occurredOn: 变化日期不能晚于今天 (cannot be in the future)');
    const workdays = this.deps.policy.value<number>('catalog.update_after_change_workdays');
    const due = await this.deps.calendar.dueDate(input.occurredOn, workdays);
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const inserted = await this.repo.insertTrigger(trx, {
        department_id: actor.organisationId!,
        kind: input.kind,
        description: input.description,
        occurred_on: input.occurredOn,
        due_on: due.date,
        due_provisional: due.provisional,
        created_by: actor.userId!,
        created_at: this.deps.clock.now(),
      });
      await this.deps.audit.record(trx, actor, {
        operation: 'catalog:maintenance:trigger',
        targetType: 'catalog_maintenance_trigger',
        targetId: inserted.id,
        details: { kind: input.kind, occurredOn: input.occurredOn, dueOn: due.date, provisional: due.provisional, workdays, basis: this.deps.policy.citation('catalog.update_after_change_workdays') },
      });
      return inserted;
    });
    return this.toTrigger(row);
  }

  async list(actor: Actor, filter: { openOnly?: boolean }): Promise<MaintenanceTrigger[]> {
    const rows = await this.repo.listTriggers(this.deps.db, { departmentId: this.ownScope(actor), openOnly: filter.openOnly });
    return rows.map((row) => this.toTrigger(row));
  }

  async resolve(actor: Actor, id: string): Promise<MaintenanceTrigger> {
    const row = await this.repo.findTrigger(this.deps.db, id);
    if (!row || (row.department_id !== actor.organisationId && !hasPlatformScope(actor, 'catalog:maintenance:manage'))) throw new NotFoundError('目录维护事项 maintenance trigger', id);
    authorize(actor, 'catalog:maintenance:manage', row.department_id);
    if (row.resolved_at) throw new InvalidTransitionError('resolved', 'resolve');
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      // The unresolved check is the UPDATE's WHERE: of two concurrent resolves one matches, the other is a 409 and writes nothing.
      const result = await this.repo.resolveTrigger(trx, id, actor.userId, this.deps.clock.now());
      if (!result) throw new InvalidTransitionError('resolved', 'resolve');
      await this.deps.audit.record(trx, actor, { operation: 'catalog:maintenance:resolve', targetType: 'catalog_maintenance_trigger', targetId: id, details: { dueOn: row.due_on, late: chinaDay(this.deps.clock.now()) > row.due_on } });
      return result;
    });
    return this.toTrigger(updated);
  }

  /** Published entries of an organisation (or all, for the operator) whose full review is overdue. */
  async overdueEntries(actor: Actor): Promise<Array<{ id: string; resourceCode: string; name: string; providerDepartmentName: string; lastMaintainedAt: string | null; dueOn: string | null }>> {
    const rows = await this.repo.publishedEntriesForReview(this.deps.db, this.ownScope(actor));
    return rows
      .map((row) => ({ row, due: this.catalog.maintenanceDue(row.last_maintained_at) }))
      .filter(({ due }) => due.overdue)
      .map(({ row, due }) => ({
        id: row.id,
        resourceCode: row.resource_code,
        name: row.name,
        providerDepartmentName: row.provider_department_name,
        lastMaintainedAt: row.last_maintained_at ? row.last_maintained_at.toISOString() : null,
        dueOn: due.dueOn,
      }));
  }
}
