import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '@huitong/contracts';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { csvBytes, csvUpload, MARKET_HEADER, marketEntityContent } from '../helpers/datasets.ts';

/** An upload cut off midway (client gone, process restarted) leaves no rows and ends as a failed batch. */
describe('datasets: interrupted uploads', () => {
  let t: TestApp;
  let city: TestCity;
  let dataset: Dataset;
  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t);
    city = await f.city();
    const entry = await f.publishedEntry(city.sj.officer, marketEntityContent());
    dataset = (await t.request({ method: 'POST', url: '/api/datasets', as: city.sj.officer.username, body: { entryId: entry.id } })).json();
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  const history = async () => (await t.request({ method: 'GET', url: `/api/datasets/${dataset.id}/batches`, as: city.sj.officer.username })).json() as Array<{ state: string; failure: string | null }>;

  it('a stalled upload is marked failed by the scheduled sweep, and the next upload loads', async () => {
    const token = await t.tokenFor(city.sj.officer.username);
    const { port } = t.app.server.server.address() as AddressInfo;
    const boundary = '----stalled';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${MARKET_HEADER.join(',')}\r\n`;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Announces a large body, sends its beginning, then stalls.
    socket.write(
      `POST /api/datasets/${dataset.id}/batches HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 1000000\r\n\r\n${head}`,
    );
    await expect.poll(async () => (await history())[0]?.state, { timeout: 10_000 }).toBe('receiving');

    t.clock.advance(61 * 60_000);
    await t.app.scheduler.runAll();
    const [batch] = await history();
    expect(batch!.state).toBe('failed');
    expect(batch!.failure).toMatch(/中断/);
    socket.destroy();

    const next = await t.request({
      method: 'POST',
      url: `/api/datasets/${dataset.id}/batches`,
      as: city.sj.officer.username,
      ...csvUpload(csvBytes([MARKET_HEADER, [factories(t).randomUscc(), '汇通', '1', '1', '2020-01-01', '', '否']], 'utf-8')),
    });
    expect(next.json().state).toBe('loaded');
    expect((await history()).map((b) => b.state)).toEqual(['loaded', 'failed']);
  });
});
