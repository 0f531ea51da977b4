import { Ajv } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { operationsOf, successResponse, type DocumentedOperation } from './openapi-document.ts';
import { callUpstream, UpstreamFailure, type UpstreamResponse } from './upstream-http.ts';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

/** At most this many operations are called per probe, and each answer is read up to this size. */
const MAX_PROBED = 5;
const MAX_BYTES = 1024 * 1024;

export interface ProbeProblem {
  operation: string | null;
  code: string;
  message: string;
}

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  checkedAt: string;
  operations: Array<{ operation: string; method: string; path: string; status: number | null; latencyMs: number; ok: boolean }>;
  problems: ProbeProblem[];
}

/** Upstream authentication with its secret decrypted, for the duration of one probe. */
export type UpstreamAuth =
  | { kind: 'none' }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'oauth2_client_credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface ProbeTarget {
  baseUrl: string;
  openapi: Record<string, unknown>;
  operations: string[];
  probePath: string | null;
  auth: UpstreamAuth;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  allowLinkLocal: boolean;
}

const FAILURE_CODES: Record<UpstreamFailure['kind'], string> = {
  blocked: 'BLOCKED_ADDRESS',
  refused: 'UNREACHABLE',
  dns: 'DNS_FAILURE',
  tls: 'TLS_ERROR',
  network: 'UNREACHABLE',
  connect_timeout: 'TIMEOUT',
  read_timeout: 'TIMEOUT',
  too_large: 'RESPONSE_TOO_LARGE',
};

function join(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  return new URL(base.pathname.replace(/\/$/, '') + path, base);
}

/** What is called: the configured probe path, or the exposed GET operations that need no input. */
function targetsOf(target: ProbeTarget): Array<{ operation: DocumentedOperation | undefined; label: string; path: string }> {
  const documented = operationsOf(target.openapi);
  if (target.probePath !== null) {
    const path = target.probePath.split('?')[0]!;
    const operation = documented.find((o) => o.method === 'GET' && o.path === path);
    return [{ operation, label: operation?.id ?? `GET ${target.probePath}`, path: target.probePath }];
  }
  return documented
    .filter((o) => target.operations.includes(o.id) && o.method === 'GET' && !o.needsInput)
    .slice(0, MAX_PROBED)
    .map((o) => ({ operation: o, label: o.id, path: o.path }));
}

/** client_credentials with the client authenticated by HTTP Basic (RFC 6749 §2.3.1, §4.4). */
async function oauth2Token(target: ProbeTarget, auth: Extract<UpstreamAuth, { kind: 'oauth2_client_credentials' }>): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...(auth.scope && { scope: auth.scope }) });
  const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64');
  const response = await callUpstream({
    url: new URL(auth.tokenUrl),
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
    connectTimeoutMs: target.connectTimeoutMs,
    readTimeoutMs: target.readTimeoutMs,
    allowLinkLocal: target.allowLinkLocal,
    maxBytes: 64 * 1024,
  });
  if (response.status < 200 || response.status > 299) throw new UpstreamFailure('network', `令牌端点返回 HTTP ${response.status} (token endpoint refused the client)`);
  let token: unknown;
  try {
    token = (JSON.parse(response.body.toString('utf8')) as { access_token?: unknown }).access_token;
  } catch {
    throw new UpstreamFailure('network', '令牌端点的响应不是 JSON (token response is not JSON)');
  }
  if (typeof token !== 'string' || token.length === 0) throw new UpstreamFailure('network', '令牌端点的响应没有 access_token (no access_token in the token response)');
  return token;
}

