import type { Config } from './config/config.ts';
import { buildApp, type App } from './app.ts';
import { seedCalendar } from './platform/calendar/calendar.service.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { loadKeyRing } from './platform/keys.ts';
import type { Clock } from './platform/clock.ts';
import { loadProfile } from './platform/policy/profiles.ts';

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
  // A profile that does not parse stops the start before the data directory is touched.
  loadProfile(config.policiesDir, config.policy);
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir, options.purpose);
  let database: DatabaseHandle | null = null;
  // Lost PostgreSQL connections are logged (through the app's logger once it exists), never fatal.
  let logConnectionError = (error: Error) => console.error(`database connection error: ${error.message}`);
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      timeouts: { connectMs: config.dbConnectTimeoutMs, statementMs: config.dbStatementTimeoutMs, idleInTransactionMs: config.dbIdleInTransactionTimeoutMs },
      onConnectionError: (error) => logConnectionError(error),
    });
    await migrateToLatest(database.db);
    await seedCalendar(database.db);
    const keys = loadKeyRing(config.dataDir);
    const app = await buildApp({ config, db: database.db, dbKind: database.kind, keys, clock: options.clock, defaultMetrics: options.defaultMetrics, logger: options.logger });
    logConnectionError = (error) => app.server.log.warn({ err: error }, 'database connection lost; the pool reconnects on demand');
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
