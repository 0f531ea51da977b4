import crypto from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { expect } from 'vitest';
import type { Dataset } from '@huitong/contracts';
import type { Factories, TestCity } from './factories.ts';
import type { TestApp } from './test-app.ts';
import { marketEntityContent } from './datasets.ts';

/** The real source servers of this machine (the platform database under test may be PGlite). */
export const SOURCE_PG = { host: '127.0.0.1', port: 5432, database: 'test', username: 'postgres' };
export const SOURCE_MARIADB = { host: '127.0.0.1', port: 3306, database: 'test', username: 'root' };

/** A throwaway schema in the source PostgreSQL, dropped by `drop()`. */
export async function pgSourceSchema(): Promise<{ schema: string; query: (text: string, values?: unknown[]) => Promise<pg.QueryResult>; drop: () => Promise<void> }> {
  const client = new pg.Client({ host: SOURCE_PG.host, port: SOURCE_PG.port, database: SOURCE_PG.database, user: SOURCE_PG.username });
  await client.connect();
  const schema = `sync_src_${crypto.randomBytes(4).toString('hex')}`;
  await client.query(`create schema ${schema}`);
  return {
    schema,
    query: (text, values) => client.query(text, values),
    drop: async () => {
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

/** A uniquely named table's home in the source MariaDB (database `test`). */
export async function mariaSource(): Promise<{ table: string; query: (text: string, values?: unknown[]) => Promise<unknown>; drop: () => Promise<void> }> {
  const connection = await mysql.createConnection({ host: SOURCE_MARIADB.host, port: SOURCE_MARIADB.port, user: SOURCE_MARIADB.username, database: SOURCE_MARIADB.database });
  const table = `sync_src_${crypto.randomBytes(4).toString('hex')}`;
  return {
    table,
    query: (text, values) => connection.query(text, values),
    drop: async () => {
      await connection.query(`drop table if exists \`${table}\``);
      await connection.end();
    },
  };
}

/** A market-entity dataset of the city's 市场监管局. */
export async function syncDataset(t: TestApp, f: Factories, city: TestCity): Promise<Dataset> {
  const entry = await f.publishedEntry(city.sj.officer, marketEntityContent());
  const created = await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as Dataset;
}

/** The market entity's items mapped to the source table's columns. */
export const MARKET_MAPPING = { tyshxydm: 'uscc', qymc: 'name', zczb: 'capital', cyrs: 'staff', clrq: 'founded', gxsj: 'updated_at', sfzx: 'closed' };
