import { documentTerms, isLatinTerm, type QueryClause } from './catalog-search.ts';
import { Dictionary, IntList, intersect, union } from './catalog-search-postings.ts';

/**
 * The catalog's search index, held in memory by each app node (ADR 0004).
 *
 * An inverted index from terms (CJK unigrams and bigrams, Latin words; catalog-search.ts) to
 * entry ordinals, plus the few columns that search filters, counts and sorts by. A query
 * intersects posting lists, applies scope and filters, counts every facet and picks the page in
 * one pass over the matches — exact totals and facets in a few milliseconds even when a
 * one-character query matches half of a 100 000-entry catalog, which PostgreSQL's row store
 * cannot do without reading every matching row (docs/benchmarks.md).
 *
 * The database stays the source of truth: the index is loaded from it, updated by the catalog
 * service after every committed change, and re-synchronised periodically so changes made on
 * other nodes arrive within seconds.
 */

export interface IndexedEntry {
  id: string;
  status: 'draft' | 'published' | 'offline';
  providerId: string;
  classCode: string;
  shareType: string;
  openType: string;
  domain: string;
  formatCategory: string;
  updateCycle: string;
  mountStatus: string;
  publishedAt: number | null;
  updatedAt: number;
  name: string;
  /** Texts whose terms are indexed: name, resource code, item names, keywords, abstract. */
  texts: string[];
}

/** The index's view of a catalog_entry row (see CatalogRepository.indexRowsByIds). */
export interface IndexRow {
  id: string;
  status: 'draft' | 'published' | 'offline';
  provider_department_id: string;
  class_code: string;
  share_type: string;
  open_type: string;
  domain: string;
  format_category: string;
  update_cycle: string;
  mount_status: string;
  published_at: Date | null;
  updated_at: Date;
  name: string;
  resource_code: string;
  item_names: string[];
  keywords: string[];
  abstract: string;
}

export function toIndexed(row: IndexRow): IndexedEntry {
  return {
    id: row.id,
    status: row.status,
    providerId: row.provider_department_id,
    classCode: row.class_code,
    shareType: row.share_type,
    openType: row.open_type,
    domain: row.domain,
    formatCategory: row.format_category,
    updateCycle: row.update_cycle,
    mountStatus: row.mount_status,
    publishedAt: row.published_at ? row.published_at.getTime() : null,
    updatedAt: row.updated_at.getTime(),
    name: row.name,
    texts: [row.name, row.resource_code, ...row.item_names, ...row.keywords, row.abstract],
  };
}

export type Facet = 'department' | 'resourceClass' | 'shareType' | 'openType' | 'domain' | 'formatCategory' | 'updateCycle';

export interface IndexQuery {
  /** Null: no text query (everything in scope matches). */
  clauses: QueryClause[] | null;
  /** The normalised query: entries whose name contains it rank first. */
  phrase: string | null;
  /** The query's words: names containing more of them rank higher. */
  words: string[];
  scope: { kind: 'published' } | { kind: 'organisation'; organisationId: string } | { kind: 'all' };
  departmentId?: string;
  resourceClass?: string;
  classCode?: string;
  shareType?: string;
  openType?: string;
  domain?: string;
  formatCategory?: string;
  updateCycle?: string;
  mountStatus?: string;
  offset: number;
  limit: number;
}

export interface IndexResult {
  ids: string[];
  total: number;
  facets: Record<Facet, Map<string, number>>;
}

const STATUS = { draft: 0, published: 1, offline: 2 } as const;
const FACETS: Facet[] = ['department', 'resourceClass', 'shareType', 'openType', 'domain', 'formatCategory', 'updateCycle'];
const NO_DATE = -Number.MAX_VALUE;

/**
 * Columns are parallel arrays indexed by ordinal; facet values are dictionary-coded, so the
 * per-match work of a search is a few integer comparisons and increments.
 */
export class CatalogSearchIndex {
  #ids: string[] = [];
  #alive: number[] = [];
  #status: number[] = [];
  #provider: number[] = [];
  #classCode: string[] = [];
  #facetCodes: Record<Facet, number[]> = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Record<Facet, number[]>;
  #dictionaries: Record<Facet, Dictionary> = Object.fromEntries(FACETS.map((f) => [f, new Dictionary()])) as unknown as Record<Facet, Dictionary>;
  #mount = new Dictionary();
  #mountCode: number[] = [];
  #published: number[] = [];
  #updated: number[] = [];
  #lowerName: string[] = [];
  #ordinalOf = new Map<string, number>();
  #postings = new Map<string, IntList>();
  /** Latin terms, sorted, for prefix lookups; rebuilt when a new Latin term appears. */
  #latinTerms: string[] | null = null;
  #dead = 0;

