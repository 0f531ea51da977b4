import fs from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../platform/auth/actor.ts';
import type { Config } from '../config/config.ts';
import type { Platform } from '../bootstrap.ts';

/** Calendar commands (working days on the official schedule). */
export function registerCalendarCommands(
  program: Command,
  context: { config: () => Config; withPlatform: <T>(purpose: string, fn: (platform: Platform) => Promise<T>) => Promise<T> },
): void {
  const calendar = program.command('calendar').description('the official working-day calendar');
  calendar
    .command('is-workday <date>')
    .description('print "workday" or "holiday" for a date (YYYY-MM-DD)')
    .action(async (date: string) => {
      const answer = await context.withPlatform('calendar', ({ app }) => app.deps.calendar.check(date));
      console.log(`${answer.workday ? 'workday' : 'holiday'}${answer.provisional ? ' provisional' : ''}`);
    });
  calendar
    .command('due')
    .description('the date N working days after --from (the day of receipt is not counted)')
    .requiredOption('--from <date>', 'day of receipt, YYYY-MM-DD')
    .requiredOption('--workdays <n>', 'working days', (value) => Number.parseInt(value, 10))
    .action(async (options: { from: string; workdays: number }) => {
      // Whether the day of receipt counts is a profile setting (sharing.receipt_day_counted).
      const due = await context.withPlatform('calendar', ({ app }) =>
        app.deps.calendar.dueDate(options.from, options.workdays, app.deps.policy.value<boolean>('sharing.receipt_day_counted')),
      );
      console.log(`${due.date}${due.provisional ? ' provisional' : ''}`);
    });
  calendar
    .command('years')
    .description('list the years whose official schedule is loaded')
    .action(async () => {
      const years = await context.withPlatform('calendar', ({ app }) => app.deps.calendar.years());
      for (const y of years) console.log(`${y.year}  ${y.holidays} holidays, ${y.workdays} make-up working days  ${y.source}  (${y.updatedBy}, ${y.updatedAt.toISOString().slice(0, 10)})`);
    });
  calendar
    .command('set-year <year>')
    .description('enter or correct a year from a JSON file of [{"day":"YYYY-MM-DD","kind":"holiday"|"workday","name":"…"}]; provisional deadlines are recomputed')
    .requiredOption('--file <path>', 'JSON file with the year\'s holidays and make-up working days')
    .requiredOption('--source <notice>', 'the notice the schedule comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知')
    .action(async (year: string, options: { file: string; source: string }) => {
      const days = JSON.parse(fs.readFileSync(options.file, 'utf8'));
      const result = await context.withPlatform('calendar set-year', ({ app }) => app.modules.calendar.service.putYear(cliActor('calendar set-year'), Number(year), { source: options.source, days }));
      console.log(`calendar ${year} saved; ${result.recomputed} provisional deadline(s) recomputed`);
    });
}
