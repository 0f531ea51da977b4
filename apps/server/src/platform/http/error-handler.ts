import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES, renderBilingual, renderErrorMessage, type ErrorDetail, type MessageLanguage, type MessageParams } from '@huitong/contracts';
import { codedDetail, DomainError } from '../errors.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import { duplicateConflict, isDatabaseUnavailable } from '../db/database-errors.ts';
import { requestLanguage } from './language.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/content/items/0/name" → "content.items[0].name" */
export function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

interface AjvProblem {
  field: string;
  code: string;
  params: MessageParams;
}

/** What an ajv error is about, as a catalog code and params (no text rendered yet: that is dearer). */
function ajvProblem(error: AjvError, context: string | undefined): AjvProblem {
  const where = context && context !== 'body' ? `${context === 'querystring' ? 'query' : context}.` : '';
  switch (error.keyword) {
    case 'required': {
      const field = where + fieldPath(error.instancePath, String(error.params.missingProperty));
      return { field, code: 'REQUIRED', params: { field } };
    }
    case 'additionalProperties': {
      const field = where + fieldPath(error.instancePath, String(error.params.additionalProperty));
      return { field, code: 'UNKNOWN_FIELD', params: { field } };
    }
    case 'enum': {
      const field = where + fieldPath(error.instancePath);
      const allowed = (error.params.allowedValues as unknown[] | undefined)?.join(', ') ?? '';
      return { field, code: 'INVALID_ENUM', params: { field, allowed } };
    }
    case 'maxLength':
    case 'minLength': {
      const field = where + fieldPath(error.instancePath);
      const limit = Number(error.params.limit);
      return { field, code: error.keyword === 'maxLength' ? 'FIELD_TOO_LONG' : 'FIELD_TOO_SHORT', params: { field, limit } };
    }
    default: {
      const field = where + fieldPath(error.instancePath) || context || 'body';
      // ajv's own wording ("must match format \"uuid\"") is English in every language.
      return { field, code: 'INVALID_VALUE', params: { field, reason: error.message ?? 'is invalid' } };
    }
  }
}

export function describeAjvError(error: AjvError, context: string | undefined): ErrorDetail {
  const problem = ajvProblem(error, context);
  return codedDetail(problem.field, problem.code, problem.params);
}

/** A coded detail's message in the request's language; other details as they are. */
export function localiseDetail(detail: ErrorDetail, language: MessageLanguage | null): ErrorDetail {
  if (!language || !detail.code || !detail.params) return detail;
  const message = renderErrorMessage(language, detail.code, detail.params as MessageParams);
  return message === null ? detail : { ...detail, message };
}

/** How many distinct problems one answer names; a body can produce one error per key or item. */
export const MAX_REPORTED_ERRORS = 20;

/**
 * The first MAX_REPORTED_ERRORS distinct problems, in one pass with a Set: a hostile body with
 * 160,000 unknown keys yields as many ajv errors, and pairwise de-duplication froze the loop.
 */
