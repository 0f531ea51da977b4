import type { ErrorDetail, MessageLanguage, MessageParams } from '@huitong/contracts';

/**
 * The console's single door to the API. Pages and hooks never call `fetch` themselves:
 * every request goes through `api.*` here, which
 * - sends the session cookie (same origin) and `X-Requested-With: huitong` on writes (CSRF guard),
 * - encodes query strings without empty values,
 * - turns every non-2xx answer into an `ApiError` carrying the server's code, message and details.
 */

export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_VALUE = 'huitong';
/** The console's language, so the server words its messages for it (ADR 0017). */
export const LANGUAGE_HEADER = 'X-Huitong-Language';

let requestLanguage: MessageLanguage | null = null;
/** Called by the i18n setup on start and whenever the user switches language. */
export function setRequestLanguage(language: MessageLanguage | null): void {
  requestLanguage = language;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  /** When the request may succeed again (ISO instant), e.g. the end of an account lockout. */
  readonly retryAt: string | null;
  /** The catalog parameters when the server's message was rendered from `code`; else null. */
  readonly params: MessageParams | null;

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = [], requestId: string | null = null, retryAt: string | null = null, params: MessageParams | null = null) {
    super(message);
    this.retryAt = retryAt;
    this.params = params;
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;

/** `{ q: '户籍', page: 2, empty: '' }` → `?q=%E6%88%B7%E7%B1%8D&page=2`; empty values are left out. */
export function queryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Reads an error body of the platform's shape; anything else becomes a generic HTTP error. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's HTML page, an empty body)
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown; retryAt?: unknown; params?: unknown } } | null)?.error;
  const requestId = typeof (body as { requestId?: unknown } | null)?.requestId === 'string' ? (body as { requestId: string }).requestId : response.headers.get('x-request-id');
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [];
    const retryAt = typeof error.retryAt === 'string' ? error.retryAt : null;
    const params = error.params && typeof error.params === 'object' && !Array.isArray(error.params) ? (error.params as MessageParams) : null;
    return new ApiError(response.status, error.code, error.message, details, requestId, retryAt, params);
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || `HTTP ${response.status}`, [], requestId);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Overridable for tests; the browser's fetch otherwise. */
let fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args);
export function setFetchForTesting(impl: typeof fetch): void {
  fetchImpl = impl;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = CSRF_VALUE;
  if (requestLanguage) headers[LANGUAGE_HEADER] = requestLanguage;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetchImpl(path + queryString(options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '无法连接服务器 (cannot reach the server)');
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Multipart upload of one file; POST by default, PUT where the file replaces a resource's attachment. */
  upload: <T>(path: string, file: File | Blob, options: { field?: string; method?: 'POST' | 'PUT' } = {}) => {
    const form = new FormData();
    form.append(options.field ?? 'file', file);
    return request<T>(options.method ?? 'POST', path, { body: form });
  },
  /** A same-origin URL for downloads (the browser sends the session cookie with a plain link). */
  href: (path: string, query?: Record<string, QueryValue>) => path + queryString(query),
};
