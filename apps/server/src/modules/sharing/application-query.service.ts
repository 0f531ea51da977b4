import type { Application, ApplicationStep, ApplicationSummary, Page, ShareType } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { StepKind } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { NotAllowedError, NotFoundError } from '../../platform/errors.ts';
import { maskPhone } from '../../platform/masking.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import type { ApplicationSteps } from './application-steps.ts';
import type { ApplicationStore } from './application-store.ts';
import { parseContent } from './application-validation.ts';
import { applicationPermissions, applicationScope, OPERATOR_STEPS, visibilityOf } from './application.policy.ts';
import { DelegationRepository } from './delegation.repository.ts';
import { SharingRepository, type ApplicationRow, type Db } from './sharing.repository.ts';

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/**
 * Reading applications: the detail with deadlines, history and what the actor may do next (the
 * contact phone in full only for the applicant and the decider of the pending step), the lists
 * and review queues, the letter, and which entries departments apply for.
 */
export class ApplicationQueryService {
  private readonly repo = new SharingRepository();
  private readonly delegations = new DelegationRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
    private readonly store: ApplicationStore,
    private readonly steps: ApplicationSteps,
  ) {}

  private get db(): Db {
    return this.deps.db;
  }

  private today(): string {
    return chinaDay(this.deps.clock.now());
  }

  async detail(actor: Actor, id: string): Promise<Application> {
    const app = await this.store.load(this.db, actor, id);
    const seen = visibilityOf(actor, app);
    const [summary] = await this.summaries([app]);
    const steps = (await this.toSteps([id])).get(id) ?? [];
    const version = await this.catalog.reader.findVersion(this.db, app.entry_version_id);
    const items = version ? parseContent(version.content).items : [];
    const system = await this.org.directory.findSystem(this.db, app.system_id);
    const applicantUser = await this.org.directory.findUser(this.db, app.applicant_user_id);
    const letter = app.letter_file_id ? await this.repo.letterMeta(this.db, app.letter_file_id) : undefined;
    const history = await this.repo.eventsOf(this.db, id);
    const pending = steps.find((s) => s.state === 'pending');
    let decide = false;
    if (pending) {
      try {
        await this.steps.stepActor(this.db, actor, app, pending.kind as StepKind);
        decide = true;
      } catch {
        decide = false;
      }
    }
    const last = [...steps].reverse().find((s) => s.state === 'rejected' || s.state === 'approved');
    return {
      ...summary!,
      applicantUserName: applicantUser?.name ?? '',
      contactName: app.contact_name,
      // Personal data: in full only for the applying department and whoever may decide the
      // pending step (they may need to call); masked for everyone else who can see the application.
      contactPhone: seen.applicant || decide ? app.contact_phone : maskPhone(app.contact_phone),
      system: { id: app.system_id, name: system?.name ?? '' },
      // The codes were checked against this very version when the application was saved, so a
      // missing item means the stored data was altered: say so rather than guess a share type.
      items: app.item_codes.map((code) => {
        const item = items.find((i) => i.code.toLowerCase() === code.toLowerCase());
        if (!item) throw new Error(`application ${app.number} names item ${code}, which its entry version ${app.entry_version_id} does not have`);
        return { code, name: item.name, shareType: item.shareType };
      }),
      purpose: app.purpose,
      scenario: app.scenario,
      basis: app.basis,
      securityMeasures: app.security_measures,
      periodStart: app.period_start,
      periodEnd: app.period_end,
      letter: letter ? { id: letter.id, filename: letter.filename, sizeBytes: letter.size_bytes, uploadedAt: letter.uploaded_at.toISOString() } : null,
      rejectionFinal: app.rejection_final,
      decidedAt: iso(app.decided_at),
      grantId: app.grant_id,
      steps,
      history: history.map((h) => ({ occurredAt: h.occurred_at.toISOString(), actorName: h.actor_name, action: h.action, fromState: h.from_state, toState: h.to_state, comment: h.comment })),
      permissions: applicationPermissions(actor, app, seen, { decide, lastDecided: last, disputeCoordination: this.deps.policy.value<boolean>('sharing.dispute_coordination') }),
    };
  }

  /**
   * Lists applications: `mine` (the own department's), or a review queue — `leader`, `operator`,
   * `provider` (including entries delegated to the actor) — or `all` for the operator.
   */
  async list(actor: Actor, query: { box?: 'mine' | 'leader' | 'operator' | 'provider' | 'received' | 'all'; state?: string; page?: number; pageSize?: number }): Promise<Page<ApplicationSummary>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const paging = { limit: pageSize, offset: (page - 1) * pageSize };
    const box = query.box ?? 'mine';
    let filter: Parameters<SharingRepository['listApplications']>[1];
    if (box === 'mine') {
      authorize(actor, 'sharing:application:read', actor.organisationId);
      filter = { applicantDepartmentId: actor.organisationId!, state: query.state, ...paging };
    } else if (box === 'received') {
      authorize(actor, 'sharing:application:read', actor.organisationId);
      filter = { providerDepartmentId: actor.organisationId!, state: query.state, leftDepartment: true, ...paging };
    } else if (box === 'all') {
      if (!hasPlatformScope(actor, 'sharing:application:read')) throw new NotAllowedError('sharing:application:read');
      filter = { state: query.state, leftDepartment: true, ...paging };
    } else {
      let ids: string[];
      if (box === 'leader') {
        authorize(actor, 'sharing:application:leader-approve', actor.organisationId);
        ids = (await this.repo.pendingFor(this.db, ['leader_approval'], actor.organisationId!)).map((r) => r.id);
      } else if (box === 'operator') {
        authorize(actor, 'sharing:application:operator-review');
        ids = (await this.repo.pendingFor(this.db, OPERATOR_STEPS)).map((r) => r.id);
      } else {
        const own = can(actor, 'sharing:application:provider-review', actor.organisationId) ? (await this.repo.pendingFor(this.db, ['provider_review'], actor.organisationId!)).map((r) => r.id) : [];
        const delegated = actor.userId ? (await this.delegations.delegatedEntryIds(this.db, actor.userId)).map((d) => d.entry_id) : [];
        const viaDelegation = delegated.length ? (await this.repo.pendingFor(this.db, ['provider_review'], undefined, delegated)).map((r) => r.id) : [];
        if (own.length === 0 && viaDelegation.length === 0 && !can(actor, 'sharing:application:provider-review', actor.organisationId) && delegated.length === 0) {
          throw new NotAllowedError('sharing:application:provider-review');
        }
        ids = [...new Set([...own, ...viaDelegation])];
      }
      filter = { ids, state: query.state, ...paging };
    }
    const [rows, total] = await this.repo.listApplications(this.db, filter);
    return { items: await this.summaries(rows), total: Number(total.n), page, pageSize };
  }

  /** Which departments have applied for which entries: the high-frequency share library (000 Art. 14). */
  async entryDemand(actor: Actor, limit = 20) {
    if (!hasPlatformScope(actor, 'sharing:application:read')) throw new NotAllowedError('sharing:application:read');
    const rows = await this.repo.entryDemand(this.db, limit);
    return rows.map((r) => ({ entry: { id: r.id, name: r.name, resourceCode: r.resource_code }, provider: { id: r.provider_id, name: r.provider_name }, departments: Number(r.departments), applications: Number(r.applications) }));
  }

  async letter(actor: Actor, id: string): Promise<{ filename: string; contentType: string; data: Buffer }> {
    const app = await this.repo.findVisibleApplication(this.db, id, applicationScope(actor));
    if (!app || !app.letter_file_id) throw new NotFoundError('申请函 letter', id);
    const file = await this.repo.letterContent(this.db, app.letter_file_id);
    return { filename: file.filename, contentType: file.content_type, data: Buffer.from(file.content) };
  }

  private async toSteps(applicationIds: string[]): Promise<Map<string, ApplicationStep[]>> {
    const rows = await this.repo.stepsOf(this.db, applicationIds);
    const today = this.today();
    const map = new Map<string, ApplicationStep[]>();
    for (const row of rows) {
      const remaining = row.state === 'pending' && row.due_on ? await this.deps.calendar.remainingWorkdays(row.due_on) : null;
      const step: ApplicationStep = {
        id: row.id,
        kind: row.kind,
        assigneeDepartment: { id: row.assignee_department_id, name: row.assignee_name },
        state: row.state,
        receivedAt: row.received_at.toISOString(),
        workdays: row.workdays,
        dueOn: row.due_on,
        dueProvisional: row.due_provisional,
        remainingWorkdays: remaining ? remaining.workdays : null,
        overdue: row.state === 'pending' && row.due_on !== null && today > row.due_on,
        decidedAt: iso(row.decided_at),
        decidedByName: row.decided_by_name,
        onBehalfOf: row.on_behalf_of_department_id ? { id: row.on_behalf_of_department_id, name: row.on_behalf_of_name ?? '' } : null,
        comment: row.comment,
        legalBasis: row.legal_basis,
        escalatedAt: iso(row.escalated_at),
      };
      const list = map.get(row.application_id) ?? [];
      list.push(step);
      map.set(row.application_id, list);
    }
    return map;
  }

  private async summaries(rows: ApplicationRow[]): Promise<ApplicationSummary[]> {
    const steps = await this.toSteps(rows.map((r) => r.id));
    const departmentIds = [...new Set(rows.flatMap((r) => [r.applicant_department_id, r.provider_department_id]))];
    const names = new Map((await this.org.directory.findDepartmentsByIds(this.db, departmentIds)).map((d) => [d.id, d.name]));
    const entryIds = [...new Set(rows.map((r) => r.entry_id))];
    const entries = new Map(
      (await this.repo.entrySummaries(this.db, entryIds)).map((e) => [e.id, e]),
    );
    return rows.map((row) => {
      const entry = entries.get(row.entry_id)!;
      return {
        id: row.id,
        number: row.number,
        state: row.state,
        flow: row.flow,
        applicantDepartment: { id: row.applicant_department_id, name: names.get(row.applicant_department_id) ?? '' },
        provider: { id: row.provider_department_id, name: names.get(row.provider_department_id) ?? '' },
        entry: { id: entry.id, name: entry.name, resourceCode: entry.resource_code, shareType: entry.share_type as ShareType },
        shareMode: row.share_mode,
        itemCount: row.item_codes.length,
        submittedAt: iso(row.submitted_at),
        updatedAt: row.updated_at.toISOString(),
        currentStep: (steps.get(row.id) ?? []).find((s) => s.state === 'pending') ?? null,
      };
    });
  }
}