export function reportedErrors(errors: readonly AjvError[], context: string | undefined): ErrorDetail[] {
  const seen = new Set<string>();
  const unique: ErrorDetail[] = [];
  for (const error of errors) {
    const problem = ajvProblem(error, context);
    const key = `${problem.code}\u0000${Object.values(problem.params).join('\u0000')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(codedDetail(problem.field, problem.code, problem.params));
    if (unique.length >= MAX_REPORTED_ERRORS) break;
  }
  return unique;
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: '请求体不是有效的 JSON (malformed JSON body)' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: '请求体为空 (empty JSON body)' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大 (body too large)' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型 (unsupported content type)' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '上传文件过大 (file too large)' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以 multipart/form-data 上传文件 (expected multipart/form-data)' },
};

export interface ErrorResponse {
  status: number;
  body: { error: { code: string; message: string; params?: MessageParams; details?: ErrorDetail[]; retryAt?: string }; requestId: string };
}

/** A catalog code's message: in the request's language, else both ("中文 (English)"). */
function catalogMessage(language: MessageLanguage | null, code: string, params: MessageParams): string {
  return (language ? renderErrorMessage(language, code, params) : renderBilingual(ERROR_MESSAGES, code, params)) ?? code;
}

/**
 * Maps any error to its HTTP status and body, messages in `language` (null: the request named
 * none). The only place that knows status codes.
 */
export function toErrorResponse(thrown: FastifyError | Error, requestId: string, language: MessageLanguage | null = null): ErrorResponse {
  const error = duplicateConflict(thrown) ?? thrown;
  const body = (code: string, message: string, details?: ErrorDetail[], params?: MessageParams) => {
    const localised = details?.map((detail) => localiseDetail(detail, language));
    return {
      error: { code, message, ...(params && { params }), ...(localised && localised.length > 0 && { details: localised }) },
      requestId,
    };
  };
  const coded = (code: string, params: MessageParams, details?: ErrorDetail[]) => body(code, catalogMessage(language, code, params), details, params);
  if (error instanceof DomainError) {
    const response: ErrorResponse = { status: error.status, body: error.params ? coded(error.code, error.params, error.details) : body(error.code, error.message, error.details) };
    if (error.retryAt) response.body.error.retryAt = error.retryAt.toISOString();
    return response;
  }
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    const unique = reportedErrors(fastifyError.validation as AjvError[], fastifyError.validationContext).map((detail) => localiseDetail(detail, language));
    return { status: 400, body: body('VALIDATION_FAILED', unique.map((d) => d.message).join('; '), unique) };
  }
  if (error instanceof SyntaxError && (fastifyError.statusCode === 400 || /JSON/.test(error.message))) {
    return { status: 400, body: body('MALFORMED_JSON', '请求体不是有效的 JSON (malformed JSON body)') };
  }
  const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (known) return { status: known.status, body: body(known.code, known.message) };
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return { status, body: body(fastifyError.code ?? 'BAD_REQUEST', fastifyError.message) };
  }
  if (isDatabaseUnavailable(error)) return { status: 503, body: coded('DATABASE_UNAVAILABLE', {}) };
  return { status: 500, body: coded('INTERNAL_ERROR', {}) };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerErrorHandling(app: FastifyInstance, deps: { db: Kysely<Database>; audit: AuditTrail; clock: Clock }): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const language = requestLanguage(request.headers);
    const response = toErrorResponse(error, request.id, language);
    if (response.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: response.body.error.code, status: response.status }, 'request rejected');

    // Failed and denied attempts are part of the audit trail (SPEC §7). A service that already
    // recorded its own attempt (failed logins) marks the actor so it is not written twice.
    // With the database gone the attempt cannot be recorded; trying would only delay the answer.
    const databaseDown = response.body.error.code === 'DATABASE_UNAVAILABLE';
    if (MUTATING.has(request.method) && request.routeOptions.url && request.actor && !request.actor.failureAudited && !databaseDown) {
      const operation = request.routeOptions.config.operation ?? `${request.method} ${request.routeOptions.url}`;
      const params = (request.params ?? {}) as Record<string, unknown>;
      try {
        await deps.audit.recordAttempt(deps.db, request.actor, {
          operation,
          targetType: null,
          targetId: typeof params.id === 'string' ? params.id : null,
          outcome: response.status === 401 || response.status === 403 ? 'denied' : 'failure',
          details: {
            status: response.status,
            code: response.body.error.code,
            // The trail keeps one wording whatever language the client read (the bilingual one).
            // jsonb refuses U+0000; cutting at 500 may split a surrogate pair.
            message: (language ? toErrorResponse(error, request.id).body.error.message : response.body.error.message).slice(0, 500).replace(/[\u0000\p{Cs}]/gu, '\uFFFD'),
            route: `${request.method} ${request.routeOptions.url}`,
          },
        });
      } catch (auditError) {
        request.log.error({ err: auditError }, 'could not record the failed attempt in the audit trail');
      }
    }
    const retryAt = response.body.error.retryAt;
    if (retryAt) reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(retryAt) - deps.clock.now().getTime()) / 1000))));
    if (databaseDown) reply.header('retry-after', '5');
    return reply.status(response.status).send(response.body);
  });
}

/**
 * Unknown routes: JSON 404 for the API; the console's index.html for other GET paths when the
 * console is built, so deep links into the single-page app work.
 */
export function registerNotFound(app: FastifyInstance, options: { consoleIndex: boolean }): void {
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0]!;
    const wantsPage = request.method === 'GET' && !url.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(url);
    if (options.consoleIndex && wantsPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    const params = { what: `${request.method} ${url}` };
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: catalogMessage(requestLanguage(request.headers), 'NOT_FOUND', params), params }, requestId: request.id });
  });
}
