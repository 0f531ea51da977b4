import type { CatalogContent, ErrorDetail } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ValidationError } from '../../platform/errors.ts';
import { Pacer } from '../../platform/pacing.ts';
import type { CatalogAuthoringService } from './catalog-authoring.service.ts';
import { parseContent } from './catalog-rows.ts';
import type { CatalogSearchService } from './catalog-search.service.ts';
import type { CatalogContentValidator } from './catalog-validation.ts';
import type { CatalogRepository } from './catalog.repository.ts';

export interface ImportRow {
  row: number;
  content: unknown;
  /** Where a content field sits in the uploaded workbook, so errors can name sheet, row and column. */
  locate?: (field: string) => { sheet: string; row: number; column: string } | undefined;
}

export interface ExportedEntry {
  resourceCode: string;
  providerDepartmentName: string;
  status: string;
  content: CatalogContent;
}

/** Many entries in and out at once: the spreadsheet import and export. */
export class CatalogTransferService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repo: CatalogRepository,
    private readonly validator: CatalogContentValidator,
    private readonly authoring: CatalogAuthoringService,
    private readonly index: CatalogSearchService,
  ) {}

  /**
   * Registers many entries at once as drafts of the actor's organisation. All or nothing: every
   * row is checked first, and any problem in any row rejects the whole import with every
   * problem listed by row (and column, when the caller maps fields to columns).
   */
  async importEntries(actor: Actor, rows: ImportRow[]): Promise<Array<{ id: string; resourceCode: string; name: string }>> {
    authorize(actor, 'catalog:entry:import', actor.organisationId);
    const providerOrgId = actor.organisationId!;
    if (rows.length === 0) throw new ValidationError('导入文件中没有目录 (the import has no entries)', [{ message: 'no entries' }], 'EMPTY_IMPORT');
    const problems: ErrorDetail[] = [];
    const names = new Map<string, number>();
    const contents: CatalogContent[] = [];
    // A large import is thousands of queries; the pacer lets other requests through between them.
    const pacer = new Pacer();
    for (const row of rows) {
      await pacer.turn();
      const { errors, content } = await this.validator.validate(this.deps.db, row.content, providerOrgId, null);
      contents.push(content);
      for (const error of errors) {
        const place = error.field && row.locate ? row.locate(error.field) : undefined;
        const where = place ? `「${place.sheet}」第 ${place.row} 行「${place.column}」` : `第 ${row.row} 条`;
        problems.push({ ...error, row: place?.row ?? row.row, ...(place && { sheet: place.sheet, column: place.column }), message: `${where}: ${error.message}` });
      }
      const name = (row.content as { name?: string })?.name;
      if (name) {
        if (names.has(name)) problems.push({ row: row.row, field: 'content.name', message: `第 ${row.row} 条: 资源名称与第 ${names.get(name)} 条重复 (duplicate name in the file)` });
        else names.set(name, row.row);
      }
    }
    if (problems.length > 0) throw new ValidationError(`导入失败,共 ${problems.length} 处错误,未导入任何数据 (nothing imported)`, problems, 'IMPORT_REJECTED');
    const created = await this.deps.db.transaction().execute(async (trx) => {
      const created: Array<{ id: string; resourceCode: string; name: string }> = [];
      for (const content of contents) {
        await pacer.turn();
        const id = await this.authoring.insertEntry(trx, actor, providerOrgId, content, '批量导入 (imported)');
        const entry = (await this.repo.findEntry(trx, id))!;
        created.push({ id, resourceCode: entry.resource_code, name: content.name });
      }
      await this.deps.audit.record(trx, actor, { operation: 'catalog:entry:import', targetType: 'catalog_entry', details: { count: created.length } });
      return created;
    });
    await this.index.sync(created.map((c) => c.id));
    return created;
  }

  /** Published content of entries, for export (published scope) or the organisation's own. */
  async exportEntries(actor: Actor, scope: 'published' | 'mine'): Promise<ExportedEntry[]> {
    if (scope === 'mine') authorize(actor, 'catalog:entry:read-unpublished', actor.organisationId);
    const rows = await this.repo.exportRows(this.deps.db, scope === 'mine' ? { providerDepartmentId: actor.organisationId! } : { published: true });
    return rows.map((r) => ({ resourceCode: r.resource_code, providerDepartmentName: r.provider_department_name, status: r.status, content: parseContent(r.content) }));
  }
}
