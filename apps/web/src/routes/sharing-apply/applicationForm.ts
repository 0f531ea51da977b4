import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { SHARE_MODES, type Application, type ApplicationInput, type CatalogContent, type CatalogItem, type ErrorDetail, type ShareMode, type ShareType } from '@huitong/contracts';
import { beijingToday } from '../../components/format.ts';
import { detailText, localiseMessage, planFieldErrors, stripFieldPrefix, type FieldErrorPlan } from '../../api/errors.ts';

/**
 * Pure helpers behind the 共享申请 form: which items may be picked, which share modes offered,
 * the form ↔ API conversion, and where the server's errors go. The server checks everything
 * again (application-validation.ts#validate); these only keep the form from offering what it refuses.
 */

export interface ApplicationFormValues {
  itemCodes: string[];
  shareMode: ShareMode;
  systemId?: string;
  contactName: string;
  contactPhone: string;
  purpose: string;
  scenario: string;
  basis: string;
  securityMeasures: string;
  period?: [Dayjs, Dayjs];
}

export interface ItemChoice {
  item: CatalogItem;
  /** Whether the item may be requested: not-shared items only through a not-shared entry (coordination). */
  selectable: boolean;
}

/** Items of the entry with whether each may be picked. */
export function itemChoices(content: Pick<CatalogContent, 'items' | 'shareType'>): ItemChoice[] {
  return content.items.map((item) => ({ item, selectable: item.shareType !== 'none' || content.shareType === 'none' }));
}

/** Whether the entry's data can only be obtained through the operator's coordination (不予共享). */
export function needsCoordination(shareType: ShareType): boolean {
  return shareType === 'none';
}

/** Share modes the form offers: the entry's own; every mode for not-shared data (coordination decides). */
export function allowedShareModes(content: Pick<CatalogContent, 'shareModes' | 'shareType'>): ShareMode[] {
  if (content.shareType === 'none' || content.shareModes.length === 0) return SHARE_MODES.map((m) => m.code);
  return [...content.shareModes];
}

/** Keeps only codes that are still items of the entry and may be picked (after the catalog changed). */
export function pickableCodes(codes: readonly string[], choices: readonly ItemChoice[]): string[] {
  const allowed = new Map(choices.filter((c) => c.selectable).map((c) => [c.item.code.toLowerCase(), c.item.code]));
  return codes.map((code) => allowed.get(code.toLowerCase())).filter((code): code is string => Boolean(code));
}

/** A new application: the first offered mode, one year of use from today, the officer as contact. */
export function newApplicationValues(content: Pick<CatalogContent, 'shareModes' | 'shareType'>, contactName: string, today: Dayjs = beijingToday()): ApplicationFormValues {
  const start = today.startOf('day');
  return {
    itemCodes: [],
    shareMode: allowedShareModes(content)[0]!,
    contactName,
    contactPhone: '',
    purpose: '',
    scenario: '',
    basis: '',
    securityMeasures: '',
    period: [start, start.add(1, 'year').subtract(1, 'day')],
  };
}

/** An application being edited (a draft, or a refusal that may be resubmitted). */
export function applicationToValues(application: Application): ApplicationFormValues {
  return {
    itemCodes: application.items.map((item) => item.code),
    shareMode: application.shareMode,
    systemId: application.system.id,
    contactName: application.contactName,
    contactPhone: application.contactPhone,
    purpose: application.purpose,
    scenario: application.scenario,
    basis: application.basis,
    securityMeasures: application.securityMeasures,
    period: [dayjs(application.periodStart), dayjs(application.periodEnd)],
  };
}

/** Form values → the API's ApplicationInput (text trimmed, dates as YYYY-MM-DD). */
export function toApplicationInput(entryId: string, values: ApplicationFormValues): ApplicationInput {
  const [start, end] = values.period ?? [];
  return {
    entryId,
    itemCodes: [...values.itemCodes],
    shareMode: values.shareMode,
    systemId: values.systemId ?? '',
    contactName: values.contactName.trim(),
    contactPhone: values.contactPhone.trim(),
    purpose: values.purpose.trim(),
    scenario: values.scenario.trim(),
    basis: values.basis.trim(),
    securityMeasures: values.securityMeasures.trim(),
    periodStart: start ? start.format('YYYY-MM-DD') : '',
    periodEnd: end ? end.format('YYYY-MM-DD') : '',
  };
}

const FORM_FIELDS = new Set(['itemCodes', 'shareMode', 'systemId', 'contactName', 'contactPhone', 'purpose', 'scenario', 'basis', 'securityMeasures', 'period']);
/** The API's fields that the form shows under another name. */
const RENAMED: Record<string, string> = { periodStart: 'period', periodEnd: 'period' };

export interface ApplicationErrorPlan extends FieldErrorPlan {
  /** Messages for item rows of the picker, by item code (from `itemCodes[i]` of what was sent). */
  items: Record<string, string>;
}

/**
 * Puts the server's errors on the form: `itemCodes[1]` on the item picker (and on the row of the
 * item sent at that index), `periodStart`/`periodEnd` on the period, `shareMode`, `systemId`, …
 * on their fields; what names no field (`entryId`, or none) goes to the summary.
 */
export function planApplicationErrors(details: readonly ErrorDetail[], sentCodes: readonly string[], lang: 'zh' | 'en'): ApplicationErrorPlan {
  const items: Record<string, string> = {};
  const renamed = details.map((detail) => {
    if (!detail.field) return detail;
    // A coded detail is rendered here, then travels on as plain text in the console's language.
    const message = detail.code && detail.params ? stripFieldPrefix(detailText(detail, lang), detail.field) : stripFieldPrefix(detail.message, detail.field);
    const index = /^itemCodes\[(\d+)\]$/.exec(detail.field)?.[1];
    const code = index === undefined ? undefined : sentCodes[Number(index)];
    if (code !== undefined) items[code] = localiseMessage(message, lang);
    const top = detail.field.split(/[.[]/, 1)[0]!;
    const { code: _code, params: _params, ...plain } = detail;
    return { ...plain, field: RENAMED[top] ?? detail.field, message };
  });
  const plan = planFieldErrors(renamed, { isField: (name) => name.length === 1 && typeof name[0] === 'string' && FORM_FIELDS.has(name[0]), lang });
  return { ...plan, items };
}
