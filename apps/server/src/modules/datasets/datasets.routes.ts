import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { BatchIdParams, BatchUploadQuery, Dataset, DatasetBatch, DatasetBatchDetail, DatasetChangePage, DatasetChangesQuery, DatasetCreate, DatasetIdParams } from '@huitong/contracts';
import { ValidationError } from '../../platform/errors.ts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { DatasetsService } from './datasets.service.ts';

export function datasetRoutes(datasets: DatasetsService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['datasets'];

    app.post(
      '/api/datasets',
      { schema: { tags, summary: '为已发布目录建立数据集 (create the dataset of a published entry; provider data officer)', body: DatasetCreate, response: { 201: Dataset, ...errors } } },
      async (request, reply) => reply.code(201).send(await datasets.create(request.actor, request.body.entryId)),
    );

    app.get('/api/datasets', { schema: { tags, summary: '本部门的数据集 (datasets of the own department; all for the operator)', response: { 200: Type.Array(Dataset), ...errors } } }, async (request) =>
      datasets.list(request.actor),
    );

    app.get('/api/datasets/:id', { schema: { tags, summary: '数据集', params: DatasetIdParams, response: { 200: Dataset, ...errors } } }, async (request) =>
      datasets.detail(request.actor, request.params.id),
    );

    app.get(
      '/api/datasets/:id/template.:format',
      {
        schema: {
          tags,
          summary: '上传模板 (upload template: CSV with BOM, or XLSX with a 数据 sheet and a 信息项说明 sheet)',
          params: Type.Object({ id: DatasetIdParams.properties.id, format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]) }),
        },
      },
      async (request, reply) => {
        const { filename, content } = await datasets.template(request.actor, request.params.id, request.params.format);
        const type = request.params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
        return reply
          .header('content-disposition', `attachment; filename="template.${request.params.format}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .type(type)
          .send(content);
      },
    );

    app.post(
      '/api/datasets/:id/batches',
      {
        // The dataset and the permission are checked before the upload is read: a refused caller
        // costs no parsing, and another department's dataset is a 404 before any byte is stored.
        preHandler: async (request) => datasets.assertCanLoad(request.actor, (request.params as { id: string }).id),
        schema: {
          tags,
          summary:
            '上传 CSV 入库 (multipart file). mode=replace|upsert, onError=reject|load_valid. 201 with the batch: loaded, or rejected with row errors (row, column, value, rule; first 1,000).',
          consumes: ['multipart/form-data'],
          params: DatasetIdParams,
          querystring: BatchUploadQuery,
          response: { 201: DatasetBatchDetail, ...errors },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw ValidationError.field('file', 'file: 请以 multipart/form-data 上传文件 (upload the file as multipart/form-data)', 'FILE_REQUIRED');
        const file = await request.file();
        if (!file) throw ValidationError.field('file', 'file: 未找到上传的文件 (no file)', 'FILE_REQUIRED');
        const batch = await datasets.upload(
          request.actor,
          request.params.id,
          { filename: file.filename || 'upload.csv', stream: file.file, truncated: () => file.file.truncated },
          { mode: request.query.mode ?? 'replace', onError: request.query.onError ?? 'reject' },
        );
        return reply.code(201).send(batch);
      },
    );

    app.post(
      '/api/datasets/:id/batches/:batchId/rollback',
      { schema: { tags, summary: '回退最近一次入库批次 (roll back the last loaded batch; the rollback is itself a batch)', params: BatchIdParams, response: { 201: DatasetBatchDetail, ...errors } } },
      async (request, reply) => reply.code(201).send(await datasets.rollback(request.actor, request.params.id, request.params.batchId)),
    );

    app.get(
      '/api/datasets/:id/changes',
      { schema: { tags, summary: '变更日志 (change log after a sequence number; the provider data officer)', params: DatasetIdParams, querystring: DatasetChangesQuery, response: { 200: DatasetChangePage, ...errors } } },
      async (request) => datasets.changes(request.actor, request.params.id, request.query.after ?? 0, request.query.limit ?? 100),
    );

    app.get(
      '/api/datasets/:id/batches/:batchId/errors.csv',
      { schema: { tags, summary: '错误报告 (every stored row error of the batch as CSV)', params: BatchIdParams } },
      async (request, reply) => {
        const { filename, stream } = await datasets.errorReport(request.actor, request.params.id, request.params.batchId);
        return reply.header('content-disposition', `attachment; filename="errors.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`).type('text/csv; charset=utf-8').send(stream);
      },
    );

    app.get('/api/datasets/:id/batches', { schema: { tags, summary: '入库批次历史 (batch history)', params: DatasetIdParams, response: { 200: Type.Array(DatasetBatch), ...errors } } }, async (request) =>
      datasets.batches(request.actor, request.params.id),
    );

    app.get(
      '/api/datasets/:id/batches/:batchId',
      { schema: { tags, summary: '入库批次及行级错误 (batch with its row errors, first 1,000)', params: BatchIdParams, response: { 200: DatasetBatchDetail, ...errors } } },
      async (request) => datasets.batch(request.actor, request.params.id, request.params.batchId),
    );
  };
}
