import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { DEFAULT_DATABASE_TIMEOUTS, guardPool, kyselyPool, poolTimeoutOptions, type DatabaseTimeouts } from './postgres-pool.ts';

export type { DatabaseTimeouts } from './postgres-pool.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Human-readable location for logs: a data directory or a URL without its password. */
  location: string;
  /** The PostgreSQL schema the handle works in, when it is not the default search path (tests). */
  schema?: string;
  /** The embedded instance (tests clone it); absent on PostgreSQL. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… to use a server; otherwise embedded PGlite. */
  databaseUrl?: string | null;
  /** PGlite data directory; omitted means in memory (tests). */
  dataDir?: string | null;
  /** PostgreSQL schema to work in (tests isolate themselves this way). */
  schema?: string;
  /** An existing PGlite instance, e.g. a clone of a migrated template in tests. */
  pglite?: PGlite;
  /** PostgreSQL time limits (connect, statement, idle in transaction); defaults when omitted. */
  timeouts?: DatabaseTimeouts;
  /** Where lost connections are reported (PostgreSQL); they never end the process. */
  onConnectionError?: (error: Error) => void;
}

const DATE_OID = 1082;
const INT8_OID = 20;

/** Both drivers return the same JavaScript types: dates as 'YYYY-MM-DD', int8 as number. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

const PGLITE_PARSERS = { [DATE_OID]: (value: string) => value, [INT8_OID]: parseInt8 };

export async function createPGlite(dataDir?: string | null): Promise<PGlite> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const options = { parsers: PGLITE_PARSERS };
  // The two-argument constructor ignores its options when the directory is undefined.
  const pglite = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await pglite.waitReady;
  return pglite;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...poolTimeoutOptions(options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS),
      options: options.schema ? `-c search_path=${options.schema},public` : undefined,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === DATE_OID) return (value: string) => value;
          if (oid === INT8_OID) return parseInt8;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    guardPool(pool, options.onConnectionError ?? ((error) => console.error(`database connection error: ${error.message}`)));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) });
    await sql`select 1`.execute(db);
    const url = new URL(options.databaseUrl);
    url.password = url.password ? '***' : '';
    return {
      db,
      kind: 'postgres',
      location: url.toString() + (options.schema ? ` (schema ${options.schema})` : ''),
      ...(options.schema && { schema: options.schema }),
      close: () => db.destroy(),
    };
  }

  const dataDir = options.dataDir ? path.join(options.dataDir, 'pglite') : null;
  const pglite = options.pglite ?? (await createPGlite(dataDir));
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, PGLITE_PARSERS) });
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    pglite,
    close: () => db.destroy(),
  };
}
