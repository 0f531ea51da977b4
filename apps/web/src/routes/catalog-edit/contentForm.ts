import { FORMAT_PROVISION_METHODS, FORMAT_SHARE_METHODS } from '@huitong/contracts';
import type {
  CatalogContent,
  CatalogItem,
  OpenType,
  ShareType,
} from '@huitong/contracts';
import type { NamePath } from '../../api/errors.ts';

/**
 * Pure helpers behind the 编制目录 form: defaults, the form ↔ API conversion, and the content
 * rules the form hints at. The server enforces the rules (catalog.policy.ts); these only keep the
 * form from offering choices the server would refuse.
 */

/** The format → method tables are the server's own rules, shared through the contracts package. */
export { FORMAT_PROVISION_METHODS, FORMAT_SHARE_METHODS };

/** Only unconditionally shared resources may be opened to the public. */
export function allowedOpenTypes(shareType: ShareType): OpenType[] {
  return shareType === 'unconditional' ? ['unconditional', 'conditional', 'none'] : ['none'];
}

/** Items follow the entry: all unconditional, all not shared, or (conditional entry) mixed. */
export function allowedItemShareTypes(shareType: ShareType): ShareType[] {
  if (shareType === 'unconditional') return ['unconditional'];
  if (shareType === 'none') return ['none'];
  return ['unconditional', 'conditional', 'none'];
}

export function defaultItemShareType(shareType: ShareType): ShareType {
  return shareType === 'unconditional' ? 'unconditional' : shareType === 'none' ? 'none' : 'conditional';
}

/** Conditional and not-shared resources need 共享依据. */
export function legalBasisRequired(shareType: ShareType): boolean {
  return shareType !== 'unconditional';
}

export type ItemRow = Omit<CatalogItem, 'length' | 'description' | 'identifierKind'> & {
  length?: number | null;
  description?: string;
  identifierKind?: CatalogItem['identifierKind'];
};

export type ContentFormValues = Omit<CatalogContent, 'items' | 'keywords' | 'internalUnitId'> & {
  items: ItemRow[];
  keywords: string[];
  internalUnitId?: string | null;
  changeSummary?: string;
};

export function newItem(shareType: ShareType): ItemRow {
  return { code: '', name: '', dataType: 'C', required: false, shareType: defaultItemShareType(shareType), sensitivity: 'L1', maskingRule: 'none', identifierKind: 'none' };
}

/** A blank entry with the usual choices: shared unconditionally (sharing is the rule), not opened, a monthly spreadsheet. */
export function emptyContentValues(classCode: string): ContentFormValues {
  return {
    name: '',
    classCode,
    internalUnitId: null,
    abstract: '',
    keywords: [],
    formatCategory: 'spreadsheet',
    formatType: '',
    items: [newItem('unconditional')],
    shareType: 'unconditional',
    shareConditions: '',
    legalBasis: '',
    shareModes: ['interface'],
    shareMethodType: 'file',
    openType: 'none',
    openConditions: '',
    openLegalBasis: '',
    updateCycle: 'monthly',
    timeliness: '',
    provisionMethod: 'file',
    domain: 'other',
    relatedResourceCodes: [],
    dedicated: false,
    dedicatedDepartmentIds: [],
    changeSummary: '',
  };
}

export function toFormValues(content: CatalogContent, changeSummary?: string | null): ContentFormValues {
  return {
    ...content,
    keywords: content.keywords ?? [],
    internalUnitId: content.internalUnitId ?? null,
    items: content.items.map((item) => ({ ...item, identifierKind: item.identifierKind ?? 'none' })),
    changeSummary: changeSummary ?? '',
  };
}

