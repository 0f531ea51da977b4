import pg from 'pg';
import Cursor from 'pg-cursor';
import mysql from 'mysql2';
import { UpstreamError } from '../../platform/errors.ts';

/** What a sync needs to reach a provider database; the password is the decrypted one, in memory only. */
export interface SourceConfig {
  kind: 'postgres' | 'mysql';
  host: string;
  port: number;
  database: string;
  username: string;
  password: string | null;
}

/** Connect and first-answer bound: a wrong host or port fails quickly instead of hanging a request. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Rows fetched per cursor read: memory stays flat whatever the table size. */
const FETCH_ROWS = 2_000;

/** The error a provider sees: which server, and why — never the password. */
export function sourceError(config: SourceConfig, error: unknown): UpstreamError {
  const e = error as { code?: string; message?: string };
  const reason = [e.code, e.message].filter(Boolean).join(' ') || String(error);
  return new UpstreamError(`源数据库 ${config.kind} ${config.host}:${config.port} 不可用 (source database unavailable): ${reason}`.slice(0, 1000));
}

const ident = (kind: SourceConfig['kind'], name: string) => (kind === 'postgres' ? `"${name.replace(/"/g, '""')}"` : `\`${name.replace(/`/g, '``')}\``);

/**
 * Raw text for every PostgreSQL type: the dataset's own validator converts it, exactly as it
 * converts a CSV cell. A timestamptz offset `+08` gains its minutes so the validator's format holds.
 */
function pgText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}$/.test(text) ? `${text}:00` : text;
}

function mysqlText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

async function pgClient(config: SourceConfig): Promise<pg.Client> {
  const client = new pg.Client({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.username,
    password: config.password ?? undefined,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'huitong-table-sync',
    types: { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig,
  });
  // A server that goes away mid-sync also emits 'error': the pending read rejects with it.
  client.on('error', () => {});
  await client.connect();
  return client;
}

function mysqlConnection(config: SourceConfig): Promise<mysql.Connection> {
  return new Promise((resolve, reject) => {
    const connection = mysql.createConnection({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.username,
      password: config.password ?? undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      rowsAsArray: true,
    });
    connection.on('error', () => {});
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

/** Connects, asks for the server version, disconnects. Throws `sourceError` naming host, port and reason. */
export async function testSource(config: SourceConfig): Promise<{ version: string; ms: number }> {
  const started = Date.now();
  try {
    if (config.kind === 'postgres') {
      const client = await pgClient(config);
      try {
        const result = await client.query<{ v: string }>('select version() as v');
        return { version: result.rows[0]!.v, ms: Date.now() - started };
      } finally {
        await client.end().catch(() => {});
      }
    }
    const connection = await mysqlConnection(config);
    try {
      const [rows] = await connection.promise().query('select version()');
      return { version: String((rows as unknown[][])[0]![0]), ms: Date.now() - started };
    } finally {
      connection.destroy();
    }
  } catch (error) {
    throw sourceError(config, error);
  }
}

/** The columns of schema.table (for MySQL/MariaDB the schema is the database), from information_schema. */
export async function sourceColumns(config: SourceConfig, schema: string, table: string): Promise<Array<{ name: string; type: string }>> {
  const query = 'select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position';
  try {
    if (config.kind === 'postgres') {
      const client = await pgClient(config);
      try {
        const result = await client.query<{ column_name: string; data_type: string }>(query, [schema, table]);
        return result.rows.map((r) => ({ name: r.column_name, type: r.data_type }));
      } finally {
        await client.end().catch(() => {});
      }
    }
    const connection = await mysqlConnection(config);
    try {
      const [rows] = await connection.promise().query(query.replace(/\$\d/g, '?'), [schema, table]);
      return (rows as string[][]).map((r) => ({ name: String(r[0]), type: String(r[1]) }));
    } finally {
      connection.destroy();
    }
  } catch (error) {
    throw sourceError(config, error);
  }
}

export interface SourceQuery {
  schema: string;
  table: string;
  /** Source columns in the order the rows are yielded. */
  columns: string[];
  /** Order and resume by (watermark, key): rows sharing one watermark value are neither missed nor repeated. */
  cursor: { watermark: string; key: string; after: { watermark: string; key: string } | null } | null;
}

function selectText(kind: SourceConfig['kind'], q: SourceQuery): { text: string; values: string[] } {
  const id = (n: string) => ident(kind, n);
  let text = `select ${q.columns.map(id).join(', ')} from ${id(q.schema)}.${id(q.table)}`;
  const values: string[] = [];
  if (q.cursor) {
    if (q.cursor.after) {
      text += kind === 'postgres' ? ` where (${id(q.cursor.watermark)}, ${id(q.cursor.key)}::text) > ($1, $2)` : ` where (${id(q.cursor.watermark)}, cast(${id(q.cursor.key)} as char)) > (?, ?)`;
      values.push(q.cursor.after.watermark, q.cursor.after.key);
    }
    text += kind === 'postgres' ? ` order by ${id(q.cursor.watermark)}, ${id(q.cursor.key)}::text` : ` order by ${id(q.cursor.watermark)}, cast(${id(q.cursor.key)} as char)`;
  }
  return { text, values };
}

/**
 * Streams the rows of the source query as text cells: a PostgreSQL cursor (pg-cursor) or a
 * MySQL/MariaDB result stream (mysql2 `.stream()`, paused while the consumer works), so only
 * one fetch is in memory. A failure of the source ends the iteration with `sourceError`.
 */
export async function* sourceRows(config: SourceConfig, q: SourceQuery): AsyncGenerator<string[]> {
  const { text, values } = selectText(config.kind, q);
  if (config.kind === 'postgres') {
    let client: pg.Client;
    try {
      client = await pgClient(config);
    } catch (error) {
      throw sourceError(config, error);
    }
    try {
      const cursor = client.query(new Cursor<unknown[]>(text, values, { rowMode: 'array' }));
      for (;;) {
        let rows: unknown[][];
        try {
          rows = await cursor.read(FETCH_ROWS);
        } catch (error) {
          throw sourceError(config, error);
        }
        if (rows.length === 0) break;
        for (const row of rows) yield row.map(pgText);
      }
      await cursor.close().catch(() => {});
    } finally {
      await client.end().catch(() => {});
    }
    return;
  }
  let connection: mysql.Connection;
  try {
    connection = await mysqlConnection(config);
  } catch (error) {
    throw sourceError(config, error);
  }
  try {
    const stream = connection.query({ sql: text, values }).stream({ highWaterMark: FETCH_ROWS });
    try {
      for await (const row of stream) yield (row as unknown[]).map(mysqlText);
    } catch (error) {
      throw sourceError(config, error);
    }
  } finally {
    connection.destroy();
  }
}
