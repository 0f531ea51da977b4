import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  CatalogDraftSave,
  CatalogEntryCreate,
  CatalogEntryDetail,
  CatalogEntrySummary,
  CatalogExportFile,
  CatalogSearchQuery,
  CatalogSearchResult,
  CatalogVersion,
  ChangeNotice,
  ClassificationNode,
  IdParams,
  ImportReport,
  MaintenanceTrigger,
  MaintenanceTriggerCreate,
  Objection,
  ObjectionAnswer,
  ObjectionCreate,
  OfflineRequest,
  OverdueEntry,
  ReviewDecision,
  ReviewQueueItem,
  Uuid,
  VersionDiff,
} from '@huitong/contracts';
import { ValidationError } from '../../platform/errors.ts';
import { errors, typed, uploadedBytes } from '../../platform/http/route-helpers.ts';
import { IMPORT_SHEETS, parseCatalogWorkbook, writeCatalogWorkbook } from './catalog-spreadsheet.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { SpreadsheetReader } from '../../platform/spreadsheet/index.ts';
import type { CatalogMaintenanceService } from './catalog-maintenance.service.ts';
import type { CatalogService } from './catalog.service.ts';
import type { OrgService } from '../org/index.ts';
import type { Actor } from '../../platform/auth/actor.ts';

