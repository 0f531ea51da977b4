import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import { OPENAPI_MAX_BYTES } from './openapi-document.ts';
import type { ApiServicesService } from './api-services.service.ts';

const Secret = (what: string) => Type.String({ minLength: 1, maxLength: 4096, description: `${what}: stored encrypted with the master key; never returned` });

const Auth = Type.Object(
  {
    kind: Type.Union([Type.Literal('none'), Type.Literal('header'), Type.Literal('basic'), Type.Literal('oauth2_client_credentials')]),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'header: the header name' })),
    value: Type.Optional(Secret('header: the header value')),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Secret('basic: the password')),
    tokenUrl: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    clientSecret: Type.Optional(Secret('oauth2: the client secret')),
    scope: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, description: 'none | header {name, value} | basic {username, password} | oauth2_client_credentials {tokenUrl, clientId, clientSecret, scope}; on update a secret left out is kept' },
);

const fields = {
  baseUrl: Type.String({ minLength: 1, maxLength: 2000, description: 'http or https; link-local and metadata addresses are refused' }),
  openapi: Type.String({ minLength: 1, maxLength: OPENAPI_MAX_BYTES, description: 'the OpenAPI 3.x document, JSON or YAML' }),
  operations: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 500, description: 'exposed operations: operationId, or "METHOD /path"' }),
  probePath: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()], { description: 'a GET path (relative to the base URL) the probe calls instead of the safe operations' })),
  auth: Auth,
  connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000, default: undefined })),
  readTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 30_000, default: undefined })),
};

export const ApiServiceCreate = Type.Object({ entryId: Type.String({ format: 'uuid' }), ...fields }, { additionalProperties: false });
export const ApiServicePatch = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const ProbeResult = Type.Object({
  ok: Type.Boolean(),
  latencyMs: Type.Integer(),
  checkedAt: Type.String(),
  operations: Type.Array(Type.Object({ operation: Type.String(), method: Type.String(), path: Type.String(), status: Type.Union([Type.Integer(), Type.Null()]), latencyMs: Type.Integer(), ok: Type.Boolean() })),
  problems: Type.Array(Type.Object({ operation: Nullable(Type.String()), code: Type.String(), message: Type.String() })),
});

export const ApiService = Type.Object({
  id: Type.String(),
  entryId: Type.String(),
  providerDepartmentId: Type.String(),
  state: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
  baseUrl: Type.String(),
  title: Type.String(),
  version: Type.String(),
  openapiVersion: Type.String(),
  operations: Type.Array(Type.String()),
  documentedOperations: Type.Array(Type.Object({ id: Type.String(), method: Type.String(), path: Type.String(), safe: Type.Boolean() })),
  probePath: Nullable(Type.String()),
  auth: Type.Object({
    kind: Type.String(),
    name: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    tokenUrl: Type.Optional(Type.String()),
    clientId: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
    secretSet: Type.Boolean({ description: 'whether a secret is stored; the secret itself is never returned' }),
  }),
  connectTimeoutMs: Type.Integer(),
  readTimeoutMs: Type.Integer(),
  lastProbe: Type.Union([ProbeResult, Type.Null()]),
  lastProbeAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  openapi: Type.Optional(Type.Unknown({ description: 'the stored document (detail only)' })),
});

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object({ entryId: Type.Optional(Type.String({ format: 'uuid' })), state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])) }, { additionalProperties: false });
const Deactivate = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export function apiServiceRoutes(service: ApiServicesService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['api-services'];
    app.post('/api/api-services', { schema: { tags, summary: '登记服务接口 (register the HTTP API of a published 接口代理 entry; secrets encrypted, never returned)', body: ApiServiceCreate, response: { 201: ApiService, ...errors } } }, async (request, reply) =>
      reply.code(201).send(await service.register(request.actor, request.body)),
    );
    app.get('/api/api-services', { schema: { tags, summary: '服务接口 (registrations the actor may see)', querystring: ListQuery, response: { 200: Type.Array(ApiService), ...errors } } }, async (request) => service.list(request.actor, request.query));
    app.get('/api/api-services/:id', { schema: { tags, summary: '服务接口详情 (with the OpenAPI document and the last probe)', params: Params, response: { 200: ApiService, ...errors } } }, async (request) => service.get(request.actor, request.params.id));
    app.patch('/api/api-services/:id', { schema: { tags, summary: '修改服务接口 (the last probe is cleared)', params: Params, body: ApiServicePatch, response: { 200: ApiService, ...errors } } }, async (request) =>
      service.update(request.actor, request.params.id, request.body),
    );
    app.post('/api/api-services/:id/probe', { schema: { tags, summary: '探测 (call the safe operations within the timeouts; a success mounts the entry as 服务接口)', params: Params, response: { 200: ApiService, ...errors } } }, async (request) =>
      service.probe(request.actor, request.params.id),
    );
    app.post('/api/api-services/:id/deactivate', { schema: { tags, summary: '停用服务接口', params: Params, body: Type.Optional(Deactivate), response: { 200: ApiService, ...errors } } }, async (request) =>
      service.deactivate(request.actor, request.params.id, request.body?.reason),
    );
  };
}
