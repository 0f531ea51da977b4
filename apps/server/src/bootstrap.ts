import type { Config } from './config/config.ts';
import { buildApp, type App } from './app.ts';
import { seedCalendar } from './platform/calendar/calendar.service.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { loadKeyRing } from './platform/keys.ts';
import type { Clock } from './platform/clock.ts';

export interface Platform {
  app: App;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Opens the configured database (locking an embedded data directory), brings the schema up to
 * date, loads keys and the packaged calendar, and builds the app. Shared by the server and the CLI.
 */
export async function startPlatform(config: Config, options: { purpose: string; clock?: Clock; defaultMetrics?: boolean; logger?: boolean }): Promise<Platform> {
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir, options.purpose);
  let database: DatabaseHandle | null = null;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(database.db);
    await seedCalendar(database.db);
    const keys = loadKeyRing(config.dataDir);
    const app = await buildApp({ config, db: database.db, dbKind: database.kind, keys, clock: options.clock, defaultMetrics: options.defaultMetrics, logger: options.logger });
    const handle = database;
    return {
      app,
      database: handle,
      async close() {
        app.scheduler.stop();
        await app.server.close();
        await handle.close();
        unlock();
      },
    };
  } catch (error) {
    await database?.close().catch(() => {});
    unlock();
    throw error;
  }
}
