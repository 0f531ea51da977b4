import type { FastifyBaseLogger } from 'fastify';

interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
  running: boolean;
}

/**
 * Periodic background jobs (signing audit checkpoints, applying catalog changes whose notice
 * period has ended). Jobs are idempotent and safe to run on several nodes; a run that is still
 * going is not started again. Tests call `runAll()` with a manual clock instead of waiting.
 */
export class Scheduler {
  readonly #jobs: Job[] = [];
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(private readonly log: FastifyBaseLogger) {}

  add(name: string, everyMs: number, run: () => Promise<void>): void {
    this.#jobs.push({ name, everyMs, run, running: false });
  }

  private async runJob(job: Job): Promise<void> {
    if (job.running) return;
    job.running = true;
    try {
      await job.run();
    } catch (error) {
      this.log.error({ err: error, job: job.name }, 'scheduled job failed');
    } finally {
      job.running = false;
    }
  }

  start(): void {
    for (const job of this.#jobs) {
      const timer = setInterval(() => void this.runJob(job), job.everyMs);
      timer.unref();
      this.#timers.push(timer);
    }
  }

  async runAll(): Promise<void> {
    for (const job of this.#jobs) await this.runJob(job);
  }

  stop(): void {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
  }
}
