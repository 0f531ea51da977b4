import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, NotAllowedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import {
  checkedDocument,
  checkProbePath,
  checkUrl,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_READ_TIMEOUT_MS,
  storedAuth,
  upstreamAuth,
  type ApiServiceInput,
  type ApiServiceUpdate,
} from './api-service-input.ts';
import { apiServiceDb, ApiServicesRepository, platformDb, type ApiServiceRow } from './api-services.repository.ts';
import { operationsOf } from './openapi-document.ts';
import { probe, type ProbeResult } from './probe.ts';

/** The API view: never a secret, only whether one is stored. */
export function toApiService(row: ApiServiceRow, withDocument = false) {
  const info = (row.openapi.info ?? {}) as { title?: string; version?: string };
  const { name, username, tokenUrl, clientId, scope } = row.auth_config;
  return {
    id: row.id,
    entryId: row.entry_id,
    providerDepartmentId: row.provider_department_id,
    state: row.state,
    baseUrl: row.base_url,
    title: info.title ?? '',
    version: info.version ?? '',
    openapiVersion: String(row.openapi.openapi ?? ''),
    operations: row.operations,
    documentedOperations: operationsOf(row.openapi).map((o) => ({ id: o.id, method: o.method, path: o.path, safe: o.method === 'GET' && !o.needsInput })),
    probePath: row.probe_path,
    auth: { kind: row.auth_kind, ...(name && { name }), ...(username && { username }), ...(tokenUrl && { tokenUrl }), ...(clientId && { clientId }), ...(scope && { scope }), secretSet: row.auth_secret_enc !== null },
    connectTimeoutMs: row.connect_timeout_ms,
    readTimeoutMs: row.read_timeout_ms,
    lastProbe: (row.last_probe ?? null) as ProbeResult | null,
    lastProbeAt: row.last_probe_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    ...(withDocument && { openapi: row.openapi }),
  };
}

export type ApiServiceView = ReturnType<typeof toApiService>;

/**
 * API services (服务接口, ADR 0019): a provider registers the HTTP API behind a published entry
 * provided by 接口代理; the platform probes it, and a successful probe mounts the entry. Calling
 * the API through the gateway is not part of this module.
 */
