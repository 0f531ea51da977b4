import type { ErrorDetail } from '@huitong/contracts';
import { decryptField, encryptField, type DataKeys } from '../../platform/crypto.ts';
import { ValidationError } from '../../platform/errors.ts';
import { operationsOf, parseOpenApi } from './openapi-document.ts';
import type { ApiServiceRow, AuthKind } from './api-services.repository.ts';
import type { UpstreamAuth } from './probe.ts';
import { isBlockedHost } from './upstream-http.ts';

/** Upstream authentication as the API takes it; secrets are write-only. */
export interface AuthInput {
  kind: AuthKind;
  name?: string;
  value?: string;
  username?: string;
  password?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

export interface ApiServiceInput {
  entryId: string;
  baseUrl: string;
  /** The OpenAPI 3.x document as JSON or YAML text. */
  openapi: string;
  operations: string[];
  probePath?: string | null;
  auth: AuthInput;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

export type ApiServiceUpdate = Partial<Omit<ApiServiceInput, 'entryId'>>;

export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
export const DEFAULT_READ_TIMEOUT_MS = 10_000;

/** The secret field of each kind, and the fields it requires besides. */
const AUTH_FIELDS: Record<AuthKind, { required: Array<keyof AuthInput>; secret: keyof AuthInput | null; allowed: Array<keyof AuthInput> }> = {
  none: { required: [], secret: null, allowed: [] },
  header: { required: ['name'], secret: 'value', allowed: ['name', 'value'] },
  basic: { required: ['username'], secret: 'password', allowed: ['username', 'password'] },
  oauth2_client_credentials: { required: ['tokenUrl', 'clientId'], secret: 'clientSecret', allowed: ['tokenUrl', 'clientId', 'clientSecret', 'scope'] },
};

/** An http(s) URL without credentials or fragment, not on a refused address; problems under `field`. */
export function checkUrl(field: string, value: string, allowLinkLocal: boolean): ErrorDetail[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ field, message: `${field}: 不是有效的 URL (not a valid URL)` }];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [{ field, message: `${field}: 只支持 http 或 https,实为 ${url.protocol.replace(/:$/, '')} (only http and https)` }];
  if (url.username || url.password) return [{ field, message: `${field}: URL 中不能含用户名或密码,请使用上游认证 (no credentials in the URL: use the upstream authentication)` }];
  if (url.hash) return [{ field, message: `${field}: URL 不能含片段 # (no fragment)` }];
  if (!allowLinkLocal && isBlockedHost(url.hostname)) return [{ field, message: `${field}: ${url.hostname} 是链路本地或元数据地址,不允许登记 (link-local or metadata address refused)` }];
  return [];
}

/** The checked, stored form of the authentication: non-secret config and the encrypted secret. */
export function storedAuth(input: AuthInput, keys: DataKeys, allowLinkLocal: boolean, previous?: Pick<ApiServiceRow, 'auth_kind' | 'auth_secret_enc'>): { kind: AuthKind; config: Record<string, string>; secretEnc: string | null } {
  const rule = AUTH_FIELDS[input.kind];
  const problems: ErrorDetail[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'kind' && value !== undefined && !rule.allowed.includes(key as keyof AuthInput)) problems.push({ field: `auth.${key}`, message: `auth.${key}: 认证方式 ${input.kind} 不使用此字段 (not a field of this authentication kind)` });
  }
  for (const key of rule.required) if (!input[key]) problems.push({ field: `auth.${key}`, message: `auth.${key}: 认证方式 ${input.kind} 需要此字段 (required for this authentication kind)` });
  // The secret may be left out of an update that keeps the same kind: the stored one stays.
  const keep = previous && previous.auth_kind === input.kind && previous.auth_secret_enc !== null;
  if (rule.secret && !input[rule.secret] && !keep) problems.push({ field: `auth.${rule.secret}`, message: `auth.${rule.secret}: 认证方式 ${input.kind} 需要此字段 (required for this authentication kind)` });
  if (input.kind === 'header' && input.name && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/.test(input.name)) problems.push({ field: 'auth.name', message: 'auth.name: 不是有效的 HTTP 头名称 (not a valid header name)' });
  if (input.kind === 'header' && input.name && /^(host|content-length|transfer-encoding|connection)$/i.test(input.name)) problems.push({ field: 'auth.name', message: `auth.name: 不能使用 ${input.name} 头 (reserved header)` });
  if (input.kind === 'basic' && input.username?.includes(':')) problems.push({ field: 'auth.username', message: 'auth.username: 用户名不能含冒号 (no colon in a Basic user name)' });
  if (input.tokenUrl) problems.push(...checkUrl('auth.tokenUrl', input.tokenUrl, allowLinkLocal));
  if (problems.length > 0) throw new ValidationError(problems[0]!.message, problems, 'INVALID_AUTH');
  const config: Record<string, string> = {};
  for (const key of rule.allowed) if (key !== rule.secret && input[key]) config[key] = input[key]!;
  const secret = rule.secret ? input[rule.secret] : undefined;
  return { kind: input.kind, config, secretEnc: secret ? encryptField(keys, secret) : rule.secret ? previous!.auth_secret_enc : null };
}

/** The authentication of a stored registration, secret decrypted, for one call. */
export function upstreamAuth(row: ApiServiceRow, keys: DataKeys): UpstreamAuth {
  const secret = row.auth_secret_enc ? decryptField(keys, row.auth_secret_enc) : '';
  const c = row.auth_config;
  switch (row.auth_kind) {
    case 'none':
      return { kind: 'none' };
    case 'header':
      return { kind: 'header', name: c.name!, value: secret };
    case 'basic':
      return { kind: 'basic', username: c.username!, password: secret };
    case 'oauth2_client_credentials':
      return { kind: 'oauth2_client_credentials', tokenUrl: c.tokenUrl!, clientId: c.clientId!, clientSecret: secret, ...(c.scope && { scope: c.scope }) };
  }
}

/** The document parsed and the exposed operations checked against it. */
export function checkedDocument(openapi: string, operations: string[]): { document: Record<string, unknown>; operations: string[] } {
  const document = parseOpenApi(openapi);
  const known = new Set(operationsOf(document).map((o) => o.id));
  const problems: ErrorDetail[] = [];
  operations.forEach((id, index) => {
    if (!known.has(id)) problems.push({ field: `operations[${index}]`, message: `operations[${index}]: 文档中没有操作 ${id} (no such operation in the document; use its operationId or "METHOD /path")` });
  });
  if (new Set(operations).size !== operations.length) problems.push({ field: 'operations', message: 'operations: 操作重复 (an operation is listed twice)' });
  if (problems.length > 0) throw new ValidationError(problems[0]!.message, problems, 'INVALID_OPERATIONS');
  return { document, operations };
}

export function checkProbePath(path: string | null | undefined): void {
  if (path === null || path === undefined) return;
  if (!path.startsWith('/') || path.startsWith('//') || /(^|\/)\.\.(\/|$)|[\s#]/.test(path)) throw ValidationError.field('probePath', 'probePath: 应为以 / 开头的相对路径,不含 ..、# 或空白 (a path relative to the base URL)', 'INVALID_PROBE_PATH');
}
