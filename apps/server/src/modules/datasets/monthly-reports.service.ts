import type { Actor } from '../../platform/auth/actor.ts';
import { taskActor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogDataPort } from '../catalog/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import { DatasetsRepository } from './datasets.repository.ts';
import { datasetDb, platformDb, type DatasetDb } from './datasets.schema.ts';
import { daysUntil, dueOf, openPeriod, PERIOD_PATTERN, previousPeriod, windowOf, type Period } from './monthly-periods.ts';
import { MonthlyReportsRepository } from './monthly-reports.repository.ts';

/** Natural days before the due day from which the provider's data officers are reminded. */
export const REMINDER_DAYS_BEFORE = 3;
/** How far back one run looks for unrecorded missing months (a job stopped for a while catches up). */
const CATCH_UP_MONTHS = 12;

export type MonthlyReportStatus = 'batch' | 'zero' | 'missing' | 'open';
export interface MonthlyReport {
  period: Period;
  dueOn: string;
  status: MonthlyReportStatus;
  batchId: string | null;
  zeroReportedAt: string | null;
  zeroNote: string | null;
  remindedAt: string | null;
  missingRecordedAt: string | null;
}

type DatasetRef = { id: string; entry_id: string; provider_department_id: string; created_at: Date };

/**
 * Monthly reports of file-provided datasets (004 五.3, rule `exchange.monthly_report_day`): each
 * month's report is a loaded batch in the month's window or a zero report (零报告) by the
 * provider's data officer. The scheduled `dataset-monthly-reports` job reminds before the due day
 * and, after it, records the missing report for supervision. A profile without the day (null)
 * asks for no monthly reports.
 */
