import type { Role } from '@huitong/contracts';
import type { StepKind } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { ApplicationQueryService } from './application-query.service.ts';
import { ApplicationSteps } from './application-steps.ts';
import { ApplicationStore } from './application-store.ts';
import { ApplicationValidator } from './application-validation.ts';
import { assigneeRoles } from './application.policy.ts';
import { ApplicationService } from './application.service.ts';
import { ReviewService } from './review.service.ts';
import type { SharingRepository } from './sharing.repository.ts';

/**
 * Sharing applications (共享申请, SPEC §3) behind one face for the routes, the seed and the
 * deadline job: the applicant's use cases (ApplicationService), the decisions on each step
 * (ReviewService) and the reads (ApplicationQueryService).
 */
export class SharingService {
  readonly applications: ApplicationService;
  readonly reviews: ReviewService;
  readonly queries: ApplicationQueryService;
  private readonly steps: ApplicationSteps;
  private readonly store: ApplicationStore;

  constructor(deps: PlatformDeps, org: OrgService, catalog: CatalogService, notifications: NotificationService) {
    this.store = new ApplicationStore(deps);
    this.steps = new ApplicationSteps(deps, org, notifications);
    this.queries = new ApplicationQueryService(deps, org, catalog, this.store, this.steps);
    this.applications = new ApplicationService(deps, notifications, this.store, this.steps, new ApplicationValidator(deps, org, catalog), this.queries);
    this.reviews = new ReviewService(deps, catalog, notifications, this.store, this.steps, this.queries);
  }

  get repo(): SharingRepository {
    return this.store.repo;
  }

  // ── the applicant ──
  create(...args: Parameters<ApplicationService['create']>) {
    return this.applications.create(...args);
  }
  update(...args: Parameters<ApplicationService['update']>) {
    return this.applications.update(...args);
  }
  checkLetterUpload(...args: Parameters<ApplicationService['checkLetterUpload']>) {
    return this.applications.checkLetterUpload(...args);
  }
  uploadLetter(...args: Parameters<ApplicationService['uploadLetter']>) {
    return this.applications.uploadLetter(...args);
  }
  submit(...args: Parameters<ApplicationService['submit']>) {
    return this.applications.submit(...args);
  }
  withdraw(...args: Parameters<ApplicationService['withdraw']>) {
    return this.applications.withdraw(...args);
  }
  dispute(...args: Parameters<ApplicationService['dispute']>) {
    return this.applications.dispute(...args);
  }

  // ── decisions ──
  decide(...args: Parameters<ReviewService['decide']>) {
    return this.reviews.decide(...args);
  }

  // ── reading ──
  detail(...args: Parameters<ApplicationQueryService['detail']>) {
    return this.queries.detail(...args);
  }
  list(...args: Parameters<ApplicationQueryService['list']>) {
    return this.queries.list(...args);
  }
  letter(...args: Parameters<ApplicationQueryService['letter']>) {
    return this.queries.letter(...args);
  }
  entryDemand(...args: Parameters<ApplicationQueryService['entryDemand']>) {
    return this.queries.entryDemand(...args);
  }

  /** Who acts on a step of this kind (the deadline job reminds and escalates to them). */
  assigneeUsers(...args: Parameters<ApplicationSteps['assigneeUsers']>) {
    return this.steps.assigneeUsers(...args);
  }

  /** Roles to notify about a step of this kind. */
  static assigneeRoles(kind: StepKind): Role[] {
    return assigneeRoles(kind);
  }
}