function checkResponse(target: ProbeTarget, operation: DocumentedOperation | undefined, label: string, response: UpstreamResponse): ProbeProblem[] {
  const problem = (code: string, message: string): ProbeProblem => ({ operation: label, code, message });
  if (response.status === 401 || response.status === 403) return [problem('AUTH_REJECTED', `上游拒绝了认证信息: HTTP ${response.status} (upstream rejected the credentials)`)];
  if (response.status < 200 || response.status > 299) return [problem('UNEXPECTED_STATUS', `上游返回 HTTP ${response.status},应为 2xx (expected a 2xx status)`)];
  const documented = operation ? successResponse(target.openapi, operation) : undefined;
  if (!documented) return [];
  const mediaType = (response.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const matches = (declared: string) => {
    const [type, sub] = declared.toLowerCase().split('/');
    const [actualType, actualSub] = mediaType.split('/');
    return (type === '*' || type === actualType) && (sub === '*' || sub === actualSub);
  };
  if (documented.contentTypes.length > 0 && !documented.contentTypes.some(matches)) {
    return [problem('CONTENT_TYPE', `响应类型为 ${mediaType || '(无)'},文档声明 ${documented.contentTypes.join(', ')} (content type not as documented)`)];
  }
  if (documented.schema === undefined) return [];
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return [problem('NOT_JSON', '响应不是有效的 JSON (the response is not valid JSON)')];
  }
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));
  let validate;
  try {
    // References such as #/components/schemas/X resolve against the document's components.
    validate = ajv.compile({ allOf: [documented.schema], components: target.openapi.components ?? {} });
  } catch (error) {
    return [problem('SCHEMA_INVALID', `文档中的响应结构无法使用 (the documented schema cannot be compiled): ${(error as Error).message}`)];
  }
  if (validate(body)) return [];
  const details = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  return [problem('SCHEMA_MISMATCH', `响应与文档声明的结构不符 (response does not match the documented schema): ${details.join('; ')}`)];
}

/**
 * Calls the safe operations with the upstream authentication and checks each answer: status,
 * content type and the documented schema. Every failure becomes a named problem; the whole probe
 * is bounded by the timeouts (per call), so it cannot hang.
 */
export async function probe(target: ProbeTarget, now: () => Date): Promise<ProbeResult> {
  const started = Date.now();
  const problems: ProbeProblem[] = [];
  const operations: ProbeResult['operations'] = [];
  const done = (): ProbeResult => ({ ok: problems.length === 0 && operations.length > 0, latencyMs: Date.now() - started, checkedAt: now().toISOString(), operations, problems });
  const targets = targetsOf(target);
  if (targets.length === 0) {
    problems.push({ operation: null, code: 'NO_SAFE_OPERATION', message: '没有可安全探测的操作: 请配置探测路径,或开放一个无必填参数的 GET 操作 (no GET operation without required input: configure a probe path)' });
    return done();
  }
  const headers: Record<string, string> = { accept: 'application/json, */*;q=0.5', 'user-agent': 'huitong-probe' };
  const auth = target.auth;
  if (auth.kind === 'header') headers[auth.name.toLowerCase()] = auth.value;
  if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  if (auth.kind === 'oauth2_client_credentials') {
    try {
      headers.authorization = `Bearer ${await oauth2Token(target, auth)}`;
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      problems.push({ operation: null, code: 'AUTH_TOKEN', message: `无法取得 OAuth2 访问令牌 (could not obtain the OAuth2 token): ${error.message}` });
      return done();
    }
  }
  for (const { operation, label, path } of targets) {
    const callStarted = Date.now();
    let response: UpstreamResponse | undefined;
    try {
      response = await callUpstream({ url: join(target.baseUrl, path), method: 'GET', headers, connectTimeoutMs: target.connectTimeoutMs, readTimeoutMs: target.readTimeoutMs, allowLinkLocal: target.allowLinkLocal, maxBytes: MAX_BYTES });
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      problems.push({ operation: label, code: FAILURE_CODES[error.kind], message: error.message });
    }
    const found = response ? checkResponse(target, operation, label, response) : [];
    problems.push(...found);
    operations.push({ operation: label, method: 'GET', path, status: response?.status ?? null, latencyMs: Date.now() - callStarted, ok: response !== undefined && found.length === 0 });
  }
  return done();
}