export class MonthlyReportsService {
  readonly repo = new MonthlyReportsRepository();
  private readonly datasets = new DatasetsRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly catalog: CatalogDataPort,
    private readonly notifications: NotificationService,
  ) {}

  private get db(): DatasetDb {
    return datasetDb(this.deps.db);
  }

  private day(): number | null {
    return this.deps.policy.value<number | null>('exchange.monthly_report_day');
  }

  /** Months a dataset owes: those due after the day it was created. */
  private owes(dataset: DatasetRef, period: Period, day: number): boolean {
    return dueOf(period, day) > chinaDay(dataset.created_at);
  }

  private async fileProvided(dataset: DatasetRef): Promise<{ name: string; resourceCode: string } | null> {
    const entry = await this.catalog.publishedEntry(this.deps.db, dataset.entry_id);
    return entry && entry.provisionMethod === 'file' ? { name: entry.name, resourceCode: entry.resourceCode } : null;
  }

  private async satisfied(db: DatasetDb, datasetId: string, period: Period, day: number): Promise<boolean> {
    const row = await this.repo.find(db, datasetId, period);
    if (row?.zero_reported_at) return true;
    return (await this.repo.loadedBatchIn(db, datasetId, windowOf(period, day))) !== undefined;
  }

  /** The scheduled job; idempotent (every reminder and record is a guarded claim). */
  async run(): Promise<{ reminded: number; recorded: number }> {
    const result = { reminded: 0, recorded: 0 };
    const day = this.day();
    if (day === null) return result;
    const { clock, audit } = this.deps;
    const today = chinaDay(clock.now());
    const actor = taskActor('dataset-monthly-reports');
    const open = openPeriod(today, day);

    for (const dataset of await this.repo.datasets(this.db)) {
      const entry = await this.fileProvided(dataset);
      if (!entry) continue;
      const link = `/datasets/${dataset.id}`;

      // Before the day: remind once per month while the month is not reported.
      const due = dueOf(open, day);
      const left = daysUntil(today, due);
      if (this.owes(dataset, open, day) && left <= REMINDER_DAYS_BEFORE && !(await this.satisfied(this.db, dataset.id, open, day))) {
        const sent = await this.db.transaction().execute(async (trx) => {
          const row = await this.repo.ensure(trx, dataset.id, open, due);
          if (!(await this.repo.claimReminder(trx, row.id, clock.now()))) return false;
          await this.notifications.notifyRoles(platformDb(trx), dataset.provider_department_id, ['data_officer'], notificationMessages.monthlyReportReminder({ link, entry: entry.name, resourceCode: entry.resourceCode, period: open, dueOn: due }));
          return true;
        });
        if (sent) result.reminded++;
      }

      // After the day: each owed, unreported month becomes a supervision record, once.
      let period = previousPeriod(open);
      for (let i = 0; i < CATCH_UP_MONTHS && this.owes(dataset, period, day); i++, period = previousPeriod(period)) {
        if (await this.satisfied(this.db, dataset.id, period, day)) continue;
        const dueOn = dueOf(period, day);
        const recorded = await this.db.transaction().execute(async (trx) => {
          const row = await this.repo.ensure(trx, dataset.id, period, dueOn);
          if (!(await this.repo.claimMissing(trx, row.id, clock.now()))) return false;
          const reference = `「${entry.name}」(${entry.resourceCode}) ${period} 月度报送`;
          await this.repo.recordMissing(platformDb(trx), { departmentId: dataset.provider_department_id, reportId: row.id, reference, dueOn, now: clock.now() });
          const message = notificationMessages.monthlyReportMissing({ link, entry: entry.name, resourceCode: entry.resourceCode, period, dueOn });
          await this.notifications.notifyOperator(platformDb(trx), ['platform_reviewer', 'supervisor'], message);
          await this.notifications.notifyRoles(platformDb(trx), dataset.provider_department_id, ['data_officer'], message);
          await audit.record(platformDb(trx), actor, {
            operation: 'dataset:monthly-report:missing',
            targetType: 'dataset',
            targetId: dataset.id,
            details: { period, dueOn, department: dataset.provider_department_id, basis: this.deps.policy.citation('exchange.monthly_report_day') },
          });
          return true;
        });
        if (recorded) result.recorded++;
      }
    }
    return result;
  }

  private async dataset(actor: Actor, id: string, operation: 'dataset:read' | 'dataset:load') {
    const scope = hasPlatformScope(actor, operation) ? null : (authorize(actor, operation, actor.organisationId), actor.organisationId);
    const row = await this.datasets.findDataset(this.db, id, scope);
    if (!row) throw new NotFoundError('数据集 dataset', id);
    return row;
  }

  private requireDay(): number {
    const day = this.day();
    if (day === null) throw new ConflictError('本地规定不要求月度报送 (the policy profile asks for no monthly reports)', 'MONTHLY_REPORTS_NOT_REQUIRED');
    return day;
  }

  /** 零报告: "no new data this month", by the provider's data officer; late reports resolve the supervision record. */
  async zeroReport(actor: Actor, id: string, input: { period: string; note?: string }): Promise<MonthlyReport> {
    const dataset = await this.dataset(actor, id, 'dataset:load');
    const day = this.requireDay();
    if (!(await this.fileProvided(dataset))) throw ValidationError.field('id', 'id: 该数据集不是文件上传方式,无需月度报送 (only file-provided datasets report monthly)', 'NOT_FILE_PROVIDED');
    const period = input.period;
    if (!PERIOD_PATTERN.test(period)) throw ValidationError.field('period', 'period: 应为 YYYY-MM (expected YYYY-MM)', 'INVALID_PERIOD');
    const today = chinaDay(this.deps.clock.now());
    if (period > openPeriod(today, day)) throw ValidationError.field('period', `period: ${period} 的报送期尚未开始 (the month's report is not open yet)`, 'PERIOD_NOT_OPEN');
    if (!this.owes(dataset, period, day)) throw ValidationError.field('period', `period: 数据集建立前的月份无需报送 (${period} precedes the dataset)`, 'PERIOD_NOT_OWED');
    const now = this.deps.clock.now();
    const note = input.note?.trim() || null;
    await this.db.transaction().execute(async (trx) => {
      await this.datasets.lockDataset(trx, dataset.id);
      if (await this.repo.loadedBatchIn(trx, dataset.id, windowOf(period, day))) {
        throw new ConflictError(`${period} 已有入库批次,无需零报告 (a loaded batch already reports the month)`, 'MONTH_REPORTED');
      }
      const row = await this.repo.ensure(trx, dataset.id, period, dueOf(period, day));
      if (!(await this.repo.markZero(trx, row.id, actor.userId!, note, now))) throw new ConflictError(`${period} 已提交零报告 (already zero-reported)`, 'MONTH_REPORTED');
      await this.repo.resolveMissing(platformDb(trx), row.id, now);
      await this.deps.audit.record(platformDb(trx), actor, {
        operation: 'dataset:monthly-report:zero',
        targetType: 'dataset',
        targetId: dataset.id,
        details: { period, dueOn: row.due_on, late: row.missing_recorded_at !== null, note },
      });
    });
    return (await this.reports(actor, id)).find((r) => r.period === period)!;
  }

  /** The dataset's owed months, newest first (the open one included), up to a year. */
  async reports(actor: Actor, id: string): Promise<MonthlyReport[]> {
    const dataset = await this.dataset(actor, id, 'dataset:read');
    const day = this.day();
    if (day === null || !(await this.fileProvided(dataset))) return [];
    const open = openPeriod(chinaDay(this.deps.clock.now()), day);
    const periods: Period[] = [];
    for (let p = open; periods.length < CATCH_UP_MONTHS && this.owes(dataset, p, day); p = previousPeriod(p)) periods.push(p);
    const rows = new Map((await this.repo.list(this.db, dataset.id, periods)).map((r) => [r.period, r]));
    return Promise.all(
      periods.map(async (period) => {
        const row = rows.get(period);
        const batch = await this.repo.loadedBatchIn(this.db, dataset.id, windowOf(period, day));
        const status: MonthlyReportStatus = row?.zero_reported_at ? 'zero' : batch ? 'batch' : period === open ? 'open' : 'missing';
        return {
          period,
          dueOn: dueOf(period, day),
          status,
          batchId: batch?.id ?? null,
          zeroReportedAt: row?.zero_reported_at?.toISOString() ?? null,
          zeroNote: row?.zero_note ?? null,
          remindedAt: row?.reminded_at?.toISOString() ?? null,
          missingRecordedAt: row?.missing_recorded_at?.toISOString() ?? null,
        };
      }),
    );
  }
}