export class ApiServicesService {
  readonly repo = new ApiServicesRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly catalog: CatalogDataPort,
  ) {}

  private get db() {
    return apiServiceDb(this.deps.db);
  }

  private get allowLinkLocal(): boolean {
    return this.deps.config.apiServiceAllowLinkLocal;
  }

  /** The department the actor reads in, null for every department (platform scope). */
  private readScope(actor: Actor): string | null {
    if (hasPlatformScope(actor, 'api-service:read')) return null;
    authorize(actor, 'api-service:read', actor.organisationId);
    return actor.organisationId;
  }

  /** Read scope into the query: a registration of another department is a 404. */
  private async visible(actor: Actor, id: string): Promise<ApiServiceRow> {
    const row = await this.repo.find(this.db, id, this.readScope(actor));
    if (!row) throw new NotFoundError('服务接口 API service', id);
    return row;
  }

  /** Seen but not the actor's to change (a leader, an auditor): 403. */
  private async changeable(actor: Actor, id: string): Promise<ApiServiceRow> {
    const row = await this.visible(actor, id);
    authorize(actor, 'api-service:manage', row.provider_department_id);
    if (row.state !== 'active') throw new InvalidTransitionError(row.state, 'api-service:change');
    return row;
  }

  private timeouts(input: { connectTimeoutMs?: number; readTimeoutMs?: number }, row?: ApiServiceRow) {
    return { connect_timeout_ms: input.connectTimeoutMs ?? row?.connect_timeout_ms ?? DEFAULT_CONNECT_TIMEOUT_MS, read_timeout_ms: input.readTimeoutMs ?? row?.read_timeout_ms ?? DEFAULT_READ_TIMEOUT_MS };
  }

  async register(actor: Actor, input: ApiServiceInput): Promise<ApiServiceView> {
    authorize(actor, 'api-service:manage', actor.organisationId);
    const entry = await this.catalog.publishedEntry(this.deps.db, input.entryId);
    if (!entry) throw new NotFoundError('已发布目录 published entry', input.entryId);
    // Published entries are public: another department's is seen, not the actor's to provide.
    if (entry.providerDepartmentId !== actor.organisationId) throw new NotAllowedError('api-service:manage', '只能为本部门提供的目录登记服务接口 (only for an entry of the own department)');
    if (entry.provisionMethod !== 'api') throw ValidationError.field('entryId', `entryId: 目录的数据提供方式为 ${entry.provisionMethod},只有"接口代理"的目录可登记服务接口 (the entry is not provided by API)`, 'NOT_API_ENTRY');
    const urlProblems = checkUrl('baseUrl', input.baseUrl, this.allowLinkLocal);
    if (urlProblems.length > 0) throw new ValidationError(urlProblems[0]!.message, urlProblems, 'INVALID_BASE_URL');
    checkProbePath(input.probePath);
    const { document, operations } = checkedDocument(input.openapi, input.operations);
    const auth = storedAuth(input.auth, this.deps.keys.data, this.allowLinkLocal);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const db = apiServiceDb(trx);
      if (await this.repo.activeForEntry(db, entry.id)) throw new ConflictError('该目录已登记服务接口,请修改或先停用 (the entry already has an active API service)', 'API_SERVICE_EXISTS');
      const row = await this.repo.insert(db, {
        entry_id: entry.id,
        provider_department_id: entry.providerDepartmentId,
        state: 'active',
        base_url: input.baseUrl,
        openapi: JSON.stringify(document) as never,
        operations: JSON.stringify(operations) as never,
        probe_path: input.probePath ?? null,
        auth_kind: auth.kind,
        auth_config: JSON.stringify(auth.config) as never,
        auth_secret_enc: auth.secretEnc,
        ...this.timeouts(input),
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      // The audit names the upstream and the authentication kind, never a secret.
      await this.deps.audit.record(trx, actor, { operation: 'api-service:register', targetType: 'api_service', targetId: row.id, details: { entryId: entry.id, baseUrl: input.baseUrl, operations, auth: auth.kind, ...auth.config } });
      return toApiService(row, true);
    });
  }

  async list(actor: Actor, filter: { entryId?: string; state?: 'active' | 'inactive' }): Promise<ApiServiceView[]> {
    return (await this.repo.list(this.db, this.readScope(actor), filter)).map((row) => toApiService(row));
  }

  async get(actor: Actor, id: string): Promise<ApiServiceView> {
    return toApiService(await this.visible(actor, id), true);
  }

  async update(actor: Actor, id: string, input: ApiServiceUpdate): Promise<ApiServiceView> {
    const row = await this.changeable(actor, id);
    if (input.baseUrl !== undefined) {
      const problems = checkUrl('baseUrl', input.baseUrl, this.allowLinkLocal);
      if (problems.length > 0) throw new ValidationError(problems[0]!.message, problems, 'INVALID_BASE_URL');
    }
    checkProbePath(input.probePath);
    const checked = input.openapi !== undefined || input.operations !== undefined ? checkedDocument(input.openapi ?? JSON.stringify(row.openapi), input.operations ?? row.operations) : undefined;
    const auth = input.auth ? storedAuth(input.auth, this.deps.keys.data, this.allowLinkLocal, row) : undefined;
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const updated = await this.repo.updateActive(apiServiceDb(trx), row.id, {
        ...(input.baseUrl !== undefined && { base_url: input.baseUrl }),
        ...(checked && { openapi: JSON.stringify(checked.document) as never, operations: JSON.stringify(checked.operations) as never }),
        ...(input.probePath !== undefined && { probe_path: input.probePath }),
        ...(auth && { auth_kind: auth.kind, auth_config: JSON.stringify(auth.config) as never, auth_secret_enc: auth.secretEnc }),
        ...this.timeouts(input, row),
        // What was probed is no longer what is registered.
        last_probe: null,
        last_probe_ok: null,
        last_probe_at: null,
        updated_at: now,
      });
      if (!updated) throw new InvalidTransitionError('inactive', 'api-service:update');
      const changed = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
      await this.deps.audit.record(trx, actor, { operation: 'api-service:update', targetType: 'api_service', targetId: row.id, details: { changed, ...(input.baseUrl && { baseUrl: input.baseUrl }), ...(auth && { auth: auth.kind, secretReplaced: auth.secretEnc !== row.auth_secret_enc }) } });
      return toApiService(updated, true);
    });
  }

  /**
   * Probes the upstream and stores the result; a successful probe mounts the entry as 服务接口.
   * Network trouble is a result (ok false with named problems), never an error of this request.
   */
  async probe(actor: Actor, id: string): Promise<ApiServiceView> {
    const row = await this.changeable(actor, id);
    const result = await probe(
      { baseUrl: row.base_url, openapi: row.openapi, operations: row.operations, probePath: row.probe_path, auth: upstreamAuth(row, this.deps.keys.data), connectTimeoutMs: row.connect_timeout_ms, readTimeoutMs: row.read_timeout_ms, allowLinkLocal: this.allowLinkLocal },
      () => this.deps.clock.now(),
    );
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.repo.recordProbe(apiServiceDb(trx), row.id, result, result.ok, now))) throw new InvalidTransitionError('inactive', 'api-service:probe');
      // An entry taken offline since the registration stays unmounted, whatever the upstream says.
      if (result.ok && (await this.catalog.publishedEntry(trx, row.entry_id))) {
        const title = String((row.openapi.info as { title?: string } | undefined)?.title ?? '').slice(0, 100);
        await this.catalog.markMounted(platformDb(apiServiceDb(trx)), row.entry_id, `服务接口 ${title} ${row.operations.length} 个操作 (API service)`, now);
      }
      await this.deps.audit.record(trx, actor, { operation: 'api-service:probe', targetType: 'api_service', targetId: row.id, outcome: result.ok ? 'success' : 'failure', details: { entryId: row.entry_id, ok: result.ok, latencyMs: result.latencyMs, problems: result.problems.map((p) => p.code) } });
    });
    return this.get(actor, id);
  }

  async deactivate(actor: Actor, id: string, reason?: string): Promise<ApiServiceView> {
    const row = await this.changeable(actor, id);
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.repo.deactivate(apiServiceDb(trx), row.id, this.deps.clock.now()))) throw new InvalidTransitionError('inactive', 'api-service:deactivate');
      await this.deps.audit.record(trx, actor, { operation: 'api-service:deactivate', targetType: 'api_service', targetId: row.id, details: { entryId: row.entry_id, ...(reason && { reason }) } });
    });
    return this.get(actor, id);
  }
}