const EntryParams = IdParams;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function contentDisposition(filename: string): string {
  return `attachment; filename="catalog.${filename.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function catalogRoutes(catalog: CatalogService, maintenance: CatalogMaintenanceService, org: OrgService, spreadsheets: SpreadsheetReader) {
  async function lookups(actor: Actor) {
    const departments = await org.listDepartments();
    const units = new Map<string, string>();
    for (const d of departments) {
      if (d.kind !== 'internal_unit') continue;
      const owner = await org.organisationOf(d.id);
      if (owner.id === actor.organisationId) units.set(d.name, d.id);
    }
    return { internalUnits: units, departments: new Map(departments.map((d) => [d.name, d.id])) };
  }

  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['catalog'];

    app.get('/api/catalog/classifications', { schema: { tags, summary: '资源分类 (类/项/目)', response: { 200: Type.Array(ClassificationNode), ...errors } } }, async () => catalog.classifications());

    app.get(
      '/api/catalog/entries',
      {
        schema: {
          tags,
          summary: '目录检索:中文全文 + 分面 (search; scope=mine for the own department incl. drafts, all for the operator)',
          querystring: Type.Intersect([CatalogSearchQuery, Type.Object({ scope: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('mine'), Type.Literal('all')])) })]),
          response: { 200: CatalogSearchResult, ...errors },
        },
      },
      async (request) => catalog.search(request.actor, request.query),
    );

    app.post(
      '/api/catalog/entries',
      { config: { operation: 'catalog:entry:create' }, schema: { tags, summary: '编制目录(草稿)', body: CatalogEntryCreate, response: { 201: CatalogEntryDetail, ...errors } } },
      async (request, reply) => reply.status(201).send(await catalog.create(request.actor, request.body)),
    );

    app.get('/api/catalog/entries/:id', { schema: { tags, summary: '目录详情', params: EntryParams, response: { 200: CatalogEntryDetail, ...errors } } }, async (request) => catalog.detail(request.actor, request.params.id));

    app.put(
      '/api/catalog/entries/:id/draft',
      { config: { operation: 'catalog:entry:edit' }, schema: { tags, summary: '保存草稿;已发布资源的修改形成新版本', params: EntryParams, body: CatalogDraftSave, response: { 200: CatalogEntryDetail, ...errors } } },
      async (request) => catalog.saveDraft(request.actor, request.params.id, request.body),
    );

    app.delete(
      '/api/catalog/entries/:id/draft',
      { config: { operation: 'catalog:entry:discard' }, schema: { tags, summary: '丢弃未提交的草稿', params: EntryParams, response: { 200: Type.Object({ entryDeleted: Type.Boolean() }), ...errors } } },
      async (request) => catalog.discardPending(request.actor, request.params.id),
    );

    for (const [action, summary] of [
      ['submit', '提交审核'],
      ['withdraw', '撤回审核中的变更'],
      ['confirm-current', '确认目录已全面维护且无需变更'],
    ] as const) {
      app.post(
        `/api/catalog/entries/:id/${action}`,
        { config: { operation: `catalog:entry:${action}` }, schema: { tags, summary, params: EntryParams, response: { 200: CatalogEntryDetail, ...errors } } },
        async (request) => {
          const { id } = request.params as { id: string };
          if (action === 'submit') return catalog.submit(request.actor, id);
          if (action === 'withdraw') return catalog.withdraw(request.actor, id);
          return catalog.confirmCurrent(request.actor, id);
        },
      );
    }

    app.post(
      '/api/catalog/entries/:id/review',
      { config: { operation: 'catalog:entry:review' }, schema: { tags, summary: '平台审核:通过或驳回 (operator reviewers)', params: EntryParams, body: ReviewDecision, response: { 200: CatalogEntryDetail, ...errors } } },
      async (request) => catalog.review(request.actor, request.params.id, request.body.decision, request.body.comment),
    );

    app.post(
      '/api/catalog/entries/:id/offline',
      { config: { operation: 'catalog:entry:request-offline' }, schema: { tags, summary: '申请下线(可指定替代资源)', params: EntryParams, body: OfflineRequest, response: { 200: CatalogEntryDetail, ...errors } } },
      async (request) => catalog.requestOffline(request.actor, request.params.id, request.body),
    );

    app.get('/api/catalog/entries/:id/versions', { schema: { tags, summary: '版本历史', params: EntryParams, response: { 200: Type.Array(CatalogVersion), ...errors } } }, async (request) => catalog.versions(request.actor, request.params.id));

    app.get(
      '/api/catalog/entries/:id/versions/:versionId/diff',
      {
        schema: {
          tags,
          summary: '版本差异 (against the version it replaces unless `against` is given)',
          params: Type.Object({ id: Uuid, versionId: Uuid }),
          querystring: Type.Object({ against: Type.Optional(Uuid) }),
          response: { 200: VersionDiff, ...errors },
        },
      },
      async (request) => catalog.diff(request.actor, request.params.id, request.params.versionId, request.query.against),
    );

    app.get('/api/catalog/review-queue', { schema: { tags, summary: '待审核队列 (operator reviewers)', response: { 200: Type.Array(ReviewQueueItem), ...errors } } }, async (request) => catalog.reviewQueue(request.actor));

    app.get('/api/catalog/dedicated', { schema: { tags, summary: '本部门可直接使用的"专用"资源', response: { 200: Type.Array(CatalogEntrySummary), ...errors } } }, async (request) => catalog.dedicatedToMe(request.actor));

    app.get('/api/catalog/notices', { schema: { tags, summary: '目录变更通知 (notices to consuming departments)', response: { 200: Type.Array(ChangeNotice), ...errors } } }, async (request) => catalog.notices(request.actor));

    // ── objections ──
    app.post(
      '/api/catalog/entries/:id/objections',
      { config: { operation: 'catalog:objection:raise' }, schema: { tags, summary: '提出疑义或纠错', params: EntryParams, body: ObjectionCreate, response: { 201: Objection, ...errors } } },
      async (request, reply) => reply.status(201).send(await catalog.raiseObjection(request.actor, request.params.id, request.body)),
    );
    app.get(
      '/api/catalog/objections',
      {
        schema: {
          tags,
          summary: '疑义列表 (raised by or received by the own department)',
          querystring: Type.Object({ entryId: Type.Optional(Uuid), box: Type.Optional(Type.Union([Type.Literal('raised'), Type.Literal('received')])) }),
          response: { 200: Type.Array(Objection), ...errors },
        },
      },
      async (request) => catalog.listObjections(request.actor, request.query),
    );
    app.post(
      '/api/catalog/objections/:id/answer',
      { config: { operation: 'catalog:objection:answer' }, schema: { tags, summary: '提供部门答复疑义', params: IdParams, body: ObjectionAnswer, response: { 200: Objection, ...errors } } },
      async (request) => catalog.answerObjection(request.actor, request.params.id, request.body.answer),
    );
    app.post(
      '/api/catalog/objections/:id/close',
      { config: { operation: 'catalog:objection:close' }, schema: { tags, summary: '提出方关闭疑义', params: IdParams, response: { 200: Objection, ...errors } } },
      async (request) => catalog.closeObjection(request.actor, request.params.id),
    );

    // ── maintenance ──
    app.get(
      '/api/catalog/maintenance/triggers',
      { schema: { tags, summary: '法规或职能变化登记及更新期限', querystring: Type.Object({ openOnly: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(MaintenanceTrigger), ...errors } } },
      async (request) => maintenance.list(request.actor, request.query),
    );
    app.post(
      '/api/catalog/maintenance/triggers',
      { config: { operation: 'catalog:maintenance:trigger' }, schema: { tags, summary: '登记法规修订或职能变化(开始计算更新期限)', body: MaintenanceTriggerCreate, response: { 201: MaintenanceTrigger, ...errors } } },
      async (request, reply) => reply.status(201).send(await maintenance.recordTrigger(request.actor, request.body)),
    );
    app.post(
      '/api/catalog/maintenance/triggers/:id/resolve',
      { config: { operation: 'catalog:maintenance:resolve' }, schema: { tags, summary: '目录已按变化完成更新', params: IdParams, response: { 200: MaintenanceTrigger, ...errors } } },
      async (request) => maintenance.resolve(request.actor, request.params.id),
    );
    app.get('/api/catalog/maintenance/overdue', { schema: { tags, summary: '超期未全面维护的目录', response: { 200: Type.Array(OverdueEntry), ...errors } } }, async (request) => maintenance.overdueEntries(request.actor));

    // ── import / export ──
    app.get(
      '/api/catalog/export',
      {
        schema: {
          tags,
          summary: '导出目录 (XLSX template layout or JSON)',
          querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('json')])), scope: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('mine')])) }),
        },
      },
      async (request, reply) => {
        const entries = await catalog.exportEntries(request.actor, request.query.scope ?? 'published');
        if (request.query.format === 'json') {
          const file: CatalogExportFile = { format: 'huitong-catalog', version: 1, exportedAt: new Date().toISOString(), entries };
          return reply.header('content-disposition', contentDisposition('政务信息资源目录.json')).type('application/json; charset=utf-8').send(file);
        }
        const names = new Map((await org.listDepartments()).map((d) => [d.id, d.name]));
        const buffer = await writeCatalogWorkbook(entries, names);
        return reply.header('content-disposition', contentDisposition('政务信息资源目录.xlsx')).type(XLSX_TYPE).send(buffer);
      },
    );

    app.get('/api/catalog/template.xlsx', { schema: { tags, summary: '目录导入模板' } }, async (_request, reply) => {
      const buffer = await writeCatalogWorkbook([], new Map());
      return reply.header('content-disposition', contentDisposition('目录导入模板.xlsx')).type(XLSX_TYPE).send(buffer);
    });

    app.post(
      '/api/catalog/import',
      {
        config: { operation: 'catalog:entry:import' },
        // The permission is checked before the upload is read: @fastify/multipart streams the body
        // only when the handler asks for the file, so a refused caller costs no parsing at all.
        preHandler: async (request) => authorize(request.actor, 'catalog:entry:import', request.actor.organisationId),
        schema: {
          tags,
          summary: '导入目录 (multipart file: .xlsx template or .json export). All or nothing: any bad row rejects the file with every problem listed.',
          consumes: ['multipart/form-data'],
          response: { 200: ImportReport, ...errors },
        },
      },
      async (request) => {
        if (!request.isMultipart()) throw ValidationError.field('file', 'file: 请以 multipart/form-data 上传文件 (upload the file as multipart/form-data)', 'FILE_REQUIRED');
        const file = await request.file();
        if (!file) throw ValidationError.field('file', 'file: 未找到上传的文件 (no file)', 'FILE_REQUIRED');
        const buffer = await uploadedBytes(file);
        let rows: Parameters<CatalogService['importEntries']>[1];
        if (buffer.subarray(0, 2).toString() === 'PK') {
          // Parsed in a worker thread with limits on unpacked size, rows and cells (platform/spreadsheet).
          const sheets = await spreadsheets.read(buffer, IMPORT_SHEETS);
          rows = parseCatalogWorkbook(sheets, await lookups(request.actor));
        } else {
          let parsed: unknown;
          try {
            parsed = JSON.parse(buffer.toString('utf8'));
          } catch {
            throw ValidationError.field('file', 'file: 文件既不是 XLSX 也不是有效的 JSON (neither .xlsx nor valid JSON)', 'INVALID_FILE');
          }
          const entries = (parsed as { entries?: unknown })?.entries;
          if (!Array.isArray(entries)) throw ValidationError.field('entries', 'entries: JSON 文件须包含 entries 数组 (expected an entries array)', 'INVALID_FILE');
          rows = entries.map((entry, index) => ({ row: index + 1, content: (entry as { content?: unknown })?.content }));
        }
        const created = await catalog.importEntries(request.actor, rows);
        return { imported: created.length, entries: created };
      },
    );
  };
}
