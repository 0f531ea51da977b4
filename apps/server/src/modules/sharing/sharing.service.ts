import {
  labelOf,
  STEP_KINDS,
  type Application,
  type ApplicationInput,
  type ApplicationStep,
  type ApplicationSummary,
  type CatalogContent,
  type ErrorDetail,
  type Page,
  type Role,
  type ShareType,
  type StepDecision,
} from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import { pdfProblem } from '../../platform/pdf-check.ts';
import { sm3Hex } from '../../platform/crypto.ts';
import type { ApplicationState, StepKind } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, NotAllowedError, NotFoundError, PayloadTooLargeError, ValidationError } from '../../platform/errors.ts';
import { maskPhone } from '../../platform/masking.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { applicationScope, visibilityOf, type Visibility } from './application.policy.ts';
import { DeadlineRepository } from './deadline.repository.ts';
import { DelegationRepository } from './delegation.repository.ts';
import { GrantRepository } from './grant.repository.ts';
import { SharingRepository, type ApplicationRow, type Db, type StepRow, type VisibleApplicationRow } from './sharing.repository.ts';
import { flowFor, nextStep, ruleFor, stateOf, WITHDRAWABLE, workdaysFor } from './sharing.workflow.ts';

const OPERATOR_STEPS: readonly StepKind[] = ['compliance_check', 'preliminary_review', 'coordination'];

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/** The columns an applicant's input sets, on creation and on every edit. */
function inputColumns(input: ApplicationInput) {
  return {
    contact_name: input.contactName,
    contact_phone: input.contactPhone,
    system_id: input.systemId,
    item_codes: input.itemCodes,
    share_mode: input.shareMode,
    purpose: input.purpose,
    scenario: input.scenario,
    basis: input.basis,
    security_measures: input.securityMeasures,
    period_start: input.periodStart,
    period_end: input.periodEnd,
  };
}

function parseContent(value: unknown): CatalogContent {
  return (typeof value === 'string' ? JSON.parse(value) : value) as CatalogContent;
}

interface StepActor {
  onBehalfOfDepartmentId: string | null;
  delegationId: string | null;
}

/**
 * Sharing applications (共享申请, SPEC §3): the applicant's draft and stamped letter, the
 * department leader's approval, the flow chosen by share type and profile, deadlines in working
 * days, disputes and coordination, and the grant that a final approval produces.
 */
