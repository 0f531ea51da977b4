import {
  DOMAINS,
  FORMAT_CATEGORIES,
  labelOf,
  OPEN_TYPES,
  RESOURCE_CLASSES,
  SHARE_TYPES,
  UPDATE_CYCLES,
  type CatalogEntrySummary,
  type CatalogSearchQuery,
  type CatalogSearchResult,
  type FacetBucket,
  type VersionState,
} from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { NotAllowedError } from '../../platform/errors.ts';
import { Pacer } from '../../platform/pacing.ts';
import type { OrgService } from '../org/index.ts';
import { toSummary } from './catalog-rows.ts';
import { highlightTerms, normalise, queryClauses, queryWords } from './catalog-search.ts';
import { CatalogSearchIndex, toIndexed } from './catalog-search-index.ts';
import type { CatalogRepository } from './catalog.repository.ts';

export type CatalogSearchScope = 'published' | 'mine' | 'all';

/**
 * Catalog search (ADR 0004): the node's in-memory index, kept in step with the database, and
 * the search use case with its facets.
 */
export class CatalogSearchService {
  #index: CatalogSearchIndex | null = null;
  #indexLoading: Promise<CatalogSearchIndex> | null = null;
  /** Changes up to this instant are in the index (minus a safety overlap, see refresh). */
  #indexedThrough = new Date(0);
  #reconciledAt = 0;

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly repo: CatalogRepository,
  ) {}

  /** The loaded index; the first search on a node loads it from the database. */
  private async index(): Promise<CatalogSearchIndex> {
    if (this.#index) return this.#index;
    this.#indexLoading ??= (async () => {
      const index = new CatalogSearchIndex();
      const startedAt = this.deps.clock.now();
      let after: string | null = null;
      for (;;) {
        const rows = await this.repo.indexRowsAfter(this.deps.db, after, 2000);
        for (const row of rows) index.upsert(toIndexed(row));
        if (rows.length < 2000) break;
        after = rows[rows.length - 1]!.id;
      }
      this.#indexedThrough = startedAt;
      this.#reconciledAt = Date.now();
      this.#index = index;
      return index;
    })().finally(() => {
      this.#indexLoading = null;
    });
    return this.#indexLoading;
  }

  /** Brings entries into the index right after a change commits on this node. */
  async sync(ids: readonly string[]): Promise<void> {
    const index = this.#index;
    if (!index || ids.length === 0) return;
    const rows = await this.repo.indexRowsByIds(this.deps.db, ids);
    const found = new Set(rows.map((r) => r.id));
    const pacer = new Pacer(); // word segmentation of thousands of imported entries is CPU work
    for (const row of rows) {
      await pacer.turn();
      index.upsert(toIndexed(row));
    }
    for (const id of ids) if (!found.has(id)) index.remove(id);
  }

  /**
   * Picks up changes made on other nodes (scheduled every few seconds). Rows are re-read with a
   * minute of overlap, because a transaction that started earlier can commit later than one that
   * has already been seen; deletions are reconciled every five minutes.
   */
  async refresh(): Promise<void> {
    const index = this.#index;
    if (!index) return;
    const now = this.deps.clock.now();
    const since = new Date(this.#indexedThrough.getTime() - 60_000);
    const pacer = new Pacer();
    for (const row of await this.repo.indexRowsChangedSince(this.deps.db, since)) {
      await pacer.turn();
      index.upsert(toIndexed(row));
    }
    this.#indexedThrough = now;
    if (Date.now() - this.#reconciledAt > 5 * 60_000) {
      const existing = new Set(await this.repo.allEntryIds(this.deps.db));
      for (const id of [...index.ids()]) if (!existing.has(id)) index.remove(id);
      this.#reconciledAt = Date.now();
    }
  }

  async search(actor: Actor, query: CatalogSearchQuery & { scope?: CatalogSearchScope }): Promise<CatalogSearchResult> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let scope: Parameters<CatalogSearchIndex['search']>[0]['scope'];
    if (query.scope === 'mine') {
      if (!actor.organisationId) throw new NotAllowedError('catalog:entry:read-unpublished');
      authorize(actor, 'catalog:entry:read-unpublished', actor.organisationId);
      scope = { kind: 'organisation', organisationId: actor.organisationId };
    } else if (query.scope === 'all') {
      if (!hasPlatformScope(actor, 'catalog:entry:read-unpublished')) throw new NotAllowedError('catalog:entry:read-unpublished');
      scope = { kind: 'all' };
    } else scope = { kind: 'published' };

    const text = query.q?.trim() ?? '';
    const clauses = text ? queryClauses(text) : null;
    const emptyFacets = { department: [], resourceClass: [], shareType: [], openType: [], domain: [], formatCategory: [], updateCycle: [] };
    if (text && !clauses) return { items: [], total: 0, page, pageSize, facets: emptyFacets };

    const index = await this.index();
    const found = index.search({
      ...query,
      clauses,
      phrase: text ? normalise(text) : null,
      words: text ? queryWords(text) : [],
      scope,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const rows = await this.repo.entriesByIds(this.deps.db, found.ids);
    const total = found.total;
    const wantFacets = query.facets !== false;

    const pendingIds = rows.map((r) => r.pending_version_id).filter((v): v is string => Boolean(v));
    const pendingStates = new Map<string, VersionState>();
    if (scope.kind !== 'published' && pendingIds.length > 0) {
      for (const s of await this.repo.versionStates(this.deps.db, pendingIds)) pendingStates.set(s.id, s.state);
    }
    const terms = query.q ? highlightTerms(query.q) : [];
    const items: CatalogEntrySummary[] = rows.map((row) => ({
      ...toSummary(row),
      pendingState: row.pending_version_id ? (pendingStates.get(row.pending_version_id) ?? null) : null,
      ...(terms.length > 0 && { matchedItems: row.item_names.filter((name) => terms.some((term) => name.toLowerCase().includes(term))) }),
    }));

    let facets: CatalogSearchResult['facets'] = emptyFacets;
    if (wantFacets) {
      const departmentNames = new Map((await this.org.directory.findDepartmentsByIds(this.deps.db, [...found.facets.department.keys()])).map((d) => [d.id, d.name]));
      const bucket = (facet: keyof typeof found.facets, label: (value: string) => string): FacetBucket[] =>
        [...found.facets[facet].entries()]
          .map(([value, count]) => ({ value, label: label(value), count }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh'));
      facets = {
        department: bucket('department', (v) => departmentNames.get(v) ?? v),
        resourceClass: bucket('resourceClass', (v) => labelOf(RESOURCE_CLASSES, v as never)),
        shareType: bucket('shareType', (v) => labelOf(SHARE_TYPES, v as never)),
        openType: bucket('openType', (v) => labelOf(OPEN_TYPES, v as never)),
        domain: bucket('domain', (v) => labelOf(DOMAINS, v as never)),
        formatCategory: bucket('formatCategory', (v) => labelOf(FORMAT_CATEGORIES, v as never)),
        updateCycle: bucket('updateCycle', (v) => labelOf(UPDATE_CYCLES, v as never)),
      };
    }
    return { items, total, page, pageSize, facets };
  }
}
