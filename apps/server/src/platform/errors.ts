import type { ErrorDetail } from '@huitong/contracts';
import { chinaMinute } from './calendar/working-days.ts';

/**
 * Domain errors. Services throw these; `http/error-handler.ts` is the one place that maps them
 * to HTTP status codes and the `{ error: { code, message, details }, requestId }` body.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** When retrying can succeed (lockouts); the error body carries it as `retryAt`. */
  readonly retryAt?: Date;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
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
  constructor(message = '请先登录 (authentication required)', code = 'AUTHENTICATION_REQUIRED') {
    super(code, message);
  }
}

/** 423: the account is locked after repeated failed logins. */
export class AccountLockedError extends DomainError {
  readonly status = 423;
  override readonly retryAt: Date;
  constructor(lockedUntil: Date) {
    super('ACCOUNT_LOCKED', `账号已锁定,请于 ${chinaMinute(lockedUntil)}（北京时间）后重试 (account locked until ${chinaMinute(lockedUntil)} Beijing time)`);
    this.retryAt = lockedUntil;
  }
}

/** 429: too many requests from this address or for this account; retry at `retryAt`. */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  override readonly retryAt: Date;
  constructor(retryAt: Date, seconds: number) {
    super('RATE_LIMITED', `请求过于频繁,请 ${seconds} 秒后重试 (too many requests, retry in ${seconds} s)`);
    this.retryAt = retryAt;
  }
}

/** 403: authenticated but not allowed to perform the named operation on this target. */
export class NotAllowedError extends DomainError {
  readonly status = 403;
  constructor(
    readonly operation: string,
    message = `无权执行操作 ${operation} (not allowed)`,
  ) {
    super('NOT_ALLOWED', message);
  }
}

/** 404: the target does not exist, or the actor may not know that it exists. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id ? `${what} ${id} 不存在 (not found)` : `${what} 不存在 (not found)`);
  }
}

/** 409: the request conflicts with the current state (duplicate, concurrent change). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(message: string, code = 'CONFLICT', details?: ErrorDetail[]) {
    super(code, message, details);
  }
}

/** 409: a workflow step is not possible from the current state. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  constructor(
    readonly from: string,
    readonly action: string,
    message = `当前状态 ${from} 不允许执行 ${action} (invalid transition)`,
  ) {
    super('INVALID_TRANSITION', message);
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
