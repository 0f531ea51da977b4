import type { CatalogSearchQuery } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { DomainEvents, type EventSubscriptions } from '../../platform/events.ts';
import type { OrgService } from '../org/index.ts';
import { CatalogEntries } from './catalog-access.ts';
import { CatalogAuthoringService, type DraftInput } from './catalog-authoring.service.ts';
import { CatalogObjectionsService } from './catalog-objections.service.ts';
import { CatalogQueryService } from './catalog-query.service.ts';
import { CatalogReviewService } from './catalog-review.service.ts';
import { CatalogSearchService, type CatalogSearchScope } from './catalog-search.service.ts';
import { CatalogTransferService, type ImportRow } from './catalog-transfer.service.ts';
import { CatalogContentValidator } from './catalog-validation.ts';
import { CatalogRepository, type Db } from './catalog.repository.ts';
import type { CatalogEntryReader } from './catalog.ports.ts';
import type { CatalogEvents, EntryConsumersPort } from './catalog.ports.ts';

/**
 * The resource catalog (目录管理系统, SPEC §2) as the routes and other modules see it: one
 * object over the use-case services, which hold the logic — authoring, review and publication,
 * reading, search, objections, import and export.
 */
export class CatalogService {
  readonly #repo = new CatalogRepository();
  /** Read access to entries and versions for modules that cite them (sharing applications); nothing else of the repository. */
  readonly reader: CatalogEntryReader = { findEntry: (db, id) => this.#repo.findEntry(db, id), findVersion: (db, id) => this.#repo.findVersion(db, id) };
  /** What the catalog raises inside its writing transactions (ADR 0016); other modules subscribe. */
  readonly events: EventSubscriptions<CatalogEvents>;
  readonly #search: CatalogSearchService;
  readonly #query: CatalogQueryService;
  readonly #review: CatalogReviewService;
  readonly #authoring: CatalogAuthoringService;
  readonly #objections: CatalogObjectionsService;
  readonly #transfer: CatalogTransferService;

  constructor(deps: PlatformDeps, org: OrgService) {
    const events = new DomainEvents<CatalogEvents>();
    this.events = events;
    const entries = new CatalogEntries(this.#repo);
    const validator = new CatalogContentValidator(deps, org, this.#repo);
    this.#search = new CatalogSearchService(deps, org, this.#repo);
    this.#query = new CatalogQueryService(deps, org, this.#repo, entries);
    this.#review = new CatalogReviewService(deps, this.#repo, entries, this.#search, this.#query, events);
    this.#authoring = new CatalogAuthoringService(deps, org, this.#repo, entries, validator, this.#review, this.#search, this.#query);
    this.#objections = new CatalogObjectionsService(deps, this.#repo, entries);
    this.#transfer = new CatalogTransferService(deps, this.#repo, validator, this.#authoring, this.#search);
  }

  // ── authoring ──
  create(actor: Actor, input: DraftInput) {
    return this.#authoring.create(actor, input);
  }
  /** A draft registered in the caller's transaction; call `afterCommit` with its id once that commits. */
  createWithin(trx: Db, actor: Actor, input: DraftInput) {
    return this.#authoring.createWithin(trx, actor, input);
  }
  /** Brings entries changed in a committed transaction of another module into the search index. */
  afterCommit(ids: readonly string[]) {
    return this.#search.sync(ids);
  }
  saveDraft(actor: Actor, id: string, input: DraftInput) {
    return this.#authoring.saveDraft(actor, id, input);
  }
  submit(actor: Actor, id: string) {
    return this.#authoring.submit(actor, id);
  }
  withdraw(actor: Actor, id: string) {
    return this.#authoring.withdraw(actor, id);
  }
  discardPending(actor: Actor, id: string) {
    return this.#authoring.discardPending(actor, id);
  }
  requestOffline(actor: Actor, id: string, input: { reason: string; replacementEntryId?: string }) {
    return this.#authoring.requestOffline(actor, id, input);
  }
  confirmCurrent(actor: Actor, id: string) {
    return this.#authoring.confirmCurrent(actor, id);
  }

  // ── review and publication ──
  review(actor: Actor, id: string, decision: 'approve' | 'reject', comment?: string) {
    return this.#review.review(actor, id, decision, comment);
  }
  reviewQueue(actor: Actor) {
    return this.#review.reviewQueue(actor);
  }
  applyDueChanges() {
    return this.#review.applyDueChanges();
  }
  /** Binds the port that names an entry's other consumers (ADR 0016); done once by the wiring. */
  useEntryConsumers(port: EntryConsumersPort) {
    this.#review.useEntryConsumers(port);
  }

  // ── reading ──
  detail(actor: Actor, id: string) {
    return this.#query.detail(actor, id);
  }
  maintenanceDue(lastMaintainedAt: Date | null) {
    return this.#query.maintenanceDue(lastMaintainedAt);
  }
  versions(actor: Actor, id: string) {
    return this.#query.versions(actor, id);
  }
  diff(actor: Actor, id: string, versionId: string, againstVersionId?: string) {
    return this.#query.diff(actor, id, versionId, againstVersionId);
  }
  classifications() {
    return this.#query.classifications();
  }
  dedicatedToMe(actor: Actor) {
    return this.#query.dedicatedToMe(actor);
  }
  notices(actor: Actor) {
    return this.#query.notices(actor);
  }

  // ── search ──
  search(actor: Actor, query: CatalogSearchQuery & { scope?: CatalogSearchScope }) {
    return this.#search.search(actor, query);
  }
  /** Picks up changes made on other nodes (scheduled). */
  refreshIndex() {
    return this.#search.refresh();
  }

  // ── objections ──
  raiseObjection(actor: Actor, entryId: string, input: { kind: 'objection' | 'error'; itemCode?: string; content: string }) {
    return this.#objections.raiseObjection(actor, entryId, input);
  }
  answerObjection(actor: Actor, id: string, answer: string) {
    return this.#objections.answerObjection(actor, id, answer);
  }
  closeObjection(actor: Actor, id: string) {
    return this.#objections.closeObjection(actor, id);
  }
  listObjections(actor: Actor, filter: { entryId?: string; box?: 'raised' | 'received' }) {
    return this.#objections.listObjections(actor, filter);
  }

  // ── import and export ──
  importEntries(actor: Actor, rows: ImportRow[]) {
    return this.#transfer.importEntries(actor, rows);
  }
  exportEntries(actor: Actor, scope: 'published' | 'mine') {
    return this.#transfer.exportEntries(actor, scope);
  }
}
