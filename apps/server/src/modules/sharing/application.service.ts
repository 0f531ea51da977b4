import type { Application, ApplicationInput } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import { sm3Hex } from '../../platform/crypto.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { InvalidTransitionError, PayloadTooLargeError, ValidationError } from '../../platform/errors.ts';
import { pdfProblem } from '../../platform/pdf-check.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import type { ApplicationQueryService } from './application-query.service.ts';
import type { ApplicationSteps } from './application-steps.ts';
import type { ApplicationStore } from './application-store.ts';
import { inputColumns, type ApplicationValidator } from './application-validation.ts';
import { disputable, isEditable, isWithdrawable } from './application.policy.ts';
import type { Db, VisibleApplicationRow } from './sharing.repository.ts';

/**
 * The applicant's side of an application (共享申请, SPEC §3): drafting and editing it, the stamped
 * letter, submitting it to the department leader, withdrawing it, and disputing a refusal.
 */
export class ApplicationService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly notifications: NotificationService,
    private readonly store: ApplicationStore,
    private readonly steps: ApplicationSteps,
    private readonly validator: ApplicationValidator,
    private readonly query: ApplicationQueryService,
  ) {}

  private get db(): Db {
    return this.deps.db;
  }

  async create(actor: Actor, input: ApplicationInput): Promise<Application> {
    authorize(actor, 'sharing:application:create', actor.organisationId);
    const id = await this.db.transaction().execute(async (trx) => {
      const { entry, version, flow } = await this.validator.validate(trx, actor, input);
      const now = this.deps.clock.now();
      const row = await this.store.repo.insertApplication(trx, {
        number: await this.store.repo.nextNumber(trx, chinaDay(now)),
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
      await this.store.event(trx, actor, row.id, 'create', null, 'draft', null);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:create', targetType: 'share_application', targetId: row.id, details: { number: row.number, entryId: entry.id, flow, items: input.itemCodes, shareMode: input.shareMode } });
      return row.id;
    });
    return this.query.detail(actor, id);
  }

  /** The application locked for a change, if the actor sees it (else 404); 403 unless it is the actor's own department's. */
  private async loadOwn(trx: Db, actor: Actor, id: string): Promise<VisibleApplicationRow> {
    const app = await this.store.load(trx, actor, id, true);
    authorize(actor, 'sharing:application:create', app.applicant_department_id);
    return app;
  }

  async update(actor: Actor, id: string, input: ApplicationInput): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!isEditable(app)) throw new InvalidTransitionError(app.state, 'edit', '申请已提交,不能修改;如需修改请先撤回 (submitted; withdraw first)');
      if (input.entryId !== app.entry_id) throw ValidationError.field('entryId', 'entryId: 不能更换申请的资源,请新建申请 (start a new application for another entry)');
      const { version, flow } = await this.validator.validate(trx, actor, input);
      await this.store.transition(trx, app, {
        entry_version_id: version.id,
        ...inputColumns(input),
        flow,
        state: 'draft',
        updated_at: this.deps.clock.now(),
      });
      await this.store.event(trx, actor, id, 'edit', app.state, 'draft', null);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:edit', targetType: 'share_application', targetId: id, details: { items: input.itemCodes, shareMode: input.shareMode } });
    });
    return this.query.detail(actor, id);
  }

  /**
   * Whether the actor may upload a letter to this application now: checked before the upload is
   * read, so an outsider's or a late upload costs nothing. uploadLetter checks again under lock.
   */
  async checkLetterUpload(actor: Actor, id: string): Promise<void> {
    const app = await this.store.load(this.db, actor, id);
    authorize(actor, 'sharing:application:create', app.applicant_department_id);
    if (!isEditable(app)) throw new InvalidTransitionError(app.state, 'upload-letter');
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
      if (!isEditable(app)) throw new InvalidTransitionError(app.state, 'upload-letter');
      const now = this.deps.clock.now();
      const stored = await this.store.repo.insertLetter(trx, {
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
      await this.store.transition(trx, app, { letter_file_id: stored.id, updated_at: now });
      await this.store.event(trx, actor, id, 'upload-letter', app.state, app.state, file.filename.slice(0, 200));
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:upload-letter', targetType: 'share_application', targetId: id, details: { fileId: stored.id, sizeBytes: file.data.length, sm3: stored.sm3 } });
    });
    return this.query.detail(actor, id);
  }

  /** Sends the application to the department leader; also resubmits after a refusal. */
  async submit(actor: Actor, id: string): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!isEditable(app)) throw new InvalidTransitionError(app.state, 'submit');
      if (this.deps.policy.value<boolean>('sharing.stamped_letter_required') && !app.letter_file_id) {
        const basis = this.deps.policy.citation('sharing.stamped_letter_required');
        throw ValidationError.field('letter', `letter: 请先上传加盖公章的申请函 (upload the stamped application letter first; ${basis})`, 'LETTER_REQUIRED');
      }
      // The catalog may have changed since the draft was saved.
      await this.validator.validate(trx, actor, this.validator.inputOf(app));
      const now = this.deps.clock.now();
      await this.steps.openStep(trx, app, 'leader_approval', now);
      await this.store.transition(trx, app, { state: 'leader_review', submitted_at: now, decided_at: null, updated_at: now });
      const resubmission = app.submitted_at !== null;
      await this.store.event(trx, actor, id, resubmission ? 'resubmit' : 'submit', app.state, 'leader_review', null);
      await this.deps.audit.record(trx, actor, { operation: resubmission ? 'sharing:application:resubmit' : 'sharing:application:submit', targetType: 'share_application', targetId: id, details: { number: app.number } });
      await this.notifications.emit(trx, [app.applicant_department_id], 'application.submitted', { applicationId: id, number: app.number });
    });
    return this.query.detail(actor, id);
  }

  async withdraw(actor: Actor, id: string, reason?: string): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.loadOwn(trx, actor, id);
      if (!isWithdrawable(app.state)) throw new InvalidTransitionError(app.state, 'withdraw');
      const now = this.deps.clock.now();
      const pending = await this.store.repo.pendingStep(trx, id);
      if (pending) await this.store.repo.closePendingStep(trx, pending.id, { state: 'cancelled', decided_at: now });
      await this.store.transition(trx, app, { state: 'withdrawn', decided_at: now, updated_at: now });
      await this.store.event(trx, actor, id, 'withdraw', app.state, 'withdrawn', reason ?? null);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:withdraw', targetType: 'share_application', targetId: id, details: { from: app.state, reason: reason ?? null } });
      if (pending && pending.kind !== 'leader_approval') {
        await this.steps.notifyAssignees(trx, app, pending.kind, notificationMessages.applicationWithdrawn({ applicationId: id, number: app.number }));
      }
    });
    return this.query.detail(actor, id);
  }

  /** A refused applicant asks the operator to coordinate (001 Art. 40; 003 Art. 18; 004 Art. 14(3)). */
  async dispute(actor: Actor, id: string, reason: string): Promise<Application> {
    await this.db.transaction().execute(async (trx) => {
      const app = await this.store.load(trx, actor, id, true);
      authorize(actor, 'sharing:application:dispute', app.applicant_department_id);
      if (!this.deps.policy.value<boolean>('sharing.dispute_coordination')) throw new InvalidTransitionError(app.state, 'dispute', '本地规定未设协调程序 (the profile has no coordination)');
      const last = await this.store.repo.lastDecidedStep(trx, id);
      if (!last || !disputable(app, last)) {
        throw new InvalidTransitionError(app.state, 'dispute', '只能对平台或提供部门的不予共享决定提出异议 (only a refusal by the operator or the provider can be disputed)');
      }
      const now = this.deps.clock.now();
      await this.steps.openStep(trx, app, 'coordination', now);
      await this.store.transition(trx, app, { state: 'coordination', decided_at: null, updated_at: now });
      await this.store.event(trx, actor, id, 'dispute', 'rejected', 'coordination', reason);
      await this.deps.audit.record(trx, actor, { operation: 'sharing:application:dispute', targetType: 'share_application', targetId: id, details: { reason, disputedStep: last.kind, basis: this.deps.policy.citation('sharing.dispute_coordination') } });
    });
    return this.query.detail(actor, id);
  }
}
