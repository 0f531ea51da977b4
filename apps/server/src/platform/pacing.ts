import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long loops of database work give the event loop a turn every `sliceMs` (10 ms). On embedded PGlite a
 * query runs on the server's own thread and resolves through promises only, so a loop of
 * thousands of queries (an import) would otherwise never let a timer or a socket through: the
 * whole server, /healthz included, would wait until it ends.
 */
export class Pacer {
  #since = performance.now();
  constructor(readonly sliceMs = 10) {}

  /** Yields (setImmediate) if the current slice is used up; otherwise returns at once. */
  async turn(): Promise<void> {
    if (performance.now() - this.#since < this.sliceMs) return;
    await nextTurn();
    this.#since = performance.now();
  }
}
