import { Command, InvalidArgumentError } from 'commander';
import { checkCitizenIdNumber, ROLES, type Role } from '@huitong/contracts';
import { ConfigError, loadConfig, repoRoot, type Config } from '../config/config.ts';
import { startPlatform, type Platform } from '../bootstrap.ts';
import { cliActor } from '../platform/auth/actor.ts';
import { openDatabase } from '../platform/db/database.ts';
import { DataDirLockedError, lockDataDir } from '../platform/db/data-dir-lock.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { conformanceReport, formatConformance } from '../platform/policy/conformance.ts';
import { listProfileIds, loadProfile, PolicyError } from '../platform/policy/profiles.ts';
import { DomainError } from '../platform/errors.ts';
import { isEmpty, seedDemo } from '../seed/demo.ts';
import { seedCalendar } from '../platform/calendar/calendar.service.ts';
import { registerCalendarCommands } from './calendar-commands.ts';
import { registerDatasetCommands } from './dataset-commands.ts';

/**
 * Administration from the command line. Every command reads the same environment as the
 * server (DATABASE_URL, HUITONG_DATA_DIR, HUITONG_POLICY). On the embedded database the server
 * must be stopped first: PGlite serves one process at a time.
 */
export function buildCli(config: () => Config): Command {
  const program = new Command('huitong')
    .description('汇通 Huitong — government data sharing, exchange and open-data platform (administration)')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });

  async function withPlatform<T>(purpose: string, fn: (platform: Platform) => Promise<T>): Promise<T> {
    const platform = await startPlatform(config(), { purpose: `cli: ${purpose}`, logger: false });
    try {
      return await fn(platform);
    } finally {
      await platform.close();
    }
  }

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const cfg = config();
      const unlock = cfg.databaseUrl ? () => {} : lockDataDir(cfg.dataDir, 'cli: migrate');
      const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, timeouts: { connectMs: cfg.dbConnectTimeoutMs, statementMs: cfg.dbStatementTimeoutMs, idleInTransactionMs: cfg.dbIdleInTransactionTimeoutMs } });
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
        const years = await seedCalendar(handle.db);
        if (years.length) console.log(`calendar years loaded: ${years.join(', ')}`);
      } finally {
        await handle.close();
        unlock();
      }
    });

  program
    .command('seed')
    .description('load reference data (the official calendar); with --demo, the demo city on an empty database')
    .option('--demo', 'seed the 龙南市 demo: departments, users for every role, 40+ catalog entries')
    .action(async (options: { demo?: boolean }) => {
      await withPlatform('seed', async ({ app }) => {
        console.log('calendar: packaged official schedules loaded');
        if (!options.demo) return;
        if (!(await isEmpty(app))) throw new CliError('the database already holds departments; the demo only seeds an empty platform');
        const summary = await seedDemo(app);
        console.log(`demo seeded: ${summary.departments} departments, ${summary.users} users, ${summary.entries} catalog entries, ${summary.applications} applications`);
      });
    });

  program
    .command('create-admin')
    .description('create a platform administrator (and the operator department, if there is none yet)')
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--name <name>', 'real name (实名)')
    .requiredOption('--id-number <id>', 'citizen ID number (GB 11643)', (value) => {
      const check = checkCitizenIdNumber(value);
      if (!check.valid) throw new InvalidArgumentError(check.message ?? 'invalid ID number');
      return value.toUpperCase();
    })
    .requiredOption('--phone <phone>', 'mobile phone number')
    .option('--department <name>', 'operator department name when creating it', '政务和数据服务中心')
    .option('--password <password>', 'initial password (or set HUITONG_ADMIN_PASSWORD)')
    .action(async (options: { username: string; name: string; idNumber: string; phone: string; department: string; password?: string }) => {
      const password = options.password ?? process.env.HUITONG_ADMIN_PASSWORD;
      if (!password) throw new CliError('give --password or set HUITONG_ADMIN_PASSWORD');
      await withPlatform('create-admin', async ({ app }) => {
        const actor = cliActor('create-admin');
        const org = app.modules.org.service;
        let operator = (await org.listDepartments()).find((d) => d.isOperator);
        if (!operator) {
          const government = await org.createDepartment(actor, { parentId: null, name: '人民政府', kind: 'government', level: 'county' });
          operator = await org.createDepartment(actor, { parentId: government.id, name: options.department, kind: 'department', level: 'county', isOperator: true });
          console.log(`created operator department ${operator.name}`);
        }
        const user = await org.createUser(actor, { username: options.username, name: options.name, idNumber: options.idNumber, phone: options.phone, departmentId: operator.id, roles: ['platform_admin'], password });
        console.log(`created platform administrator ${user.username} (${user.name}) in ${operator.name}`);
      });
    });

  // Roles on the server itself: the way the first security auditor is appointed, since the
  // platform administrator may not grant that role (separation of duties, GB/T 39477).
  const user = program.command('user').description('user accounts and roles (on the server only)');
  const roleArgument = (value: string): Role => {
    const codes: string[] = ROLES.map((r) => r.code);
    if (!codes.includes(value)) throw new InvalidArgumentError(`unknown role; one of ${codes.join(', ')}`);
    return value as Role;
  };
  for (const [name, present] of [['grant-role', true], ['revoke-role', false]] as const) {
    user
      .command(`${name} <username> <role>`)
      .description(present ? 'give a user a role (e.g. security_auditor)' : 'take a role from a user')
      .action(async (username: string, role: string) => {
        const checked = roleArgument(role);
        const updated = await withPlatform(`user ${name}`, ({ app }) => app.modules.org.service.setRole(cliActor(`user ${name}`), username, checked, present));
        console.log(`${updated.username} (${updated.name}) now holds: ${updated.roles.join(', ')}`);
      });
  }

  user
    .command('reset-password <username>')
    .description('set a new password (ends every session and API token of the user, lifts a lock)')
    .option('--password <password>', 'the new password (or set HUITONG_NEW_PASSWORD)')
    .action(async (username: string, options: { password?: string }) => {
      const password = options.password ?? process.env.HUITONG_NEW_PASSWORD;
      if (!password) throw new CliError('give --password or set HUITONG_NEW_PASSWORD');
      const result = await withPlatform('user reset-password', ({ app }) => app.modules.auth.service.resetPassword(cliActor('user reset-password'), username, password));
      console.log(`password of ${username} reset; ${result.sessionsRevoked} session(s) and token(s) ended`);
    });

  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('check the whole hash chain and its signatures; exits non-zero naming the first bad record')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const result = await withPlatform('audit verify', ({ app }) => app.deps.audit.verify(app.deps.db));
      if (options.json) console.log(JSON.stringify(result, null, 2));
      else if (result.ok) console.log(`audit chain intact: ${result.checked} records (${result.firstSeq ?? '-'}…${result.lastSeq ?? '-'}), ${result.checkpointsVerified} signed checkpoints`);
      else console.error(`AUDIT CHAIN BROKEN at record ${result.problem!.seq} (${result.problem!.kind}): ${result.problem!.message}`);
      if (!result.ok) process.exitCode = 2;
    });
  audit
    .command('checkpoint')
    .description('sign a checkpoint for the newest record now')
    .action(async () => {
      const seq = await withPlatform('audit checkpoint', ({ app }) => app.deps.audit.checkpoint(app.deps.db));
      console.log(seq === null ? 'no records yet' : `signed checkpoint at record ${seq}`);
    });
  audit
    .command('purge')
    .description("delete records older than a date, if the policy's retention period allows it")
    .requiredOption('--before <date>', 'ISO date or date-time', (value) => {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('not a date');
      return date;
    })
    .action(async (options: { before: Date }) => {
      const result = await withPlatform('audit purge', ({ app }) => app.modules.audit.service.purge(cliActor('audit purge'), options.before));
      console.log(result.purged === 0 ? 'nothing to purge' : `purged ${result.purged} records; the chain now starts after record ${result.anchorSeq}`);
    });

  program
    .command('conformance')
    .description('article → rule → value → where it is enforced → the tests that prove it')
    .option('--policy <id>', 'profile to report on (default: HUITONG_POLICY)')
    .option('--all', 'report on every profile')
    .option('--json', 'print JSON')
    .option('--record <file>', 'test record to read (default: HUITONG_CONFORMANCE_RECORD or node_modules/.cache/huitong/conformance-record.json)')
    .action((options: { policy?: string; all?: boolean; json?: boolean; record?: string }) => {
      const cfg = config();
      const ids = options.all ? listProfileIds(cfg.policiesDir) : [options.policy ?? cfg.policy];
      const reports = ids.map((id) => {
        const profile = loadProfile(cfg.policiesDir, id);
        return { profile, rows: conformanceReport(profile, repoRoot, options.record ? { recordPath: options.record } : {}) };
      });
      if (options.json) console.log(JSON.stringify(reports.map((r) => ({ profile: r.profile.id, rows: r.rows })), null, 2));
      else console.log(reports.map((r) => formatConformance(r.profile, r.rows)).join('\n\n'));
      // A stale claim (code that is gone, or no test carrying the tag) is an error; a rule not
      // verified under a profile is reported, not an error: that is what the report is for.
      if (reports.some((r) => r.rows.some((row) => row.missingEnforcement.length > 0 || (row.enforcedBy.length > 0 && row.tests.length === 0)))) process.exitCode = 3;
    });

  registerCalendarCommands(program, { config, withPlatform });
  registerDatasetCommands(program, { config, withPlatform });
  return program;
}

export class CliError extends Error {}

const isMain = process.argv[1] && /huitong(\.mjs)?$|cli\.ts$/.test(process.argv[1]);
if (isMain) {
  buildCli(() => loadConfig())
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CliError || error instanceof DomainError || error instanceof ConfigError || error instanceof PolicyError || error instanceof DataDirLockedError) {
        console.error(`error: ${error.message}`);
        for (const detail of (error as DomainError).details ?? []) console.error(`  - ${detail.message}`);
      } else console.error(error);
      process.exitCode = 1;
    });
}
