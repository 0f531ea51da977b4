import type { PGlite, Results } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { Pacer } from '../pacing.ts';

/**
 * A Kysely dialect for embedded PGlite.
 *
 * PGlite is one Postgres backend with one session, so every Kysely connection is that session.
 * A FIFO mutex hands it out: a transaction holds it from BEGIN to COMMIT, and other queries wait,
 * so they can never run inside somebody else's transaction. Code inside a transaction must use
 * its `trx`; a query on the outer `db` would wait for itself, which the timeout turns into a
 * clear error instead of a silent hang.
 */
/**
 * Value parsers applied to every query, so results have the same JavaScript types as with
 * node-postgres configured in database.ts: dates as 'YYYY-MM-DD', int8 as number. Passing them
 * per query (not per instance) keeps clones of an instance consistent too.
 */
export type PGliteParsers = Record<number, (value: string) => unknown>;

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly parsers: PGliteParsers = {},
    private readonly acquireTimeoutMs = 60_000,
  ) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.parsers, this.acquireTimeoutMs);
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class Mutex {
  #locked = false;
  #waiters: Array<() => void> = [];

  async lock(timeoutMs: number): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `waited ${timeoutMs} ms for the embedded database connection; ` +
              'a query is probably using the outer db handle inside a transaction instead of its trx',
          ),
        );
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex();
  readonly #connection: PGliteConnection;

  constructor(
    private readonly pglite: PGlite,
    parsers: PGliteParsers,
    private readonly acquireTimeoutMs: number,
  ) {
    this.#connection = new PGliteConnection(pglite, parsers);
  }

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock(this.acquireTimeoutMs);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

function lastResult<R>(results: Array<Results<any>>): Results<R> {
  return (results[results.length - 1] ?? { rows: [], fields: [], affectedRows: 0 }) as Results<R>;
}

class PGliteConnection implements DatabaseConnection {
  // PGlite runs each query on this thread and answers through promises alone: without a turn
  // now and then, a loop of thousands of queries (a large import) would hold off every timer and
  // socket — /healthz included — until it ends.
  readonly #pacer = new Pacer();

  constructor(
    private readonly pglite: PGlite,
    private readonly parsers: PGliteParsers,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    await this.#pacer.turn();
    // Without parameters use the simple protocol, which (like node-postgres) accepts several
    // statements in one string; migrations rely on that.
    const result =
      compiledQuery.parameters.length === 0
        ? lastResult(await this.pglite.exec(compiledQuery.sql, { parsers: this.parsers }))
        : await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], { parsers: this.parsers });
    const affected = result.affectedRows;
    return {
      rows: result.rows as R[],
      numAffectedRows: affected === undefined ? undefined : BigInt(affected),
    };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // PGlite runs in-process; a cursor would still hold the whole backend, so stream from the
    // materialised result. Big exports on PGlite go through keyset paging instead.
    const result = await this.executeQuery<R>(compiledQuery);
    yield result;
  }
}
