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
