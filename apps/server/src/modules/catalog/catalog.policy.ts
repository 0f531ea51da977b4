import {
  FORMAT_PROVISION_METHODS,
  FORMAT_SHARE_METHODS,
  labelOf,
  OPEN_TYPES,
  SHARE_TYPES,
  type CatalogContent,
  type ErrorDetail,
  type ShareType,
} from '@huitong/contracts';
import type { Policy } from '../../platform/policy/profiles.ts';

/**
 * The catalog rules of SPEC §2 and §11, as pure functions over an entry's content. Each broken
 * rule becomes one error naming the field (items by index: `content.items[2].shareType`) and,
 * where a policy profile sets the rule, the article it comes from.
 *
 * Rules that need the database (departments exist, related codes exist, the class code belongs
 * to the provider) are checked by the service and reported the same way.
 */

const FIELD_PREFIX = 'content.';

function detail(field: string, message: string): ErrorDetail {
  return { field: FIELD_PREFIX + field, message: `${FIELD_PREFIX + field}: ${message}` };
}

function blank(text: string | undefined | null): boolean {
  return !text || text.trim().length === 0;
}

/** Open only when unconditionally shared (000 Art. 7; 004 三(三)); items follow the entry (000 Art. 11). */
export function checkShareAndOpenTypes(content: CatalogContent, policy: Policy): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (policy.value<boolean>('catalog.open_requires_unconditional_share') && content.openType !== 'none' && content.shareType !== 'unconditional') {
    errors.push(
      detail(
        'openType',
        `${labelOf(SHARE_TYPES, content.shareType)}的资源只能选择不予开放,只有无条件共享的资源可以向社会开放 (only unconditionally shared resources may be opened; ${policy.citation('catalog.open_requires_unconditional_share')})`,
      ),
    );
  }
  content.items.forEach((item, index) => {
    if (content.shareType === 'unconditional' && item.shareType !== 'unconditional') {
      errors.push(
        detail(
          `items[${index}].shareType`,
          `资源为无条件共享时信息项不能为${labelOf(SHARE_TYPES, item.shareType)};部分信息项受限的资源应登记为有条件共享 (partial sharing is conditional sharing)`,
        ),
      );
    }
    if (content.shareType === 'none' && item.shareType !== 'none') {
      errors.push(detail(`items[${index}].shareType`, '资源为不予共享时信息项也须为不予共享 (items of a not-shared resource are not shared)'));
    }
  });
  if (content.shareType === 'conditional' && content.items.length > 0 && content.items.every((item) => item.shareType === 'none')) {
    errors.push(detail('shareType', '所有信息项均不予共享,资源应登记为不予共享 (every item is not shared)'));
  }
  if (content.shareType === 'conditional' && blank(content.shareConditions)) {
    errors.push(detail('shareConditions', '有条件共享的资源须说明共享条件 (conditional sharing needs its conditions)'));
  }
  if (content.shareType !== 'none' && content.shareModes.length === 0) {
    errors.push(detail('shareModes', '可共享的资源至少选择一种共享方式:接口调用、直接下载或页面查询 (choose at least one share mode)'));
  }
  if (content.openType === 'conditional' && blank(content.openConditions)) {
    errors.push(detail('openConditions', '有条件开放的资源须说明开放条件 (conditional opening needs its conditions)'));
  }
  return errors;
}

/** Conditional and not-shared (and, under some profiles, restricted open) types need a legal basis. */
export function checkLegalBasis(content: CatalogContent, policy: Policy): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const shareTypes = policy.value<ShareType[]>('catalog.legal_basis_required_for_share_types');
  if (shareTypes.includes(content.shareType) && blank(content.legalBasis)) {
    errors.push(
      detail(
        'legalBasis',
        `${labelOf(SHARE_TYPES, content.shareType)}须填写法律、行政法规或政策依据 (a legal basis is required; ${policy.citation('catalog.legal_basis_required_for_share_types')})`,
      ),
    );
  }
  const openTypes = policy.value<string[]>('catalog.legal_basis_required_for_open_types');
  if (openTypes.includes(content.openType) && blank(content.openLegalBasis)) {
    errors.push(
      detail(
        'openLegalBasis',
        `${labelOf(OPEN_TYPES, content.openType)}须填写法律依据 (a legal basis is required; ${policy.citation('catalog.legal_basis_required_for_open_types')})`,
      ),
    );
  }
  return errors;
}

