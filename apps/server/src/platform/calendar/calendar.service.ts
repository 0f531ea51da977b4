import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from '../clock.ts';
import {
  addWorkdays,
  checkDay,
  chinaDay,
  endOfChinaDay,
  workdaysBetween,
  type CalendarData,
  type CalendarDay,
  type DayAnswer,
  type DueDate,
  type IsoDay,
} from './working-days.ts';
import { CalendarRepository, type CalendarYearSummary } from './calendar.repository.ts';

const repo = new CalendarRepository();

export interface Deadline extends DueDate {
  /** The last instant of the due date in China time. */
  dueAt: Date;
}

/**
 * The platform calendar: official holidays and make-up working days held in the database,
 * seeded from the `chinese-days` package and maintained by administrators. Reads go to an
 * in-memory copy that is reloaded whenever a year is changed.
 */
export class CalendarService {
  #data: CalendarData | null = null;
  #loadedAt = 0;
  /** Another node may have changed the calendar; re-read it at most this often. */
  static readonly TTL_MS = 60_000;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The calendar; pass the transaction when calling from inside one (embedded PGlite has one session). */
  async data(db: Kysely<Database> = this.db): Promise<CalendarData> {
    if (!this.#data || Date.now() - this.#loadedAt > CalendarService.TTL_MS) {
      const [years, days] = await Promise.all([repo.loadedYears(db), repo.allDays(db)]);
      this.#data = {
        years: new Set(years),
        days: new Map(days.map((d) => [d.day, { kind: d.kind, name: d.name } satisfies CalendarDay])),
      };
      this.#loadedAt = Date.now();
    }
    return this.#data;
  }

  invalidate(): void {
    this.#data = null;
  }

  async check(day: IsoDay): Promise<DayAnswer> {
    return checkDay(await this.data(), day);
  }

  async dueDate(from: IsoDay, workdays: number, countReceiptDay = false, db?: Kysely<Database>): Promise<DueDate> {
    return addWorkdays(await this.data(db), from, workdays, countReceiptDay);
  }

  /** A deadline `workdays` working days after the instant `receivedAt`. */
  async deadline(receivedAt: Date, workdays: number, countReceiptDay = false, db?: Kysely<Database>): Promise<Deadline> {
    const due = await this.dueDate(chinaDay(receivedAt), workdays, countReceiptDay, db);
    return { ...due, dueAt: endOfChinaDay(due.date) };
  }

  /** Working days left until a due date, counted from today (negative when overdue). */
  async remainingWorkdays(due: IsoDay): Promise<{ workdays: number; provisional: boolean }> {
    return workdaysBetween(await this.data(), chinaDay(this.clock.now()), due);
  }

  years(): Promise<CalendarYearSummary[]> {
    return repo.yearSummaries(this.db);
  }
}

export interface PackagedYear {
  year: number;
  source: string;
  days: Array<{ day: IsoDay; kind: 'holiday' | 'workday'; name: string }>;
}

/**
 * The official schedules shipped in `chinese-days`, grouped by year. The package silently
 * treats later years as Monday–Friday; only the years it actually lists are returned here.
 */
export function packagedCalendarYears(): PackagedYear[] {
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const byYear = new Map<number, PackagedYear>();
  const add = (day: string, kind: 'holiday' | 'workday', label: string) => {
    const year = Number(day.slice(0, 4));
    const parts = label.split(',');
    const name = parts[1] ?? parts[0] ?? label;
    let entry = byYear.get(year);
    if (!entry) {
      entry = { year, source: `国务院办公厅关于${year}年部分节假日安排的通知(经 chinese-days 数据包导入)`, days: [] };
      byYear.set(year, entry);
    }
    entry.days.push({ day, kind, name });
  };
  for (const [day, label] of Object.entries(data.holidays)) add(day, 'holiday', label);
  for (const [day, label] of Object.entries(data.workdays)) add(day, 'workday', `${label}（调休上班）`);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** Loads every packaged year that the database does not hold yet (never overwrites admin edits). */
export async function seedCalendar(db: Kysely<Database>): Promise<number[]> {
  const existing = new Set(await repo.loadedYears(db));
  const added: number[] = [];
  await db.transaction().execute(async (trx) => {
    for (const year of packagedCalendarYears()) {
      if (existing.has(year.year)) continue;
      await repo.insertSeedYear(trx, year);
      added.push(year.year);
    }
  });
  return added;
}
