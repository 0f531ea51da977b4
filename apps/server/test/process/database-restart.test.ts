import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServer, tempDir, type ServerProcess } from '../helpers/processes.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { runsOnPostgres, TEST_DATABASE_URL } from '../helpers/test-db.ts';

/**
 * The reported defect as it happened: the server started with DATABASE_URL, and PostgreSQL ends
 * every session (what `pg_ctl -m fast stop` does, here without stopping the shared cluster:
 * pg_terminate_backend sends the same 57P01) — then the connection is cut. The process must stay up
 * and serve again once the database is back. Runs on a database of its own, through a TCP proxy.
 */
const runs = await runsOnPostgres('database-restart.test.ts');

describe.runIf(runs)('the server on PostgreSQL survives the database going away', () => {
  const dataDir = tempDir('pg-restart');
  const databaseName = `huitong_restart_${process.pid}`;
  let proxy: TcpProxy;
  let server: ServerProcess | undefined;

  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin((c) => c.query(`create database ${databaseName}`));
    const direct = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${databaseName}`;
    server = await startServer(
      { DATABASE_URL: url.toString(), HUITONG_DATA_DIR: dataDir, HUITONG_SEED_DEMO: 'false', HUITONG_PASSWORD_SCRYPT_COST: '1024', HUITONG_DB_CONNECT_TIMEOUT_MS: '1000', LOG_LEVEL: 'warn' },
      await freePort(),
    );
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
    await admin((c) => c.query(`drop database if exists ${databaseName} with (force)`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(server!.baseUrl + path, { signal: AbortSignal.timeout(15_000) });
    return { status: response.status, body: await response.text(), ms: performance.now() - started };
  };
  async function untilReady() {
    const deadline = Date.now() + 10_000;
    let ready = await get('/readyz');
    while (ready.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await get('/readyz');
    }
    expect(ready.status, ready.body).toBe(200);
  }

  it('stays up when every session is terminated, and when the connection is cut and restored', async () => {
    await Promise.all([get('/readyz'), get('/readyz'), get('/readyz')]);
    const ended = await admin((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [databaseName]));
    expect(ended.rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(server!.child.exitCode, server!.output()).toBeNull();
    expect(server!.output()).toMatch(/database connection lost/);
    await untilReady();

    await proxy.cut();
    const down = await get('/readyz');
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(1_000);
    const login = await fetch(server!.baseUrl + '/api/auth/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'x'.repeat(12) }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(login.status).toBe(503);
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
    expect(server!.child.exitCode, server!.output()).toBeNull();

    await proxy.restore();
    await untilReady();
    expect(server!.child.exitCode).toBeNull();
  });
});
