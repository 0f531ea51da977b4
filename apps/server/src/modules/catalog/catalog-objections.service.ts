import type { Objection } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogEntries } from './catalog-access.ts';
import { iso, parseContent } from './catalog-rows.ts';
import type { CatalogRepository } from './catalog.repository.ts';

type ObjectionRow = NonNullable<Awaited<ReturnType<CatalogRepository['findObjection']>>>;

/** Objections and error reports on published entries, answered by the provider (000 Art. 8 第二款). */
export class CatalogObjectionsService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repo: CatalogRepository,
    private readonly entries: CatalogEntries,
  ) {}

  private toObjection(row: ObjectionRow): Objection {
    return {
      id: row.id,
      entryId: row.entry_id,
      entryName: row.entry_name,
      providerDepartmentId: row.provider_department_id,
      kind: row.kind,
      itemCode: row.item_code,
      content: row.content,
      state: row.state,
      raisedByDepartmentId: row.raised_by_department_id,
      raisedByDepartmentName: row.raised_by_department_name,
      raisedByName: row.raised_by_name,
      raisedAt: row.raised_at.toISOString(),
      answer: row.answer,
      answeredByName: row.answered_by_name,
      answeredAt: iso(row.answered_at),
      closedAt: iso(row.closed_at),
      dueOn: row.due_on,
      dueProvisional: row.due_provisional,
      overdue: row.state === 'open' && row.due_on !== null && chinaDay(this.deps.clock.now()) > row.due_on,
    };
  }

  async raiseObjection(actor: Actor, entryId: string, input: { kind: 'objection' | 'error'; itemCode?: string; content: string }): Promise<Objection> {
    authorize(actor, 'catalog:objection:raise', actor.organisationId);
    const db = this.deps.db;
    const entry = await this.entries.load(db, entryId);
    if (entry.status === 'draft') throw new NotFoundError('目录 catalog entry', entryId);
    if (entry.provider_department_id === actor.organisationId) {
      throw ValidationError.field('entryId', '不能对本部门的资源提出疑义,请直接修改 (edit your own entry instead)');
    }
    if (input.itemCode) {
      const published = (await this.repo.findVersion(db, entry.published_version_id!))!;
      const codes = parseContent(published.content).items.map((i) => i.code.toLowerCase());
      if (!codes.includes(input.itemCode.toLowerCase())) throw ValidationError.field('itemCode', `itemCode: 信息项 ${input.itemCode} 不存在 (no such item)`);
    }
    // Where the profile sets a reply period (004 Art. 16: 5 working days), the objection has a deadline.
    const replyDays = this.deps.policy.value<number | null>('sharing.objection_reply_workdays');
    const now = this.deps.clock.now();
    const due = replyDays === null ? null : await this.deps.calendar.deadline(now, replyDays, this.deps.policy.value<boolean>('sharing.receipt_day_counted'));
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await this.repo.insertObjection(trx, {
        entry_id: entryId,
        kind: input.kind,
        item_code: input.itemCode ?? null,
        content: input.content,
        state: 'open',
        raised_by_department_id: actor.organisationId!,
        raised_by: actor.userId!,
        raised_at: now,
        due_on: due?.date ?? null,
        due_provisional: due?.provisional ?? false,
      });
      await this.deps.audit.record(trx, actor, { operation: 'catalog:objection:raise', targetType: 'catalog_objection', targetId: id, details: { entryId, kind: input.kind, itemCode: input.itemCode ?? null, dueOn: due?.date ?? null } });
      return id;
    });
    return this.toObjection((await this.repo.findObjection(db, id))!);
  }

  /** An objection the actor is not involved in is not found. */
  private async loadObjection(actor: Actor, id: string): Promise<ObjectionRow> {
    const row = await this.repo.findObjection(this.deps.db, id);
    const involved = row && (row.raised_by_department_id === actor.organisationId || row.provider_department_id === actor.organisationId || hasPlatformScope(actor, 'catalog:entry:read-unpublished'));
    if (!row || !involved) throw new NotFoundError('疑义 objection', id);
    return row;
  }

  async answerObjection(actor: Actor, id: string, answer: string): Promise<Objection> {
    const row = await this.loadObjection(actor, id);
    authorize(actor, 'catalog:objection:answer', row.provider_department_id);
    if (row.state === 'closed') throw new InvalidTransitionError(row.state, 'answer');
    await this.deps.db.transaction().execute(async (trx) => {
      // A concurrent close may have landed since the check above: the loser writes nothing.
      if (!(await this.repo.updateOpenObjection(trx, id, { state: 'answered', answer, answered_by: actor.userId, answered_at: this.deps.clock.now() }))) throw new InvalidTransitionError('closed', 'answer');
      await this.repo.resolveObjectionOverdue(trx, id, this.deps.clock.now());
      await this.deps.audit.record(trx, actor, { operation: 'catalog:objection:answer', targetType: 'catalog_objection', targetId: id, details: { entryId: row.entry_id } });
    });
    return this.toObjection((await this.repo.findObjection(this.deps.db, id))!);
  }

  async closeObjection(actor: Actor, id: string): Promise<Objection> {
    const row = await this.loadObjection(actor, id);
    authorize(actor, 'catalog:objection:raise', row.raised_by_department_id);
    if (row.state === 'closed') throw new InvalidTransitionError(row.state, 'close');
    await this.deps.db.transaction().execute(async (trx) => {
      // A concurrent close may have landed since the check above: the loser writes nothing.
      if (!(await this.repo.updateOpenObjection(trx, id, { state: 'closed', closed_at: this.deps.clock.now(), closed_by: actor.userId }))) throw new InvalidTransitionError('closed', 'close');
      await this.deps.audit.record(trx, actor, { operation: 'catalog:objection:close', targetType: 'catalog_objection', targetId: id, details: { entryId: row.entry_id } });
    });
    return this.toObjection((await this.repo.findObjection(this.deps.db, id))!);
  }

  async listObjections(actor: Actor, filter: { entryId?: string; box?: 'raised' | 'received' }): Promise<Objection[]> {
    const platform = hasPlatformScope(actor, 'catalog:entry:read-unpublished');
    if (!platform && !actor.organisationId) return [];
    const org = actor.organisationId ?? undefined;
    const rows = await this.repo.listObjections(this.deps.db, {
      entryId: filter.entryId,
      raisedBy: filter.box === 'raised' ? org : undefined,
      receivedBy: filter.box === 'received' ? org : undefined,
      involving: platform || filter.box ? undefined : org,
    });
    return rows.map((row) => this.toObjection(row));
  }
}
