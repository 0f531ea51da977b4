import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface CalendarYearSummary {
  year: number;
  source: string;
  updatedAt: Date;
  updatedBy: string;
  holidays: number;
  workdays: number;
}

/** SQL on the calendar tables (`calendar_year`, `calendar_day`) that the platform calendar reads and seeds. */
export class CalendarRepository {
  async loadedYears(db: Db): Promise<number[]> {
    return (await db.selectFrom('calendar_year').select('year').execute()).map((r) => r.year);
  }

  allDays(db: Db) {
    return db.selectFrom('calendar_day').select(['day', 'kind', 'name']).execute();
  }

  /** Every loaded year with its number of holidays and make-up working days. */
  async yearSummaries(db: Db): Promise<CalendarYearSummary[]> {
    const rows = await db
      .selectFrom('calendar_year as y')
      .leftJoin('calendar_day as d', 'd.year', 'y.year')
      .select(({ fn }) => [
        'y.year',
        'y.source',
        'y.updated_at',
        'y.updated_by',
        fn.count<number>('d.day').filterWhere('d.kind', '=', 'holiday').as('holidays'),
        fn.count<number>('d.day').filterWhere('d.kind', '=', 'workday').as('workdays'),
      ])
      .groupBy(['y.year', 'y.source', 'y.updated_at', 'y.updated_by'])
      .orderBy('y.year')
      .execute();
    return rows.map((r) => ({
      year: r.year,
      source: r.source,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      holidays: Number(r.holidays),
      workdays: Number(r.workdays),
    }));
  }

  /** A year as shipped in the package; `updated_by` 'seed' tells it from an administrator's entry. */
  async insertSeedYear(db: Db, year: { year: number; source: string; days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string }> }): Promise<void> {
    await db.insertInto('calendar_year').values({ year: year.year, source: year.source, updated_by: 'seed' }).execute();
    if (year.days.length > 0) await db.insertInto('calendar_day').values(year.days.map((d) => ({ ...d, year: year.year }))).execute();
  }
}
