import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { seedCalendar } from '../../src/platform/calendar/calendar.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { loadKeyRing } from '../../src/platform/keys.ts';
import { factories } from '../helpers/factories.ts';
import { freePort, startServer, tempDir, type ServerProcess } from '../helpers/processes.ts';
import { registerRow, subscribedWorld } from '../helpers/subscriptions.ts';
import { createTestApp } from '../helpers/test-app.ts';

type Batch = { changes: Array<{ seq: number; idempotencyKey: string }> };

/** At least once across a crash: a server killed in the middle of a push loses nothing. */
describe('push subscriptions survive a server kill', () => {
  const dataDir = tempDir('subscription-kill');
  let server: ServerProcess | undefined;
  let receiver: http.Server | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resends the batch that was in flight when the node died, then the rest, in order', async () => {
    // The receiver acknowledges the first batch, holds the second (the server is killed while it
    // waits), and acknowledges everything after the restart.
    const received: Array<{ key: string; seqs: number[]; acknowledged: boolean }> = [];
    let phase: 'first' | 'hold' | 'open' = 'first';
    let held: () => void = () => {};
    const heldBatch = new Promise<void>((resolve) => (held = resolve));
    receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Batch;
        const entry = { key: String(request.headers['idempotency-key']), seqs: batch.changes.map((c) => c.seq), acknowledged: phase !== 'hold' };
        received.push(entry);
        if (phase === 'hold') {
          held();
          return; // never answered: the node dies first
        }
        if (phase === 'first') phase = 'hold';
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    // The world is built in this process with the factories, on the data directory the server opens.
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await seedCalendar(database.db);
    const t = await createTestApp({ database, keys: loadKeyRing(dataDir), clock: new ManualClock(new Date()) });
    const f = factories(t);
    const w = await subscribedWorld(t, f);
    const created = await t.request({ method: 'POST', url: '/api/subscriptions', as: w.city.rs.officer.username, body: { datasetId: w.dataset.id, systemId: w.city.rs.systemId, mode: 'push', endpoint } });
    expect(created.statusCode, created.body).toBe(201);
    for (let b = 0; b < 3; b++) await w.upload(Array.from({ length: 100 }, (_, i) => registerRow(f, `企业${b}-${i}`)));
    await t.close();

    const env = { HUITONG_DATA_DIR: dataDir, HUITONG_PASSWORD_SCRYPT_COST: '1024', LOG_LEVEL: 'warn', HUITONG_SUBSCRIPTION_LEASE_SECONDS: '5' };
    const port = await freePort();
    server = await startServer(env, port);
    await heldBatch;
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server!.child.once('exit', resolve));
    expect(received.map((r) => r.key)).toHaveLength(2);
    phase = 'open';

    server = await startServer(env, port);
    const deadline = Date.now() + 90_000;
    while (!received.some((r) => r.acknowledged && r.seqs.includes(300)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));

    const acknowledged = received.filter((r) => r.acknowledged).flatMap((r) => r.seqs);
    expect(acknowledged).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // The batch in flight at the kill came again with the same idempotency key.
    expect(received[2]!.key).toBe(received[1]!.key);
    expect(received[2]!.seqs).toEqual(received[1]!.seqs);
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(true);
    expect(await server.stop()).toBe(0);
    server = undefined;
  });
});
