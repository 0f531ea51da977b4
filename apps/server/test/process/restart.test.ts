import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.ts';
import { validContent } from '../helpers/catalog.ts';
import { freePort, startServer, tempDir, type ServerProcess } from '../helpers/processes.ts';

/** The server as `npm start` runs it, on the embedded database in a data directory. */
describe('data written through the platform survives a restart', () => {
  const dataDir = tempDir('restart');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo once, keeps a new entry across stop and start, and refuses a second process on the same data', async () => {
    const port = await freePort();
    const env = { HUITONG_DATA_DIR: dataDir, HUITONG_PASSWORD_SCRYPT_COST: '1024', LOG_LEVEL: 'warn' };
    server = await startServer(env, port);
    const login = await fetch(`${server.baseUrl}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ga_officer', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const created = await fetch(`${server.baseUrl}/api/catalog/entries`, { method: 'POST', headers, body: JSON.stringify({ content: validContent({ name: '重启持久化测试资源' }) }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const departmentsBefore = ((await (await fetch(`${server.baseUrl}/api/departments`, { headers })).json()) as unknown[]).length;

    // A second server on the same embedded data directory must refuse to start.
    await expect(startServer(env, await freePort())).rejects.toThrow(/in use by process/);

    expect(await server.stop()).toBe(0);
    server = await startServer(env, port);
    const relogin = (await (await fetch(`${server.baseUrl}/api/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ga_officer', password: DEMO_PASSWORD }) })).json()) as { token: string };
    const after = await fetch(`${server.baseUrl}/api/catalog/entries/${id}`, { headers: { authorization: `Bearer ${relogin.token}` } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { current: { content: { name: string } } }).current.content.name).toBe('重启持久化测试资源');
    const departmentsAfter = ((await (await fetch(`${server.baseUrl}/api/departments`, { headers: { authorization: `Bearer ${relogin.token}` } })).json()) as unknown[]).length;
    expect(departmentsAfter).toBe(departmentsBefore);
    expect(server.output()).not.toMatch(/seeding the demo/);
  });
});
