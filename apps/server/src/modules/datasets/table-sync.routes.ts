import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DatasetBatchDetail, DatasetIdParams } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { DatasetsService } from './datasets.service.ts';
import type { TableSyncService } from './table-sync.ts';

const Name = (max: number) => Type.String({ minLength: 1, maxLength: max });
/** A source identifier: schema, table or column name as the source spells it. */
const Identifier = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\u0000]+$' });

export const ConnectionCreate = Type.Object(
  {
    name: Name(100),
    kind: Type.Union([Type.Literal('postgres'), Type.Literal('mysql')], { description: 'mysql covers MariaDB' }),
    host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9.\\-:\\[\\]]+$' }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    database: Name(128),
    username: Name(128),
    password: Type.Optional(Type.String({ maxLength: 512, description: 'stored encrypted with the master key; never returned' })),
  },
  { additionalProperties: false },
);

const Connection = Type.Object({
  id: Type.String(),
  providerDepartmentId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  host: Type.String(),
  port: Type.Integer(),
  database: Type.String(),
  username: Type.String(),
  hasPassword: Type.Boolean(),
  createdAt: Type.String(),
});

const ConnectionTest = Type.Object({ ok: Type.Boolean(), ms: Type.Integer(), version: Type.Union([Type.String(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]) });

export const MappingInput = Type.Object(
  {
    connectionId: Type.String({ format: 'uuid' }),
    sourceSchema: Identifier,
    sourceTable: Identifier,
    columns: Type.Record(Type.String({ maxLength: 100 }), Identifier, { description: 'item code → source column', minProperties: 1, maxProperties: 500 }),
    keyColumn: Type.Optional(Identifier),
    watermarkColumn: Type.Optional(Identifier),
    intervalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 525600 })),
  },
  { additionalProperties: false },
);

const Mapping = Type.Object({
  datasetId: Type.String(),
  connectionId: Type.String(),
  sourceSchema: Type.String(),
  sourceTable: Type.String(),
  columns: Type.Record(Type.String(), Type.String()),
  keyColumn: Type.Union([Type.String(), Type.Null()]),
  watermarkColumn: Type.Union([Type.String(), Type.Null()]),
  intervalMinutes: Type.Union([Type.Integer(), Type.Null()]),
  lastWatermark: Type.Union([Type.String(), Type.Null()]),
  lastRunAt: Type.Union([Type.String(), Type.Null()]),
});

const ConnectionParams = Type.Object({ connectionId: Type.String({ format: 'uuid' }) });
const SyncQuery = Type.Object({ mode: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('incremental')])) });

export function tableSyncRoutes(sync: TableSyncService, datasets: DatasetsService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['datasets'];

    app.post('/api/datasets/connections', { schema: { tags, summary: '登记源数据库连接 (register a provider database: PostgreSQL or MySQL/MariaDB; password encrypted, never returned)', body: ConnectionCreate, response: { 201: Connection, ...errors } } }, async (request, reply) =>
      reply.code(201).send(await sync.createConnection(request.actor, request.body)),
    );
    app.get('/api/datasets/connections', { schema: { tags, summary: '本部门的源数据库连接 (source connections of the own department)', response: { 200: Type.Array(Connection), ...errors } } }, async (request) => sync.listConnections(request.actor));
    app.get('/api/datasets/connections/:connectionId', { schema: { tags, summary: '源数据库连接', params: ConnectionParams, response: { 200: Connection, ...errors } } }, async (request) => sync.connection(request.actor, request.params.connectionId));
    app.post(
      '/api/datasets/connections/:connectionId/test',
      { schema: { tags, summary: '测试连接 (connect within 5 s: the server version, or the host, port and reason)', params: ConnectionParams, response: { 200: ConnectionTest, ...errors } } },
      async (request) => sync.testConnection(request.actor, request.params.connectionId),
    );
    app.put(
      '/api/datasets/:id/sync-mapping',
      { schema: { tags, summary: '库表映射 (map a source table to the items; checked against the source information_schema)', params: DatasetIdParams, body: MappingInput, response: { 200: Mapping, ...errors } } },
      async (request) => sync.setMapping(request.actor, request.params.id, request.body),
    );
    app.get('/api/datasets/:id/sync-mapping', { schema: { tags, summary: '库表映射', params: DatasetIdParams, response: { 200: Mapping, ...errors } } }, async (request) => sync.mapping(request.actor, request.params.id));
    app.post(
      '/api/datasets/:id/sync',
      { schema: { tags, summary: '立即同步 (run a sync batch now: full = replace, incremental = rows past the cursor)', params: DatasetIdParams, querystring: SyncQuery, response: { 201: DatasetBatchDetail, ...errors } } },
      async (request, reply) => {
        const batchId = await sync.run(request.actor, request.params.id, request.query.mode ?? 'full');
        return reply.code(201).send(await datasets.batch(request.actor, request.params.id, batchId));
      },
    );
  };
}
