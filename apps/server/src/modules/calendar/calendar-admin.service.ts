import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { parseDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ErrorDetail } from '@huitong/contracts';
import type { DeadlineService } from '../sharing/index.ts';

export interface YearInput {
  source: string;
  days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string }>;
}

/**
 * Maintaining the official calendar: the State Council publishes next year's holidays each winter
 * and an administrator enters (or corrects) the year here. Deadlines that were provisional because
 * the year was missing are recomputed at once.
 */
export class CalendarAdminService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly deadlines: DeadlineService,
  ) {}

  async days(year: number) {
    const known = await this.deps.db.selectFrom('calendar_year').selectAll().where('year', '=', year).executeTakeFirst();
    if (!known) throw new NotFoundError('日历年度 calendar year', String(year));
    const days = await this.deps.db.selectFrom('calendar_day').select(['day', 'kind', 'name']).where('year', '=', year).orderBy('day').execute();
    return { year, source: known.source, updatedAt: known.updated_at.toISOString(), updatedBy: known.updated_by, days };
  }

  /** Replaces a year's holidays and make-up working days; returns how many deadlines were recomputed. */
  async putYear(actor: Actor, year: number, input: YearInput): Promise<{ recomputed: number }> {
    authorize(actor, 'calendar:manage');
    const errors: ErrorDetail[] = [];
    const seen = new Set<string>();
    input.days.forEach((d, index) => {
      const field = `days[${index}].day`;
      let date: Date;
      try {
        date = parseDay(d.day);
      } catch {
        errors.push({ field, message: `${field}: ${d.day} 不是有效日期 (not a date)` });
        return;
      }
      if (date.getUTCFullYear() !== year) errors.push({ field, message: `${field}: ${d.day} 不在 ${year} 年 (not in ${year})` });
      if (seen.has(d.day)) errors.push({ field, message: `${field}: ${d.day} 重复 (listed twice)` });
      seen.add(d.day);
      const weekday = date.getUTCDay();
      if (d.kind === 'workday' && weekday !== 0 && weekday !== 6) errors.push({ field: `days[${index}].kind`, message: `days[${index}].kind: 调休上班日 ${d.day} 应为周六或周日 (a make-up working day falls on a weekend)` });
    });
    if (errors.length > 0) throw new ValidationError(`日历有 ${errors.length} 处问题`, errors);
    const previous = await this.deps.db.selectFrom('calendar_year').select('source').where('year', '=', year).executeTakeFirst();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('calendar_day').where('year', '=', year).execute();
      await trx
        .insertInto('calendar_year')
        .values({ year, source: input.source, updated_at: this.deps.clock.now(), updated_by: actor.name ?? actor.username ?? 'unknown' })
        .onConflict((oc) => oc.column('year').doUpdateSet({ source: input.source, updated_at: this.deps.clock.now(), updated_by: actor.name ?? actor.username ?? 'unknown' }))
        .execute();
      if (input.days.length > 0) await trx.insertInto('calendar_day').values(input.days.map((d) => ({ ...d, year }))).execute();
      await this.deps.audit.record(trx, actor, {
        operation: previous ? 'calendar:year:correct' : 'calendar:year:add',
        targetType: 'calendar_year',
        targetId: String(year),
        details: { source: input.source, holidays: input.days.filter((d) => d.kind === 'holiday').length, workdays: input.days.filter((d) => d.kind === 'workday').length },
      });
    });
    this.deps.calendar.invalidate();
    const recomputed = await this.deadlines.recomputeProvisional();
    return { recomputed };
  }
}