  get size(): number {
    return this.#ordinalOf.size;
  }

  has(id: string): boolean {
    return this.#ordinalOf.has(id);
  }

  ids(): IterableIterator<string> {
    return this.#ordinalOf.keys();
  }

  /** Adds an entry or replaces its previous state. */
  upsert(entry: IndexedEntry): void {
    this.#retire(entry.id);
    const ordinal = this.#ids.length;
    this.#ids.push(entry.id);
    this.#alive.push(1);
    this.#status.push(STATUS[entry.status]);
    this.#classCode.push(entry.classCode);
    const values: Record<Facet, string> = {
      department: entry.providerId,
      resourceClass: entry.classCode.charAt(0),
      shareType: entry.shareType,
      openType: entry.openType,
      domain: entry.domain,
      formatCategory: entry.formatCategory,
      updateCycle: entry.updateCycle,
    };
    for (const facet of FACETS) this.#facetCodes[facet].push(this.#dictionaries[facet].code(values[facet]));
    this.#provider.push(this.#facetCodes.department[ordinal]!);
    this.#mountCode.push(this.#mount.code(entry.mountStatus));
    this.#published.push(entry.publishedAt ?? NO_DATE);
    this.#updated.push(entry.updatedAt);
    this.#lowerName.push(entry.name.normalize('NFKC').toLowerCase());
    this.#ordinalOf.set(entry.id, ordinal);
    for (const term of documentTerms(entry.texts)) {
      let list = this.#postings.get(term);
      if (!list) {
        list = new IntList();
        this.#postings.set(term, list);
        if (isLatinTerm(term)) this.#latinTerms = null;
      }
      list.push(ordinal); // ordinals only grow, so every posting list stays sorted
    }
    this.#maybeCompact();
  }

  remove(id: string): void {
    this.#retire(id);
    this.#maybeCompact();
  }

