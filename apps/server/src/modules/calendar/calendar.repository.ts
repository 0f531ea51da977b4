import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

type Db = Kysely<Database>;

/** Queries of calendar administration: reading a year and replacing its days. */
export class CalendarRepository {
  findYear(db: Db, year: number) {
    return db.selectFrom('calendar_year').selectAll().where('year', '=', year).executeTakeFirst();
  }

  daysOf(db: Db, year: number) {
    return db.selectFrom('calendar_day').select(['day', 'kind', 'name']).where('year', '=', year).orderBy('day').execute();
  }

  async deleteDays(db: Db, year: number): Promise<void> {
    await db.deleteFrom('calendar_day').where('year', '=', year).execute();
  }

  /** Adds the year or, when it is already loaded, replaces its source and who changed it. */
  async upsertYear(db: Db, values: { year: number; source: string; updatedAt: Date; updatedBy: string }): Promise<void> {
    const changes = { source: values.source, updated_at: values.updatedAt, updated_by: values.updatedBy };
    await db
      .insertInto('calendar_year')
      .values({ year: values.year, ...changes })
      .onConflict((oc) => oc.column('year').doUpdateSet(changes))
      .execute();
  }

  async insertDays(db: Db, year: number, days: ReadonlyArray<{ day: string; kind: 'holiday' | 'workday'; name: string }>): Promise<void> {
    if (days.length === 0) return;
    await db.insertInto('calendar_day').values(days.map((d) => ({ ...d, year }))).execute();
  }
}
