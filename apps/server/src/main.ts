import { ConfigError, loadConfig } from './config/config.ts';
import { startPlatform } from './bootstrap.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import { PolicyError } from './platform/policy/profiles.ts';

/** Starts the platform: migrate, seed the demo on an empty database, serve, shut down cleanly. */
async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await startPlatform(config, { purpose: 'server', defaultMetrics: true });
  const { server } = platform.app;
  if (config.seedDemo && (await isEmpty(platform.app))) {
    server.log.info('empty database: seeding the demo city (龙南市)');
    const summary = await seedDemo(platform.app);
    server.log.info(summary, 'demo seeded');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    try {
      await platform.close();
      process.exit(0);
    } catch (error) {
      server.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await server.listen({ port: config.port, host: config.host });
  platform.app.scheduler.start();
  server.log.info({ database: platform.database.kind, location: platform.database.location, policy: config.policy }, `Huitong is serving on port ${config.port}`);
}

main().catch((error) => {
  // Problems the operator fixes get their message alone, without a stack trace.
  if (error instanceof ConfigError || error instanceof PolicyError || error instanceof DataDirLockedError) console.error(`huitong: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