  #retire(id: string): void {
    const ordinal = this.#ordinalOf.get(id);
    if (ordinal === undefined) return;
    this.#alive[ordinal] = 0;
    this.#ordinalOf.delete(id);
    this.#dead++;
  }

  /** Drops retired ordinals once they are a third of the index, renumbering the rest. */
  #maybeCompact(): void {
    if (this.#dead < 1000 || this.#dead < this.#ids.length / 3) return;
    const renumber = new Int32Array(this.#ids.length).fill(-1);
    let next = 0;
    for (let o = 0; o < this.#ids.length; o++) if (this.#alive[o]) renumber[o] = next++;
    const keep = <T>(column: T[]): T[] => column.filter((_, o) => this.#alive[o]);
    this.#ids = keep(this.#ids);
    this.#status = keep(this.#status);
    this.#provider = keep(this.#provider);
    this.#classCode = keep(this.#classCode);
    for (const facet of FACETS) this.#facetCodes[facet] = keep(this.#facetCodes[facet]);
    this.#mountCode = keep(this.#mountCode);
    this.#published = keep(this.#published);
    this.#updated = keep(this.#updated);
    this.#lowerName = keep(this.#lowerName);
    this.#alive = new Array<number>(next).fill(1);
    this.#ordinalOf = new Map(this.#ids.map((id, o) => [id, o]));
    for (const [term, list] of this.#postings) {
      const compacted = new IntList(Math.max(4, list.length));
      for (const o of list.view()) if (renumber[o]! >= 0) compacted.push(renumber[o]!);
      if (compacted.length === 0) this.#postings.delete(term);
      else this.#postings.set(term, compacted);
    }
    this.#latinTerms = null;
    this.#dead = 0;
  }

  #postingsFor(clause: QueryClause): Int32Array {
    if (clause.kind === 'term') return this.#postings.get(clause.term)?.view() ?? new Int32Array(0);
    this.#latinTerms ??= [...this.#postings.keys()].filter(isLatinTerm).sort();
    const terms = this.#latinTerms;
    // Binary search for the first term >= prefix, then collect while terms share the prefix.
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid]! < clause.prefix) lo = mid + 1;
      else hi = mid;
    }
    const lists: Int32Array[] = [];
    for (let i = lo; i < terms.length && terms[i]!.startsWith(clause.prefix); i++) lists.push(this.#postings.get(terms[i]!)!.view());
    return lists.length === 0 ? new Int32Array(0) : union(lists);
  }

  search(query: IndexQuery): IndexResult {
    let candidates: Int32Array | null = null;
    if (query.clauses) {
      const lists = query.clauses.map((clause) => this.#postingsFor(clause)).sort((a, b) => a.length - b.length);
      candidates = lists[0] ?? new Int32Array(0);
      for (let i = 1; i < lists.length && candidates.length > 0; i++) candidates = intersect(candidates, lists[i]!);
    }
    const count = candidates ? candidates.length : this.#ids.length;

    // Filters as dictionary codes; a value never seen cannot match anything.
    const filterCode = (facet: Facet, value: string | undefined): number | null | undefined =>
      value === undefined ? undefined : (this.#dictionaries[facet].find(value) ?? null);
    const filters: Array<[number[], number]> = [];
    let impossible = false;
    for (const [facet, value] of [
      ['department', query.departmentId],
      ['resourceClass', query.resourceClass],
      ['shareType', query.shareType],
      ['openType', query.openType],
      ['domain', query.domain],
      ['formatCategory', query.formatCategory],
      ['updateCycle', query.updateCycle],
    ] as Array<[Facet, string | undefined]>) {
      const code = filterCode(facet, value);
      if (code === null) impossible = true;
      else if (code !== undefined) filters.push([this.#facetCodes[facet], code]);
    }
    let mountFilter: number | undefined;
    if (query.mountStatus !== undefined) {
      const code = this.#mount.find(query.mountStatus);
      if (code === undefined) impossible = true;
      else mountFilter = code;
    }
    const scope = query.scope;
    const orgCode = scope.kind === 'organisation' ? this.#dictionaries.department.find(scope.organisationId) : undefined;
    if (scope.kind === 'organisation' && orgCode === undefined) impossible = true;

    const counts = FACETS.map((facet) => new Int32Array(this.#dictionaries[facet].values.length));
    const facetColumns = FACETS.map((facet) => this.#facetCodes[facet]);
    const matched = new Int32Array(impossible ? 0 : count);
    const scores = new Float64Array(impossible ? 0 : count);
    let n = 0;
    const phrase = query.phrase;
    const words = query.words;
    const alive = this.#alive;
    const status = this.#status;
    const provider = this.#provider;
    const names = this.#lowerName;
    const classCodes = this.#classCode;
    for (let i = 0; !impossible && i < count; i++) {
      const o = candidates ? candidates[i]! : i;
      if (alive[o] === 0) continue;
      if (scope.kind === 'published' ? status[o] !== STATUS.published : scope.kind === 'organisation' && provider[o] !== orgCode) continue;
      let ok = true;
      for (let f = 0; f < filters.length; f++) {
        if (filters[f]![0][o] !== filters[f]![1]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (query.classCode && !classCodes[o]!.startsWith(query.classCode)) continue;
      if (mountFilter !== undefined && this.#mountCode[o] !== mountFilter) continue;
      for (let f = 0; f < counts.length; f++) counts[f]![facetColumns[f]![o]!]!++;
      let score = 0;
      if (phrase || words.length > 0) {
        const name = names[o]!;
        if (phrase && name.includes(phrase)) score += 100;
        for (let w = 0; w < words.length; w++) if (name.includes(words[w]!)) score++;
      }
      matched[n] = o;
      scores[n] = score;
      n++;
    }

    const published = this.#published;
    const updated = this.#updated;
    const ids = this.#ids;
    // a before b: higher score, then newer publication, newer update, smaller id.
    const before = (a: number, b: number): number => {
      const oa = matched[a]!;
      const ob = matched[b]!;
      return scores[b]! - scores[a]! || published[ob]! - published[oa]! || updated[ob]! - updated[oa]! || (ids[oa]! < ids[ob]! ? -1 : ids[oa]! > ids[ob]! ? 1 : 0);
    };
    const want = Math.min(query.offset + query.limit, n);
    let order: number[];
    if (want <= 200 && n > want * 4) {
      // Keep only the best `want` while scanning: cheap for the usual first pages of big results.
      order = [];
      for (let m = 0; m < n; m++) {
        if (order.length === want && before(m, order[want - 1]!) >= 0) continue;
        let lo = 0;
        let hi = order.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (before(order[mid]!, m) <= 0) lo = mid + 1;
          else hi = mid;
        }
        order.splice(lo, 0, m);
        if (order.length > want) order.pop();
      }
    } else {
      order = Array.from({ length: n }, (_, m) => m).sort(before);
    }

    const facets = Object.fromEntries(
      FACETS.map((facet, f) => {
        const map = new Map<string, number>();
        const values = this.#dictionaries[facet].values;
        counts[f]!.forEach((c, code) => {
          if (c > 0) map.set(values[code]!, c);
        });
        return [facet, map];
      }),
    ) as Record<Facet, Map<string, number>>;
    return { ids: order.slice(query.offset, want).map((m) => ids[matched[m]!]!), total: n, facets };
  }
}
