import { ERROR_MESSAGES as ERROR_CATALOG, renderBilingual, type ErrorDetail, type LocalisedText, type MessageParams } from '@huitong/contracts';
import { chinaMinute } from './calendar/working-days.ts';

/**
 * Domain errors. Services throw these; `http/error-handler.ts` is the one place that maps them
 * to HTTP status codes and the `{ error: { code, message, params, details }, requestId }` body.
 *
 * An error built from the message catalog (`@huitong/contracts` messages.ts) carries `params`;
 * the handler renders its message in the request's language and the console renders it from
 * code + params. An error given its own text (older throw sites) carries no params and its text
 * is sent as it is.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** When retrying can succeed (lockouts); the error body carries it as `retryAt`. */
  readonly retryAt?: Date;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly params?: MessageParams,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The catalog's text of a code for logs and non-HTTP callers (both languages). */
function catalogText(code: string, params: MessageParams): string {
  return renderBilingual(ERROR_CATALOG, code, params) ?? code;
}

/**
 * A catalog-coded detail. Its `message` is the form for a request that named no language; the
 * error handler renders it again for the language the request asked for.
 */
export function codedDetail(field: string, code: string, params: MessageParams): ErrorDetail {
  return { field, code, params, message: catalogText(code, params) };
}

/** 400: the input breaks a rule; `details` names each field (and row/column for spreadsheets). */
export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(message: string, details: ErrorDetail[] = [], code = 'VALIDATION_FAILED') {
    super(code, message, details);
  }
  static field(field: string, message: string, code = 'VALIDATION_FAILED'): ValidationError {
    return new ValidationError(message, [{ field, message }], code);
  }
}

/** 401: no valid credentials. */
export class AuthenticationError extends DomainError {
  readonly status = 401;
  constructor(message?: string, code = 'AUTHENTICATION_REQUIRED') {
    super(code, message ?? catalogText(code, {}), undefined, message === undefined ? {} : undefined);
  }
}

/** 423: the account is locked after repeated failed logins. */
export class AccountLockedError extends DomainError {
  readonly status = 423;
  override readonly retryAt: Date;
  constructor(lockedUntil: Date) {
    const params = { until: chinaMinute(lockedUntil) };
    super('ACCOUNT_LOCKED', catalogText('ACCOUNT_LOCKED', params), undefined, params);
    this.retryAt = lockedUntil;
  }
}

/** 429: too many requests from this address or for this account; retry at `retryAt`. */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  override readonly retryAt: Date;
  constructor(retryAt: Date, seconds: number) {
    super('RATE_LIMITED', catalogText('RATE_LIMITED', { seconds }), undefined, { seconds });
    this.retryAt = retryAt;
  }
}

/** 403: authenticated but not allowed to perform the named operation on this target. */
export class NotAllowedError extends DomainError {
  readonly status = 403;
  constructor(
    readonly operation: string,
    message?: string,
  ) {
    super('NOT_ALLOWED', message ?? catalogText('NOT_ALLOWED', { operation }), undefined, message === undefined ? { operation } : undefined);
  }
}

/** 404: the target does not exist, or the actor may not know that it exists. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string | LocalisedText, id?: string) {
    const params: MessageParams = { what: typeof what === 'string' ? splitBilingualNoun(what) : what, ...(id !== undefined && { id }) };
    super('NOT_FOUND', catalogText('NOT_FOUND', params), undefined, params);
  }
}

/** 409: the request conflicts with the current state (duplicate, concurrent change). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(message: string, code = 'CONFLICT', details?: ErrorDetail[], params?: MessageParams) {
    super(code, message, details, params);
  }

  /** A catalog-coded conflict, e.g. `ConflictError.coded('DUPLICATE', { field: 'username' })`. */
  static coded(code: string, params: MessageParams, details?: ErrorDetail[]): ConflictError {
    return new ConflictError(catalogText(code, params), code, details, params);
  }
}

/** 409: a workflow step is not possible from the current state. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  constructor(
    readonly from: string,
    readonly action: string,
    message?: string,
  ) {
    const params = { state: from, action };
    super('INVALID_TRANSITION', message ?? catalogText('INVALID_TRANSITION', params), undefined, message === undefined ? params : undefined);
  }
}

/** 413: a body or upload is larger than allowed. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  constructor(message: string) {
    super('PAYLOAD_TOO_LARGE', message);
  }
}

/** 502: a system the platform depends on failed. */
export class UpstreamError extends DomainError {
  readonly status = 502;
  constructor(message: string) {
    super('UPSTREAM_FAILED', message);
  }
}

/**
 * Older call sites name the record in both languages, "共享申请 application": the Chinese and the
 * English halves become a `{ zh, en }` parameter so each language shows its own word.
 */
export function splitBilingualNoun(what: string): string | LocalisedText {
  const match = /^([^\x00-\x7f]+?)\s+([\x20-\x7e]+)$/.exec(what.trim());
  return match ? { zh: match[1]!, en: match[2]! } : what;
}