/** 专用 entries list the departments that use them directly (004 Art. 15(4)). */
export function checkDedicated(content: CatalogContent, policy: Policy): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (content.dedicated && content.dedicatedDepartmentIds.length === 0 && policy.value<boolean>('catalog.dedicated_requires_department_list')) {
    errors.push(
      detail('dedicatedDepartmentIds', `标注"专用"的资源须列明专用部门名单 (a 专用 entry lists its departments; ${policy.citation('catalog.dedicated_requires_department_list')})`),
    );
  }
  if (!content.dedicated && content.dedicatedDepartmentIds.length > 0) {
    errors.push(detail('dedicated', '列出了专用部门但未标注"专用" (departments listed but the entry is not marked 专用)'));
  }
  if (content.dedicated && content.shareType === 'none') {
    errors.push(detail('dedicated', '不予共享的资源不能标注"专用" (a not-shared resource cannot be 专用)'));
  }
  return errors;
}

export function checkFormat(content: CatalogContent): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const methods = FORMAT_SHARE_METHODS[content.formatCategory];
  if (!methods.includes(content.shareMethodType)) {
    errors.push(detail('shareMethodType', `该格式分类只能以 ${methods.join(' / ')} 方式共享 (format ${content.formatCategory} shares by ${methods.join(' or ')})`));
  }
  const provisions = FORMAT_PROVISION_METHODS[content.formatCategory];
  if (!provisions.includes(content.provisionMethod)) {
    errors.push(detail('provisionMethod', `该格式分类只能以 ${provisions.join(' / ')} 方式提供 (format ${content.formatCategory} is provided by ${provisions.join(' or ')})`));
  }
  return errors;
}

/** Item codes and names are unique; sensitive items of an open resource are masked (000 Art. 18; 003 Art. 23). */
export function checkItems(content: CatalogContent): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const codes = new Map<string, number>();
  const names = new Map<string, number>();
  content.items.forEach((item, index) => {
    const code = item.code.toLowerCase();
    if (codes.has(code)) errors.push(detail(`items[${index}].code`, `信息项编码 ${item.code} 与第 ${codes.get(code)! + 1} 项重复 (duplicate item code)`));
    else codes.set(code, index);
    if (names.has(item.name)) errors.push(detail(`items[${index}].name`, `信息项名称 ${item.name} 与第 ${names.get(item.name)! + 1} 项重复 (duplicate item name)`));
    else names.set(item.name, index);
    if (content.openType !== 'none' && (item.sensitivity === 'L3' || item.sensitivity === 'L4') && item.maskingRule === 'none') {
      errors.push(detail(`items[${index}].maskingRule`, '开放资源中的敏感信息项须设置脱敏规则 (sensitive items of an open resource must be masked)'));
    }
    if (item.identifierKind === 'id_number' && item.dataType !== 'C') {
      errors.push(detail(`items[${index}].dataType`, '公民身份号码应为字符型 C (an ID number is character data)'));
    }
    if (item.identifierKind === 'uscc' && item.dataType !== 'C') {
      errors.push(detail(`items[${index}].dataType`, '统一社会信用代码应为字符型 C (a USCC is character data)'));
    }
  });
  return errors;
}

/** Every content rule that needs no database. */
export function checkContent(content: CatalogContent, policy: Policy): ErrorDetail[] {
  return [...checkShareAndOpenTypes(content, policy), ...checkLegalBasis(content, policy), ...checkDedicated(content, policy), ...checkFormat(content), ...checkItems(content)];
}
