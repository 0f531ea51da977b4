import http from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalogWorkbook } from '../../src/modules/catalog/catalog-spreadsheet.ts';
import { validContent } from '../helpers/catalog.ts';
import { factories, type TestCity } from '../helpers/factories.ts';
import { multipartFile, XLSX } from '../helpers/multipart.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { largeWorkbook, lyingXlsxBomb, xlsxBomb } from '../helpers/xlsx-bomb.ts';

/**
 * Upload bombs against a listening server (real HTTP, the server in this process so its memory
 * is ours to measure): spreadsheet bombs are refused with 413 and the reason, eight large
 * uploads at once are each refused or processed, and all the while the server's RSS grows by less
 * than 1 GB and /healthz answers within 200 ms (beyond the machine's own scheduling delay, see machineNoise).
 */
const MB = 1024 * 1024;

/**
 * The scheduling delay this machine adds on its own, measured while the uploads run: a worker
 * thread (not the server's event loop) checks how late a 10 ms timer fires. On a shared, busy
 * machine the operating system alone can delay a poll by a few hundred milliseconds; the 200 ms
 * bound applies to what the server adds on top. On an idle machine this is a few milliseconds,
 * and a blocked event loop (the defect: 35 s) does not delay the worker at all. Polls are bounded
 * twice: 95 % within 200 ms and none over 1 s beyond that delay — on a busy two-core machine
 * even a few milliseconds of legitimate work on the event loop can be preempted for longer.
 */
function machineNoise() {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let last = performance.now(), max = 0;
     const timer = setInterval(() => { const now = performance.now(); max = Math.max(max, now - last - 10); last = now; }, 10);
     parentPort.once('message', () => { clearInterval(timer); parentPort.postMessage(max); });`,
    { eval: true },
  );
  return {
    async stop(): Promise<number> {
      const max = new Promise<number>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const value = await max;
      await worker.terminate();
      return value;
    },
  };
}

/** Polls /healthz back to back and samples RSS until stopped; reports the worst of both. */
function watch(base: string) {
  let running = true;
  const latencies: number[] = [];
  let maxRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage().rss)), 25);
  const poller = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${base}/healthz`);
      await response.text();
      expect(response.status).toBe(200);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await poller;
      clearInterval(sampler);
      const sorted = [...latencies].sort((a, b) => a - b);
      return { polls: sorted.length, maxLatency: sorted.at(-1) ?? 0, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, maxRss };
    },
  };
}

async function upload(base: string, url: string, token: string, name: string, content: Buffer, type = XLSX): Promise<{ status: number; body: any }> {
  const { payload, headers } = multipartFile(name, content, type);
  const response = await fetch(`${base}${url}`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body: payload });
  return { status: response.status, body: await response.json() };
}

describe('upload limits: spreadsheet bombs and concurrent large uploads', () => {
  let t: TestApp;
  let city: TestCity;
  let base: string;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    city = await factories(t).city();
    await t.app.server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.server.address() as AddressInfo).port}`;
    token = await t.tokenFor(city.sj.officer.username);
  });
  afterAll(() => t.close());

  it('refuses an XLSX bomb (under 2 MB, 400 MB unpacked) with 413 naming the reason, without parsing it', async () => {
    const bomb = await xlsxBomb(400 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    const before = process.memoryUsage().rss;
    const response = await upload(base, '/api/catalog/import', token, 'bomb.xlsx', bomb);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('SPREADSHEET_TOO_LARGE');
    expect(response.body.error.details[0].message).toMatch(/^unpacked-too-large/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MB);
  });

  it('refuses a bomb whose zip directory lies about its size, by counting while inflating', async () => {
    const response = await upload(base, '/api/catalog/import', token, 'liar.xlsx', await lyingXlsxBomb(120 * MB));
    expect(response.status).toBe(413);
    expect(response.body.error.details[0].message).toMatch(/^unpacked-too-large/);
  });

  it('checks the permission before reading the upload: a refused caller gets 403 while its body is still unsent', async () => {
    const reviewer = await t.tokenFor(city.sj.reviewer.username);
    const { port } = t.app.server.server.address() as AddressInfo;
    const boundary = 'huitong-slow-upload';
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/catalog/import',
        headers: { authorization: `Bearer ${reviewer}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(10 * MB) },
      });
      request.on('response', (response) => {
        resolve(response.statusCode!);
        request.destroy();
      });
      request.on('error', (error) => (/ECONNRESET|socket hang up/.test(error.message) ? undefined : reject(error)));
      // Only the first part of a 10 MB body is ever sent: the answer cannot wait for the rest.
      request.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\nPK`);
    });
    expect(status).toBe(403);
  });

  it('keeps /healthz under 200 ms and RSS growth under 1 GB through eight large uploads at once, each refused or processed', async () => {
    // Template sheets with columns the template does not have: parsed to the end, then refused.
    const big = await largeWorkbook(9_000, 18);
    expect(big.length).toBeGreaterThan(2 * MB);
    const bombs = await Promise.all([xlsxBomb(400 * MB), xlsxBomb(400 * MB), lyingXlsxBomb(120 * MB), xlsxBomb(60 * MB)]);
    const files = [big, big, big, big, ...bombs];
    const rssBefore = process.memoryUsage().rss;
    const noise = machineNoise();
    const watcher = watch(base);
    const results = await Promise.all(files.map((file, i) => upload(base, '/api/catalog/import', token, `upload-${i}.xlsx`, file)));
    const { maxLatency, p95, polls, maxRss } = await watcher.stop();
    const idle = await noise.stop();

    for (const result of results.slice(0, 4)) {
      expect(result.status).toBe(400);
      expect(result.body.error.code).toBe('TEMPLATE_MISMATCH'); // parsed to the end, then refused by the template check
    }
    for (const result of results.slice(4)) {
      expect(result.status).toBe(413);
      expect(result.body.error.code).toBe('SPREADSHEET_TOO_LARGE');
    }
    expect(polls).toBeGreaterThan(10);
    expect(p95).toBeLessThan(200 + idle);
    expect(maxLatency).toBeLessThan(1000 + idle);
    // Growth of this process (the server, its parsing workers and the test client) during the uploads.
    expect(maxRss - rssBefore).toBeLessThan(1024 * MB);
  });

  it('imports 3,000 entries while /healthz keeps answering within 200 ms', async () => {
    const entries = Array.from({ length: 3000 }, (_, i) => ({ content: validContent({ name: `批量导入测试资源${i}` }) }));
    const workbook = await writeCatalogWorkbook(entries, new Map());
    const noise = machineNoise();
    const watcher = watch(base);
    const response = await upload(base, '/api/catalog/import', token, 'large.xlsx', workbook);
    const { maxLatency, p95, polls } = await watcher.stop();
    const idle = await noise.stop();
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
    expect(response.body.imported).toBe(3000);
    expect(polls).toBeGreaterThan(10);
    expect(p95).toBeLessThan(200 + idle);
    expect(maxLatency).toBeLessThan(1000 + idle);
  }, 300_000);
});
