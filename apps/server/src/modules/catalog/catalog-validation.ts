import { CatalogContent as CatalogContentSchema, type CatalogContent, type ErrorDetail } from '@huitong/contracts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ValidationError } from '../../platform/errors.ts';
import { checkSchema } from '../../platform/validation.ts';
import type { OrgService } from '../org/index.ts';
import { normaliseContent } from './catalog-rows.ts';
import { checkContent } from './catalog.policy.ts';
import type { CatalogRepository, Db } from './catalog.repository.ts';

/**
 * Every rule on an entry's content: the schema, the policy rules, and the checks that need the
 * database. Shared by authoring (one entry) and import (many, all reported at once).
 */
export class CatalogContentValidator {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly repo: CatalogRepository,
  ) {}

  /** Returns all problems at once; nothing is written when there is any. */
  async validate(db: Db, input: unknown, providerOrgId: string, ownResourceCode: string | null): Promise<{ errors: ErrorDetail[]; content: CatalogContent }> {
    // Defaults (item.required = false, …) as the HTTP layer applies them, so imports behave alike.
    const { value: raw, errors: schemaErrors } = checkSchema(CatalogContentSchema, input, 'content');
    if (schemaErrors.length > 0) {
      // Report the rule violations of the fields that are well-formed too, so one pass over a
      // spreadsheet shows every problem; a document too broken for the rules just gets its schema errors.
      let ruleErrors: ErrorDetail[] = [];
      try {
        const broken = new Set(schemaErrors.map((e) => e.field));
        ruleErrors = checkContent(raw, this.deps.policy).filter((e) => !broken.has(e.field));
      } catch {
        ruleErrors = [];
      }
      return { errors: dedupe([...schemaErrors, ...ruleErrors]), content: raw };
    }
    const content = raw;
    const errors: ErrorDetail[] = checkContent(content, this.deps.policy);
    const provider = await this.org.directory.findDepartment(db, providerOrgId);

    const classification = await this.repo.findClassification(db, content.classCode);
    if (content.classCode.startsWith('3')) {
      const expected = provider?.class_code ? `3${provider.class_code}` : null;
      if (!expected || content.classCode.slice(0, 3) !== expected) {
        errors.push({ field: 'content.classCode', message: `content.classCode: 部门信息资源的分类码应为 ${expected ?? '3+部门代码'} (departmental resources use the provider's own class)` });
      } else if (content.classCode.length > 3 && !classification) {
        errors.push({ field: 'content.classCode', message: `content.classCode: 分类 ${content.classCode} 不存在 (unknown classification)` });
      }
    } else if (!classification) {
      errors.push({ field: 'content.classCode', message: `content.classCode: 分类 ${content.classCode} 不存在 (unknown classification)` });
    }

    if (content.internalUnitId) {
      const unit = await this.org.directory.findDepartment(db, content.internalUnitId);
      const unitOrg = unit ? await this.org.directory.organisationOf(db, unit.id) : undefined;
      if (!unit || unit.kind !== 'internal_unit' || unitOrg?.id !== providerOrgId) {
        errors.push({ field: 'content.internalUnitId', message: 'content.internalUnitId: 内设机构须是提供部门自己的内设机构 (must be an internal unit of the provider)' });
      }
    }

    if (content.dedicatedDepartmentIds.length > 0) {
      const found = await this.org.directory.findDepartmentsByIds(db, content.dedicatedDepartmentIds);
      const known = new Set(found.map((d) => d.id));
      content.dedicatedDepartmentIds.forEach((id, index) => {
        if (!known.has(id)) errors.push({ field: `content.dedicatedDepartmentIds[${index}]`, message: `content.dedicatedDepartmentIds[${index}]: 部门 ${id} 不存在 (unknown department)` });
        else if (id === providerOrgId) errors.push({ field: `content.dedicatedDepartmentIds[${index}]`, message: `content.dedicatedDepartmentIds[${index}]: 专用部门不能是提供部门自身 (the provider is not a consumer)` });
      });
    }

    if (content.relatedResourceCodes.length > 0) {
      const found = new Set((await this.repo.findEntriesByCodes(db, content.relatedResourceCodes)).map((e) => e.resource_code));
      content.relatedResourceCodes.forEach((code, index) => {
        if (code === ownResourceCode) errors.push({ field: `content.relatedResourceCodes[${index}]`, message: `content.relatedResourceCodes[${index}]: 不能关联自身 (an entry cannot relate to itself)` });
        else if (!found.has(code)) errors.push({ field: `content.relatedResourceCodes[${index}]`, message: `content.relatedResourceCodes[${index}]: 资源代码 ${code} 不存在 (unknown resource code)` });
      });
    }
    return { errors: dedupe(errors), content: normaliseContent(content) };
  }

  /** The normalised content, or a 400 listing every problem. */
  async assertValid(db: Db, raw: unknown, providerOrgId: string, ownResourceCode: string | null): Promise<CatalogContent> {
    const { errors, content } = await this.validate(db, raw, providerOrgId, ownResourceCode);
    if (errors.length > 0) throw new ValidationError(`目录内容有 ${errors.length} 处不符合规则: ${errors.map((e) => e.message).join('; ')}`, errors, 'CATALOG_RULES');
    return content;
  }
}

function dedupe(errors: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
