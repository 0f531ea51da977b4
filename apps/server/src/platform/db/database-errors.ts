import { codedDetail, ConflictError } from '../errors.ts';

/**
 * Which errors mean "the database cannot be reached right now" rather than "this request is wrong".
 * The HTTP error handler answers those with 503 DATABASE_UNAVAILABLE, so a restart or a network
 * cut of PostgreSQL never shows up as a 500 and clients know to retry.
 */

/** Thrown when a database call does not finish within its deadline (readiness probe). */
export class DatabaseTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/** Socket-level failures while connecting to or talking with the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATE classes and codes that mean the server is going away, not accepting connections, or
 * cut the statement short: 08 connection exception, 57P01 admin shutdown (`pg_ctl -m fast stop`),
 * 57P02 crash shutdown, 57P03 cannot connect now (starting up / shutting down), 57014 statement
 * timeout, 25P03 idle-in-transaction timeout, 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '25P03', '53300']);

/** Messages node-postgres uses for a lost connection or a client-side timeout (no code attached). */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /is not queryable/,
  /^Cannot use a pool after calling end/,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof DatabaseTimeoutError) return true;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08/.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // net.connect to several addresses (IPv4 and IPv6) fails with an AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** Rejects with DatabaseTimeoutError when `work` takes longer than `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // The losing query still settles later; its rejection is expected and not worth a warning.
    work.catch(() => {});
  }
}

/**
 * Unique constraints and indexes (migrations) → the API field a duplicate is about. A constraint
 * not listed still answers 409 DUPLICATE, naming the constraint instead of a field.
 */
const UNIQUE_FIELDS: Record<string, string> = {
  department_uscc_key: 'uscc',
  department_class_code_key: 'classCode',
  department_sibling_name: 'name',
  department_single_operator: 'isOperator',
  app_user_username: 'username',
  app_user_id_number_digest_key: 'idNumber',
  application_system_client_id_key: 'clientId',
  application_system_department_id_name_key: 'name',
  data_officer_current: 'userId',
  catalog_entry_resource_code_key: 'resourceCode',
  catalog_version_entry_id_version_no_key: 'versionNo',
  share_application_number_key: 'number',
  review_delegation_active: 'delegateUserId',
  dataset_entry_id_key: 'entryId',
  dataset_column_dataset_id_item_code_key: 'itemCode',
  dataset_column_dataset_id_column_name_key: 'columnName',
  dataset_monthly_report_dataset_id_period_key: 'period',
};

export interface UniqueViolation {
  constraint: string | null;
  field: string | null;
}

/**
 * A unique-key violation (SQLSTATE 23505) anywhere in the error's cause chain. node-postgres and
 * PGlite both parse the server's error with pg-protocol, so `code` and `constraint` read the same.
 */
export function uniqueViolation(error: unknown, depth = 0): UniqueViolation | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const { code, constraint, cause } = error as { code?: unknown; constraint?: unknown; cause?: unknown };
  if (code === '23505') {
    const name = typeof constraint === 'string' && constraint ? constraint : null;
    return { constraint: name, field: name && Object.hasOwn(UNIQUE_FIELDS, name) ? UNIQUE_FIELDS[name]! : null };
  }
  return uniqueViolation(cause, depth + 1);
}

/**
 * The one place a unique-key violation becomes an answer: 409 DUPLICATE naming the field (or the
 * constraint), so a race past a service's own duplicate check is never a 500.
 */
export function duplicateConflict(error: unknown): ConflictError | null {
  const violation = uniqueViolation(error);
  if (!violation) return null;
  const params = { field: violation.field ?? violation.constraint ?? 'unique key' };
  return ConflictError.coded('DUPLICATE', params, violation.field ? [codedDetail(violation.field, 'DUPLICATE', params)] : undefined);
}