function text(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Form values → the API's CatalogContent: trimmed, optional blanks left out. */
export function fromFormValues(values: ContentFormValues): { content: CatalogContent; changeSummary?: string } {
  const content: CatalogContent = {
    name: values.name.trim(),
    classCode: values.classCode,
    internalUnitId: values.internalUnitId ?? null,
    abstract: values.abstract.trim(),
    keywords: (values.keywords ?? []).map((k) => k.trim()).filter(Boolean),
    formatCategory: values.formatCategory,
    formatType: values.formatType.trim(),
    items: (values.items ?? []).map((item) => {
      const out: CatalogItem = {
        code: item.code.trim(),
        name: item.name.trim(),
        dataType: item.dataType,
        required: Boolean(item.required),
        shareType: item.shareType,
        sensitivity: item.sensitivity,
        maskingRule: item.maskingRule,
      };
      if (typeof item.length === 'number') out.length = item.length;
      const description = text(item.description);
      if (description) out.description = description;
      if (item.identifierKind && item.identifierKind !== 'none') out.identifierKind = item.identifierKind;
      return out;
    }),
    shareType: values.shareType,
    shareModes: values.shareType === 'none' ? [] : values.shareModes ?? [],
    shareMethodType: values.shareMethodType,
    openType: values.openType,
    updateCycle: values.updateCycle,
    provisionMethod: values.provisionMethod,
    domain: values.domain,
    relatedResourceCodes: values.relatedResourceCodes ?? [],
    dedicated: Boolean(values.dedicated),
    dedicatedDepartmentIds: values.dedicated ? values.dedicatedDepartmentIds ?? [] : [],
  };
  const optional = { shareConditions: values.shareConditions, legalBasis: values.legalBasis, openConditions: values.openConditions, openLegalBasis: values.openLegalBasis, timeliness: values.timeliness } as const;
  for (const [key, value] of Object.entries(optional) as Array<[keyof typeof optional, string | undefined]>) {
    const trimmed = text(value);
    if (trimmed) content[key] = trimmed;
  }
  const changeSummary = text(values.changeSummary);
  return changeSummary ? { content, changeSummary } : { content };
}

const CONTENT_FIELDS = new Set<string>([
  'name',
  'classCode',
  'internalUnitId',
  'abstract',
  'keywords',
  'formatCategory',
  'formatType',
  'shareType',
  'shareConditions',
  'legalBasis',
  'shareModes',
  'shareMethodType',
  'openType',
  'openConditions',
  'openLegalBasis',
  'updateCycle',
  'timeliness',
  'provisionMethod',
  'domain',
  'relatedResourceCodes',
  'dedicated',
  'dedicatedDepartmentIds',
  'changeSummary',
]);

export const ITEM_COLUMNS = ['code', 'name', 'dataType', 'length', 'required', 'shareType', 'sensitivity', 'maskingRule', 'identifierKind', 'description'] as const;
const ITEM_COLUMN_SET = new Set<string>(ITEM_COLUMNS);

/** Whether the form shows a field at this path (after `content.` is dropped). */
export function isContentFormField(name: NamePath, itemCount: number): boolean {
  if (name.length === 1) return typeof name[0] === 'string' && CONTENT_FIELDS.has(name[0]);
  if (name.length === 3 && name[0] === 'items') {
    const [, index, column] = name;
    return typeof index === 'number' && index < itemCount && typeof column === 'string' && ITEM_COLUMN_SET.has(column);
  }
  return false;
}

/** Changes to keep the form consistent when one field changes (what the server would refuse otherwise). */
export function consistencyPatch(changed: Partial<ContentFormValues>, all: ContentFormValues): Partial<ContentFormValues> {
  const patch: Partial<ContentFormValues> = {};
  if (changed.shareType) {
    const shareType = changed.shareType;
    if (!allowedOpenTypes(shareType).includes(all.openType)) patch.openType = 'none';
    const allowed = allowedItemShareTypes(shareType);
    if ((all.items ?? []).some((item) => !allowed.includes(item.shareType))) {
      patch.items = all.items.map((item) => (allowed.includes(item.shareType) ? item : { ...item, shareType: defaultItemShareType(shareType) }));
    }
    if (shareType === 'none') {
      patch.shareModes = [];
      if (all.dedicated) {
        patch.dedicated = false;
        patch.dedicatedDepartmentIds = [];
      }
    } else if ((all.shareModes ?? []).length === 0) {
      patch.shareModes = ['interface'];
    }
  }
  if (changed.formatCategory) {
    const methods = FORMAT_SHARE_METHODS[changed.formatCategory];
    if (!methods.includes(all.shareMethodType)) patch.shareMethodType = methods[0]!;
    const provisions = FORMAT_PROVISION_METHODS[changed.formatCategory];
    if (!provisions.includes(all.provisionMethod)) patch.provisionMethod = provisions[0]!;
  }
  if (changed.dedicated === false && (all.dedicatedDepartmentIds ?? []).length > 0) patch.dedicatedDepartmentIds = [];
  return patch;
}
