import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { parseDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ErrorDetail } from '@huitong/contracts';
import type { DeadlineService } from '../sharing/index.ts';
import { CalendarRepository } from './calendar.repository.ts';

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
  private readonly repo = new CalendarRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly deadlines: DeadlineService,
  ) {}

  async days(year: number) {
    const known = await this.repo.findYear(this.deps.db, year);
    if (!known) throw new NotFoundError('日历年度 calendar year', String(year));
    const days = await this.repo.daysOf(this.deps.db, year);
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
    await this.deps.db.transaction().execute(async (trx) => {
      // Read inside the transaction, so "add" or "correct" in the audit record is what was replaced.
      const previous = await this.repo.findYear(trx, year);
      await this.repo.deleteDays(trx, year);
      await this.repo.upsertYear(trx, { year, source: input.source, updatedAt: this.deps.clock.now(), updatedBy: actor.name ?? actor.username ?? 'unknown' });
      await this.repo.insertDays(trx, year, input.days);
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