export class SharingService {
  readonly repo = new SharingRepository();
  private readonly grantRepo = new GrantRepository();
  private readonly delegationRepo = new DelegationRepository();
  private readonly deadlineRepo = new DeadlineRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
    private readonly notifications: NotificationService,
  ) {}

  private get db(): Db {
    return this.deps.db;
  }

  private today(): string {
    return chinaDay(this.deps.clock.now());
  }

  // ── validation ─────────────────────────────────────────────────────────────────────────────
  /** Checks an application against the catalog, the applicant's systems and the calendar; every problem at once. */
  private async validate(db: Db, actor: Actor, input: ApplicationInput) {
    const errors: ErrorDetail[] = [];
    const fail = (field: string, message: string) => errors.push({ field, message: `${field}: ${message}` });
    const entry = await this.catalog.repo.findEntry(db, input.entryId);
    if (!entry || entry.status !== 'published' || !entry.published_version_id) {
      throw ValidationError.field('entryId', 'entryId: 只能申请已发布的目录资源 (only published entries can be applied for)', 'ENTRY_NOT_AVAILABLE');
    }
    if (entry.provider_department_id === actor.organisationId) {
      throw ValidationError.field('entryId', 'entryId: 不能申请本部门自己的资源 (this is your own resource)', 'OWN_RESOURCE');
    }
    if (entry.dedicated && entry.dedicated_department_ids.includes(actor.organisationId!) && this.deps.policy.value<boolean>('sharing.dedicated_direct_access')) {
      throw new ConflictError(
        `「${entry.name}」是标注"专用"的资源,本部门在专用名单中,无需申请即可直接使用 (a 专用 entry you may use directly; ${this.deps.policy.citation('sharing.dedicated_direct_access')})`,
        'DIRECT_ACCESS',
      );
    }
    const version = (await this.catalog.repo.findVersion(db, entry.published_version_id))!;
    const content = parseContent(version.content);
    const flow = flowFor(content.shareType, this.deps.policy);
    const items = new Map(content.items.map((item) => [item.code.toLowerCase(), item]));
    input.itemCodes.forEach((code, index) => {
      const item = items.get(code.toLowerCase());
      if (!item) fail(`itemCodes[${index}]`, `信息项 ${code} 不属于该资源 (no such item)`);
      else if (item.shareType === 'none' && flow !== 'coordination') fail(`itemCodes[${index}]`, `信息项「${item.name}」不予共享,只能通过协调申请 (not shared; only through coordination)`);
    });
    if (flow !== 'coordination' && !content.shareModes.includes(input.shareMode)) {
      fail('shareMode', `该资源提供的共享方式为 ${content.shareModes.join('、')} (the resource is shared by ${content.shareModes.join(', ')})`);
    }
    const system = await this.org.repo.findSystem(db, input.systemId);
    if (!system || system.department_id !== actor.organisationId) fail('systemId', '须选择本部门登记的应用系统 (choose one of your own application systems)');
    else if (!system.active) fail('systemId', '该应用系统已停用 (the system is disabled)');
    if (input.periodStart < this.today()) fail('periodStart', '使用期限不能早于今天 (cannot start in the past)');
    if (input.periodEnd < input.periodStart) fail('periodEnd', '结束日期不能早于开始日期 (ends before it starts)');
    if (errors.length > 0) throw new ValidationError(`共享申请有 ${errors.length} 处问题: ${errors.map((e) => e.message).join('; ')}`, errors);
    return { entry, version, content, flow };
  }

  // ── the applicant ──────────────────────────────────────────────────────────────────────────
  async create(actor: Actor, input: ApplicationInput): Promise<Application> {
    authorize(actor, 'sharing:application:create', actor.organisationId);
    const id = await this.db.transaction().execute(async (trx) => {
      const { entry, version, flow } = await this.validate(trx, actor, input);
      const now = this.deps.clock.now();
      const row = await this.repo.insertApplication(trx, {
        number: await this.repo.nextNumber(trx, chinaDay(now)),
        applicant_department_id: actor.organisationId!,
        applicant_user_id: actor.userId!,
        ...inputColumns(input),
        entry_id: entry.id,
        entry_version_id: version.id,
        provider_department_id: entry.provider_department_id,
        flow,
        state: 'draft',
        created_at: now,
        updated_at: now,
      });
      await this.event(trx, actor, row.id, 'create', null, 'draft', null);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:create', targetType: 'share_application', targetId: row.id, details: { number: row.number, entryId: entry.id, flow, items: input.itemCodes, shareMode: input.shareMode } });
      return row.id;
    });
    return this.detail(actor, id);
  }

  /** The application locked for a change, if the actor sees it (else 404); 403 unless it is the actor's own department's. */
  private async loadOwn(trx: Db, actor: Actor, id: string): Promise<VisibleApplicationRow> {
    const app = await this.load(trx, actor, id, true);
    authorize(actor, 'sharing:application:create', app.applicant_department_id);
    return app;
  }

  private editable(app: ApplicationRow): boolean {
    return app.state === 'draft' || (app.state === 'rejected' && !app.rejection_final);
  }

  async update(actor: Actor, id: string, input: ApplicationInput): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!this.editable(app)) throw new InvalidTransitionError(app.state, 'edit', '申请已提交,不能修改;如需修改请先撤回 (submitted; withdraw first)');
      if (input.entryId !== app.entry_id) throw ValidationError.field('entryId', 'entryId: 不能更换申请的资源,请新建申请 (start a new application for another entry)');
      const { version, flow } = await this.validate(trx, actor, input);
      await this.transition(trx, app, {
        entry_version_id: version.id,
        ...inputColumns(input),
        flow,
        state: 'draft',
        updated_at: this.deps.clock.now(),
      });
      await this.event(trx, actor, id, 'edit', app.state, 'draft', null);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:edit', targetType: 'share_application', targetId: id, details: { items: input.itemCodes, shareMode: input.shareMode } });
    });
    return this.detail(actor, id);
  }

  /**
   * Whether the actor may upload a letter to this application now: checked before the upload is
   * read, so an outsider's or a late upload costs nothing. uploadLetter checks again under lock.
   */
  async checkLetterUpload(actor: Actor, id: string): Promise<void> {
    const app = await this.load(this.db, actor, id);
    authorize(actor, 'sharing:application:create', app.applicant_department_id);
    if (!this.editable(app)) throw new InvalidTransitionError(app.state, 'upload-letter');
  }

  /** The stamped application letter (rule sharing.stamped_letter_required): a PDF, recognised by its content, size limited. */
  async uploadLetter(actor: Actor, id: string, file: { filename: string; data: Buffer }): Promise<Application> {
    const limit = this.deps.config.letterLimitBytes;
    if (file.data.length > limit) {
      throw new PayloadTooLargeError(`申请函不能超过 ${(limit / 1048576).toFixed(0)} MB,上传的文件为 ${(file.data.length / 1048576).toFixed(1)} MB (the letter is larger than the limit)`);
    }
    const problem = pdfProblem(file.data);
    if (problem) {
      throw ValidationError.field('letter', `letter: 申请函须为加盖公章的 PDF 文件,上传的文件不是有效的 PDF 或含有脚本等活动内容 (the letter must be a plain PDF: ${problem})`, 'LETTER_NOT_PDF');
    }
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!this.editable(app)) throw new InvalidTransitionError(app.state, 'upload-letter');
      const now = this.deps.clock.now();
      const stored = await this.repo.insertLetter(trx, {
          owner_department_id: app.applicant_department_id,
          purpose: 'application_letter',
          filename: file.filename.slice(0, 200),
          content_type: 'application/pdf',
          size_bytes: file.data.length,
          sm3: sm3Hex(file.data),
          content: file.data,
          uploaded_by: actor.userId,
          uploaded_at: now,
        });
      await this.transition(trx, app, { letter_file_id: stored.id, updated_at: now });
      await this.event(trx, actor, id, 'upload-letter', app.state, app.state, file.filename.slice(0, 200));
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:upload-letter', targetType: 'share_application', targetId: id, details: { fileId: stored.id, sizeBytes: file.data.length, sm3: stored.sm3 } });
    });
    return this.detail(actor, id);
  }

  async letter(actor: Actor, id: string): Promise<{ filename: string; contentType: string; data: Buffer }> {
    const app = await this.repo.findVisibleApplication(this.db, id, applicationScope(actor));
    if (!app || !app.letter_file_id) throw new NotFoundError('申请函 letter', id);
    const file = await this.repo.letterContent(this.db, app.letter_file_id);
    return { filename: file.filename, contentType: file.content_type, data: Buffer.from(file.content) };
  }

  /** Sends the application to the department leader; also resubmits after a refusal. */
  async submit(actor: Actor, id: string): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!this.editable(app)) throw new InvalidTransitionError(app.state, 'submit');
      if (this.deps.policy.value<boolean>('sharing.stamped_letter_required') && !app.letter_file_id) {
        const basis = this.deps.policy.citation('sharing.stamped_letter_required');
        throw ValidationError.field('letter', `letter: 请先上传加盖公章的申请函 (upload the stamped application letter first; ${basis})`, 'LETTER_REQUIRED');
      }
      // The catalog may have changed since the draft was saved.
      await this.validate(trx, actor, this.inputOf(app));
      const now = this.deps.clock.now();
      await this.openStep(trx, app, 'leader_approval', now);
      await this.transition(trx, app, { state: 'leader_review', submitted_at: now, decided_at: null, updated_at: now });
      const resubmission = app.submitted_at !== null;
      await this.event(trx, actor, id, resubmission ? 'resubmit' : 'submit', app.state, 'leader_review', null);
      await this.deps.audit.record(trx, actor, { operation: resubmission ? 'sharing:application:resubmit' : 'sharing:application:submit', targetType: 'share_application', targetId: id, details: { number: app.number } });
      await this.notifications.emit(trx, [app.applicant_department_id], 'application.submitted', { applicationId: id, number: app.number });
    });
    return this.detail(actor, id);
  }

  async withdraw(actor: Actor, id: string, reason?: string): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!WITHDRAWABLE.includes(app.state)) throw new InvalidTransitionError(app.state, 'withdraw');
      const now = this.deps.clock.now();
      const pending = await this.repo.pendingStep(trx, id);
      if (pending) await this.repo.closePendingStep(trx, pending.id, { state: 'cancelled', decided_at: now });
      await this.transition(trx, app, { state: 'withdrawn', decided_at: now, updated_at: now });
      await this.event(trx, actor, id, 'withdraw', app.state, 'withdrawn', reason ?? null);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:withdraw', targetType: 'share_application', targetId: id, details: { from: app.state, reason: reason ?? null } });
      if (pending && pending.kind !== 'leader_approval') {
        await this.notifyAssignees(trx, app, pending.kind, { kind: 'application.withdrawn', title: `共享申请 ${app.number} 已撤回`, body: `申请部门已撤回共享申请 ${app.number}。`, link: `/sharing/applications/${id}` });
      }
    });
    return this.detail(actor, id);
  }

  /** A refused applicant asks the operator to coordinate (001 Art. 40; 003 Art. 18; 004 Art. 14(3)). */
  async dispute(actor: Actor, id: string, reason: string): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.load(trx, actor, id, true);
      authorize(actor, 'sharing:application:dispute', app.applicant_department_id);
      if (!this.deps.policy.value<boolean>('sharing.dispute_coordination')) throw new InvalidTransitionError(app.state, 'dispute', '本地规定未设协调程序 (the profile has no coordination)');
      const last = await this.repo.lastDecidedStep(trx, id);
      if (app.state !== 'rejected' || app.rejection_final || !last || last.state !== 'rejected' || last.kind === 'leader_approval') {
        throw new InvalidTransitionError(app.state, 'dispute', '只能对平台或提供部门的不予共享决定提出异议 (only a refusal by the operator or the provider can be disputed)');
      }
      const now = this.deps.clock.now();
      await this.openStep(trx, app, 'coordination', now);
      await this.transition(trx, app, { state: 'coordination', decided_at: null, updated_at: now });
      await this.event(trx, actor, id, 'dispute', 'rejected', 'coordination', reason);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:dispute', targetType: 'share_application', targetId: id, details: { reason, disputedStep: last.kind, basis: this.deps.policy.citation('sharing.dispute_coordination') } });
    });
    return this.detail(actor, id);
  }

  private inputOf(app: ApplicationRow): ApplicationInput {
    return {
      entryId: app.entry_id,
      itemCodes: app.item_codes,
      shareMode: app.share_mode,
      systemId: app.system_id,
      contactName: app.contact_name,
      contactPhone: app.contact_phone,
      purpose: app.purpose,
      scenario: app.scenario,
      basis: app.basis,
      securityMeasures: app.security_measures,
      periodStart: app.period_start < this.today() ? this.today() : app.period_start,
      periodEnd: app.period_end,
    };
  }

  // ── steps and decisions ────────────────────────────────────────────────────────────────────
  private async assigneeOf(trx: Db, app: ApplicationRow, kind: StepKind): Promise<string> {
    if (kind === 'leader_approval') return app.applicant_department_id;
    if (kind === 'provider_review') return app.provider_department_id;
    const operator = await this.org.repo.findOperator(trx);
    if (!operator) throw new ConflictError('平台管理单位未设置 (no operator department)', 'NO_OPERATOR');
    return operator.id;
  }

  /** Opens a step, with its deadline counted in working days from the day it is received. */
  private async openStep(trx: Db, app: ApplicationRow, kind: StepKind, receivedAt: Date): Promise<StepRow> {
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
    const kindName = labelOf(STEP_KINDS, kind);
    await this.notifyAssignees(trx, app, kind, {
      kind: 'application.step_assigned',
      title: `待处理: ${kindName} ${app.number}`,
      body: `共享申请 ${app.number} 待${kindName}${due ? `,请于 ${due.date}${due.provisional ? '(暂按周一至周五计算)' : ''} 前处理(${workdays} 个工作日)` : ''}。`,
      link: `/sharing/applications/${app.id}`,
    });
    await this.notifications.emit(trx, [step.assignee_department_id], 'application.step_assigned', { applicationId: app.id, number: app.number, step: kind, dueOn: due?.date ?? null, dueProvisional: due?.provisional ?? false });
    return step;
  }

  /** Who acts on a step of this kind: leaders, the operator's reviewers, or the provider's reviewers and delegates. */
  async assigneeUsers(trx: Db, app: Pick<ApplicationRow, 'applicant_department_id' | 'provider_department_id' | 'entry_id'>, kind: StepKind): Promise<string[]> {
    if (kind === 'leader_approval') return this.notifications.usersWithRoles(trx, app.applicant_department_id, ['dept_leader']);
    if (kind === 'provider_review') {
      const reviewers = await this.notifications.usersWithRoles(trx, app.provider_department_id, ['provider_reviewer']);
      const delegates = (await this.delegationRepo.delegatesOf(trx, app.entry_id)).map((d) => d.delegate_user_id);
      return [...reviewers, ...delegates];
    }
    const operator = await this.org.repo.findOperator(trx);
    return operator ? this.notifications.usersWithRoles(trx, operator.id, ['platform_reviewer']) : [];
  }

  private async notifyAssignees(trx: Db, app: ApplicationRow, kind: StepKind, message: { kind: string; title: string; body: string; link: string }): Promise<void> {
    await this.notifications.notifyUsers(trx, await this.assigneeUsers(trx, app, kind), message);
  }

  private async notifyApplicant(trx: Db, app: ApplicationRow, message: { kind: string; title: string; body: string; link: string }): Promise<void> {
    const officers = await this.notifications.usersWithRoles(trx, app.applicant_department_id, ['data_officer']);
    await this.notifications.notifyUsers(trx, [app.applicant_user_id, ...officers], message);
  }

  /** Whether the actor may decide a step of this kind, and on whose behalf. */
  private async stepActor(trx: Db, actor: Actor, app: ApplicationRow, kind: StepKind): Promise<StepActor> {
    if (kind === 'leader_approval') {
      authorize(actor, 'sharing:application:leader-approve', app.applicant_department_id);
      return { onBehalfOfDepartmentId: null, delegationId: null };
    }
    if (OPERATOR_STEPS.includes(kind)) {
      authorize(actor, 'sharing:application:operator-review');
      return { onBehalfOfDepartmentId: null, delegationId: null };
    }
    if (can(actor, 'sharing:application:provider-review', app.provider_department_id)) return { onBehalfOfDepartmentId: null, delegationId: null };
    const delegation = actor.userId && this.deps.policy.value<boolean>('sharing.delegated_review') ? await this.delegationRepo.activeDelegation(trx, app.entry_id, actor.userId) : undefined;
    if (delegation) return { onBehalfOfDepartmentId: app.provider_department_id, delegationId: delegation.id };
    throw new NotAllowedError('sharing:application:provider-review');
  }

  /**
   * Decides the pending step of the given kind. A decision on a step that is not the pending one
   * (out of order, withdrawn, already decided) is a conflict; on a step the actor may not decide,
   * a refusal.
   */
  async decide(actor: Actor, id: string, kind: StepKind, input: StepDecision): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.load(trx, actor, id, true);
      const step = await this.repo.pendingStep(trx, id);
      if (!step || step.kind !== kind) {
        throw new InvalidTransitionError(app.state, `${kind}:${input.decision}`, `申请当前处于「${app.state}」,没有待${labelOf(STEP_KINDS, kind)}的环节 (no pending ${kind} step)`);
      }
      const who = await this.stepActor(trx, actor, app, kind);
      const comment = input.comment?.trim() || null;
      const legalBasis = input.legalBasis?.trim() || null;
      if (input.decision === 'reject') {
        if (!comment || comment.length < 2) throw ValidationError.field('comment', 'comment: 不同意须说明理由 (a refusal needs its reasons)', 'REASON_REQUIRED');
        const refusesSharing = kind === 'provider_review' || kind === 'coordination';
        if (refusesSharing && this.deps.policy.value<boolean>('sharing.rejection_requires_legal_basis') && (!legalBasis || legalBasis.length < 2)) {
          throw ValidationError.field(
            'legalBasis',
            `legalBasis: 不予共享须说明法律政策依据 (a refusal must cite its legal or policy basis; ${this.deps.policy.citation('sharing.rejection_requires_legal_basis')})`,
            'LEGAL_BASIS_REQUIRED',
          );
        }
      }
      const now = this.deps.clock.now();
      const closed = await this.repo.closePendingStep(trx, step.id, {
        state: input.decision === 'approve' ? 'approved' : 'rejected',
        decided_at: now,
        decided_by: actor.userId,
        comment,
        legal_basis: legalBasis,
        on_behalf_of_department_id: who.onBehalfOfDepartmentId,
        delegation_id: who.delegationId,
      });
      if (!closed) throw new InvalidTransitionError(app.state, `${kind}:${input.decision}`);
      await this.deadlineRepo.resolveSupervision(trx, 'application_step_overdue', step.id, now);
      await this.deps.audit.record(trx, actor, {
        operation: input.decision === 'approve' ? 'sharing:application:approve-step' : 'sharing:application:reject-step',
        targetType: 'share_application',
        targetId: id,
        details: { step: kind, comment, legalBasis, onBehalfOf: who.onBehalfOfDepartmentId, delegationId: who.delegationId, dueOn: step.due_on, late: step.due_on ? chinaDay(now) > step.due_on : false },
      });

      if (input.decision === 'reject') {
        const final = kind === 'coordination';
        await this.transition(trx, app, { state: 'rejected', rejection_final: final, decided_at: now, updated_at: now });
        await this.event(trx, actor, id, `reject:${kind}`, app.state, 'rejected', [comment, legalBasis && `依据: ${legalBasis}`].filter(Boolean).join(' '));
        await this.notifyApplicant(trx, app, { kind: 'application.decided', title: `共享申请 ${app.number} 未获同意`, body: `${labelOf(STEP_KINDS, kind)}未同意: ${comment}${legalBasis ? `(依据: ${legalBasis})` : ''}`, link: `/sharing/applications/${id}` });
        await this.notifications.emit(trx, [app.applicant_department_id], 'application.decided', { applicationId: id, number: app.number, decision: 'rejected', step: kind, final });
        return;
      }

      const next = nextStep(app.flow, kind, this.deps.policy);
      if (next) {
        await this.openStep(trx, app, next, now);
        await this.transition(trx, app, { state: stateOf(next), updated_at: now });
        await this.event(trx, actor, id, `approve:${kind}`, app.state, stateOf(next), comment);
      } else {
        await this.event(trx, actor, id, `approve:${kind}`, app.state, 'approved', comment);
        await this.approve(trx, actor, app, now);
      }
    });
    return this.detail(actor, id);
  }

  /** The final approval: the application becomes a grant (SPEC §3 grants). */
  private async approve(trx: Db, actor: Actor, app: ApplicationRow, now: Date): Promise<void> {
    const version = await this.catalog.repo.findVersion(trx, app.entry_version_id);
    const conditions = version ? (parseContent(version.content).shareConditions ?? null) : null;
    const grant = await this.grantRepo.insertGrant(trx, {
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
    await this.transition(trx, app, { state: 'approved', decided_at: now, grant_id: grant.id, updated_at: now });
    await this.deps.audit.record(trx, actor, {
      operation: 'sharing:grant:create',
      targetType: 'share_grant',
      targetId: grant.id,
      details: { applicationId: app.id, number: app.number, entryId: app.entry_id, consumer: app.applicant_department_id, systemId: app.system_id, items: app.item_codes, shareMode: app.share_mode, startsOn: app.period_start, endsOn: app.period_end },
    });
    await this.notifyApplicant(trx, app, { kind: 'grant.created', title: `共享申请 ${app.number} 已同意`, body: `已授权使用,期限 ${app.period_start} 至 ${app.period_end}。`, link: `/sharing/grants/${grant.id}` });
    await this.notifications.notifyRoles(trx, app.provider_department_id, ['provider_reviewer', 'data_officer'], { kind: 'grant.created', title: `新增共享授权 ${app.number}`, body: `共享申请 ${app.number} 已形成授权。`, link: `/sharing/grants/${grant.id}` });
    await this.notifications.emit(trx, [app.applicant_department_id, app.provider_department_id], 'grant.created', { grantId: grant.id, applicationId: app.id, entryId: app.entry_id, consumerDepartmentId: app.applicant_department_id });
  }

  /** Applications that reached a refusal by leader approval end at the leader; direct ones grant at once. */
  private async event(trx: Db, actor: Actor, applicationId: string, action: string, from: ApplicationState | null, to: ApplicationState | null, comment: string | null): Promise<void> {
    await this.repo.insertEvent(trx, { application_id: applicationId, occurred_at: this.deps.clock.now(), actor_user_id: actor.userId, actor_name: actor.name, action, from_state: from, to_state: to, comment });
  }

  // ── reading ────────────────────────────────────────────────────────────────────────────────
  /** The application if the actor may see it; otherwise 404, the same as a missing one. */
  private async load(db: Db, actor: Actor, id: string, lock = false): Promise<VisibleApplicationRow> {
    const app = await this.repo.findVisibleApplication(db, id, applicationScope(actor), lock);
    if (!app) throw new NotFoundError('共享申请 application', id);
    return app;
  }

  /**
   * Moves the application on from the state it was loaded in. The row is locked, so losing is
   * not expected; the guard makes sure a lost race writes nothing all the same.
   */
  private async transition(trx: Db, app: ApplicationRow, values: Parameters<SharingRepository['transitionApplication']>[3]): Promise<void> {
    if (!(await this.repo.transitionApplication(trx, app.id, app.state, values))) throw new ConflictError(`共享申请 ${app.number} 已被他人处理,请刷新 (changed meanwhile; reload)`, 'CONCURRENT_CHANGE');
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
    const names = new Map((await this.org.repo.findDepartmentsByIds(this.db, departmentIds)).map((d) => [d.id, d.name]));
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

  async detail(actor: Actor, id: string): Promise<Application> {
    const app = await this.load(this.db, actor, id);
    const seen: Visibility = visibilityOf(actor, app);
    const [summary] = await this.summaries([app]);
    const steps = (await this.toSteps([id])).get(id) ?? [];
    const version = await this.catalog.repo.findVersion(this.db, app.entry_version_id);
    const items = version ? parseContent(version.content).items : [];
    const system = await this.org.repo.findSystem(this.db, app.system_id);
    const applicantUser = await this.org.repo.findUser(this.db, app.applicant_user_id);
    const letter = app.letter_file_id ? await this.repo.letterMeta(this.db, app.letter_file_id) : undefined;
    const history = await this.repo.eventsOf(this.db, id);
    const pending = steps.find((s) => s.state === 'pending');
    let decide = false;
    if (pending) {
      try {
        await this.stepActor(this.db, actor, app, pending.kind as StepKind);
        decide = true;
      } catch {
        decide = false;
      }
    }
    const last = [...steps].reverse().find((s) => s.state === 'rejected' || s.state === 'approved');
    const own = seen.applicant && can(actor, 'sharing:application:create', app.applicant_department_id);
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
      permissions: {
        edit: own && this.editable(app),
        submit: own && this.editable(app),
        withdraw: own && WITHDRAWABLE.includes(app.state),
        decide,
        dispute:
          seen.applicant &&
          can(actor, 'sharing:application:dispute', app.applicant_department_id) &&
          app.state === 'rejected' &&
          !app.rejection_final &&
          last?.state === 'rejected' &&
          last.kind !== 'leader_approval' &&
          this.deps.policy.value<boolean>('sharing.dispute_coordination'),
      },
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
        const delegated = actor.userId ? (await this.delegationRepo.delegatedEntryIds(this.db, actor.userId)).map((d) => d.entry_id) : [];
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

  /** Roles to notify about a step of this kind (used by the deadline job). */
  static assigneeRoles(kind: StepKind): Role[] {
    if (kind === 'leader_approval') return ['dept_leader'];
    if (kind === 'provider_review') return ['provider_reviewer'];
    return ['platform_reviewer'];
  }

  static ruleOf(kind: StepKind) {
    return ruleFor(kind);
  }
}
