import type { ApplicationInput, CatalogContent, ErrorDetail } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { OrgService } from '../org/index.ts';
import type { ApplicationRow, Db } from './sharing.repository.ts';
import { flowFor } from './sharing.workflow.ts';

/** The columns an applicant's input sets, on creation and on every edit. */
export function inputColumns(input: ApplicationInput) {
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


export function parseContent(value: unknown): CatalogContent {
  return (typeof value === 'string' ? JSON.parse(value) : value) as CatalogContent;
}

/** What an application's input must satisfy: the catalog, the applicant's systems, the calendar. */
export class ApplicationValidator {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
  ) {}

  private today(): string {
    return chinaDay(this.deps.clock.now());
  }

  /** Checks an application against the catalog, the applicant's systems and the calendar; every problem at once. */
  async validate(db: Db, actor: Actor, input: ApplicationInput) {
    const errors: ErrorDetail[] = [];
    const fail = (field: string, message: string) => errors.push({ field, message: `${field}: ${message}` });
    const entry = await this.catalog.reader.findEntry(db, input.entryId);
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
    const version = (await this.catalog.reader.findVersion(db, entry.published_version_id))!;
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
    const system = await this.org.directory.findSystem(db, input.systemId);
    if (!system || system.department_id !== actor.organisationId) fail('systemId', '须选择本部门登记的应用系统 (choose one of your own application systems)');
    else if (!system.active) fail('systemId', '该应用系统已停用 (the system is disabled)');
    if (input.periodStart < this.today()) fail('periodStart', '使用期限不能早于今天 (cannot start in the past)');
    if (input.periodEnd < input.periodStart) fail('periodEnd', '结束日期不能早于开始日期 (ends before it starts)');
    if (errors.length > 0) throw new ValidationError(`共享申请有 ${errors.length} 处问题: ${errors.map((e) => e.message).join('; ')}`, errors);
    return { entry, version, content, flow };
  }

  /** The input a stored application was made from, its start moved to today if that has passed (for re-checking on submit). */
  inputOf(app: ApplicationRow): ApplicationInput {
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
}
