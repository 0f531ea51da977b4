import {
  DOMAINS,
  FORMAT_CATEGORIES,
  ITEM_DATA_TYPES,
  labelOf,
  MASKING_RULES,
  OPEN_TYPES,
  PROVISION_METHODS,
  SENSITIVITY_GRADES,
  SHARE_METHOD_TYPES,
  SHARE_TYPES,
  UPDATE_CYCLES,
  type CatalogContent,
  type CatalogItem,
  type CodeListEntry,
  type DiffChange,
} from '@huitong/contracts';

type FieldSpec = { label: string; list?: ReadonlyArray<CodeListEntry> };

const CONTENT_FIELDS: Partial<Record<keyof CatalogContent, FieldSpec>> = {
  name: { label: '资源名称' },
  classCode: { label: '资源分类' },
  internalUnitId: { label: '内设机构' },
  abstract: { label: '摘要' },
  keywords: { label: '关键词' },
  formatCategory: { label: '格式分类', list: FORMAT_CATEGORIES },
  formatType: { label: '格式类型' },
  shareType: { label: '共享类型', list: SHARE_TYPES },
  shareConditions: { label: '共享条件' },
  legalBasis: { label: '共享依据' },
  shareModes: { label: '共享方式' },
  shareMethodType: { label: '共享方式类型', list: SHARE_METHOD_TYPES },
  openType: { label: '开放类型', list: OPEN_TYPES },
  openConditions: { label: '开放条件' },
  openLegalBasis: { label: '开放依据' },
  updateCycle: { label: '更新周期', list: UPDATE_CYCLES },
  timeliness: { label: '时效要求' },
  provisionMethod: { label: '提供方式', list: PROVISION_METHODS },
  domain: { label: '所属领域', list: DOMAINS },
  relatedResourceCodes: { label: '关联资源' },
  dedicated: { label: '专用' },
  dedicatedDepartmentIds: { label: '专用部门' },
};

const ITEM_FIELDS: Partial<Record<keyof CatalogItem, FieldSpec>> = {
  name: { label: '名称' },
  dataType: { label: '数据类型', list: ITEM_DATA_TYPES },
  length: { label: '长度' },
  description: { label: '说明' },
  required: { label: '必填' },
  shareType: { label: '共享类型', list: SHARE_TYPES },
  sensitivity: { label: '敏感级别', list: SENSITIVITY_GRADES },
  maskingRule: { label: '脱敏规则', list: MASKING_RULES },
  identifierKind: { label: '标识类型' },
};

function normalise(value: unknown): unknown {
  if (value === undefined || value === '' || value === null) return null;
  if (Array.isArray(value)) return [...value].map(String).sort();
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function display(value: unknown, spec: FieldSpec): unknown {
  if (spec.list && typeof value === 'string') return labelOf(spec.list, value);
  return value ?? null;
}

/**
 * A readable difference between two versions: one line per changed field, with labels and
 * code-list values in Chinese, and items matched by their code so a rename shows as a change.
 */
export function diffContent(before: CatalogContent | null, after: CatalogContent): DiffChange[] {
  const changes: DiffChange[] = [];
  for (const [key, spec] of Object.entries(CONTENT_FIELDS) as Array<[keyof CatalogContent, FieldSpec]>) {
    const a = before ? before[key] : undefined;
    const b = after[key];
    if (same(a, b)) continue;
    changes.push({
      path: key,
      label: spec.label,
      change: normalise(a) === null ? 'added' : normalise(b) === null ? 'removed' : 'changed',
      before: display(a, spec),
      after: display(b, spec),
    });
  }
  const beforeItems = new Map((before?.items ?? []).map((item) => [item.code.toLowerCase(), item]));
  const afterItems = new Map(after.items.map((item) => [item.code.toLowerCase(), item]));
  for (const [code, item] of afterItems) {
    const old = beforeItems.get(code);
    if (!old) {
      changes.push({ path: `items[${item.code}]`, label: `信息项 ${item.name}(${item.code})`, change: 'added', before: null, after: item });
      continue;
    }
    for (const [key, spec] of Object.entries(ITEM_FIELDS) as Array<[keyof CatalogItem, FieldSpec]>) {
      if (same(old[key], item[key])) continue;
      changes.push({
        path: `items[${item.code}].${key}`,
        label: `信息项 ${item.name}(${item.code}) · ${spec.label}`,
        change: 'changed',
        before: display(old[key], spec),
        after: display(item[key], spec),
      });
    }
  }
  for (const [code, item] of beforeItems) {
    if (!afterItems.has(code)) changes.push({ path: `items[${item.code}]`, label: `信息项 ${item.name}(${item.code})`, change: 'removed', before: item, after: null });
  }
  return changes;
}
