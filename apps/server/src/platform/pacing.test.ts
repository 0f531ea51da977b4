import { describe, expect, it } from 'vitest';
import { Pacer } from './pacing.ts';

/** Busy work that resolves through promises only, like a PGlite query. */
async function promiseOnlyWork(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) await Promise.resolve();
}

describe('Pacer', () => {
  it('lets a timer through a long promise-only loop, which otherwise starves it', async () => {
    const run = async (pace: boolean) => {
      let fired = 0;
      const timer = setInterval(() => fired++, 5);
      const pacer = new Pacer(20);
      for (let i = 0; i < 30; i++) {
        if (pace) await pacer.turn();
        await promiseOnlyWork(10);
      }
      clearInterval(timer);
      return fired;
    };
    expect(await run(false)).toBe(0);
    expect(await run(true)).toBeGreaterThanOrEqual(5);
  });
});
