import { Worker } from 'node:worker_threads';
import { rejection, SpreadsheetRejectedError, type RejectionReason, type SpreadsheetLimits } from './limits.ts';
import { unpack, type PackedWorkbook, type WorkbookRows } from './xlsx-read.ts';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./xlsx-worker.ts', import.meta.url).href;

type Answer = { ok: true; rows: PackedWorkbook } | { ok: false; reason: RejectionReason; message: string };

/**
 * Parses uploaded workbooks off the event loop: each one in its own worker thread with a capped
 * heap and a deadline, at most `concurrency` at a time (the others queue), so neither a bomb nor
 * eight large uploads at once can stall or exhaust the server. See README.md beside this file.
 */
export class SpreadsheetReader {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limits: SpreadsheetLimits) {}

  async read(buffer: Buffer, wanted: string[]): Promise<WorkbookRows> {
    await this.acquire();
    try {
      return await this.inWorker(buffer, wanted);
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next(); // the slot passes straight to the next upload
    else this.running--;
  }

  private inWorker(buffer: Buffer, wanted: string[]): Promise<WorkbookRows> {
    const { limits } = this;
    // A private copy whose memory moves to the worker instead of being cloned.
    const copy = new Uint8Array(buffer.length);
    copy.set(buffer);
    return new Promise((resolve, reject) => {
      const worker = new Worker(BOOT, {
        workerData: { entry: ENTRY, buffer: copy, wanted, limits },
        transferList: [copy.buffer],
        resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 32 },
        execArgv: [],
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      const timer = setTimeout(() => finish(() => reject(rejection('timeout', limits))), limits.timeoutMs);
      worker.once('message', (answer: Answer) => finish(() => (answer.ok ? resolve(unpack(answer.rows)) : reject(new SpreadsheetRejectedError(answer.reason, answer.message)))));
      // An exception escaping the parser (a malformed workbook can throw from inside a stream
      // callback, outside the worker's own try) is the file's fault: a 400 naming it, never a 500.
      worker.once('error', (error: Error & { code?: string }) =>
        finish(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? rejection('memory', limits) : rejection('not-xlsx', limits, error.message.slice(0, 200)))),
      );
      worker.once('exit', () => finish(() => reject(rejection('memory', limits))));
    });
  }
}
