import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

/** Time limits for PostgreSQL; 0 disables one (not recommended in production). */
export interface DatabaseTimeouts {
  /** Opening a connection, and waiting for a free one when the pool is full. */
  connectMs: number;
  /** Server-side `statement_timeout`; the client gives up 1 s later if the server says nothing. */
  statementMs: number;
  /** Server-side `idle_in_transaction_session_timeout`: a forgotten transaction loses its locks. */
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 30_000, idleInTransactionMs: 60_000 };

/** Margin between the server's statement_timeout and the client's own read timeout. */
const CLIENT_READ_MARGIN_MS = 1_000;

export function poolTimeoutOptions(timeouts: DatabaseTimeouts): pg.PoolConfig {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    // The server cancels slow statements cleanly; the client's read timeout covers a server or
    // network that has stopped answering altogether (a frozen host sends no cancellation).
    ...(timeouts.statementMs > 0 && { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + CLIENT_READ_MARGIN_MS }),
    ...(timeouts.idleInTransactionMs > 0 && { idle_in_transaction_session_timeout: timeouts.idleInTransactionMs }),
    keepAlive: true,
  };
}

/**
 * node-postgres emits `error` on a client whose connection drops (a PostgreSQL restart sends
 * 57P01 to every session). An idle client's error reaches the pool's `error` event; a client that
 * is checked out has no listener at all, and an unhandled `error` event ends the process. So every
 * client gets a listener when it connects, and the pool's errors are logged. The query that was
 * running still fails, the error handler answers 503, and the dead client leaves the pool.
 */
export function guardPool(pool: pg.Pool, onError: (error: Error) => void): void {
  pool.on('error', (error) => onError(error));
  pool.on('connect', (client) => {
    // Reported through the failing query (and the pool, once the client is idle).
    client.on('error', () => {});
  });
}

/**
 * The pool as Kysely sees it. A query that hit the client-side read timeout leaves its
 * connection waiting for an answer that may never come; releasing it with the error makes the
 * pool close it instead of handing it to the next request.
 */
export function kyselyPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let stuck: Error | undefined;
      const query = ((sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) => {
        const result = (client.query as (...args: unknown[]) => unknown)(sqlOrCursor, parameters);
        if (result instanceof Promise) {
          return result.catch((error: Error) => {
            if (error?.message === 'Query read timeout') stuck = error;
            throw error;
          });
        }
        return result;
      }) as PostgresPoolClient['query'];
      return { query, release: () => client.release(stuck) };
    },
    end: () => pool.end(),
  };
}
