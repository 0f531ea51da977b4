import { FACET_PARAMS, FACET_KEYS, type CatalogScope, type CatalogSearchParams } from '../../api/catalog.ts';

const SCOPES: readonly CatalogScope[] = ['published', 'mine', 'all'];

/** The search lives in the URL so that back/forward and shared links keep it. */
export function readSearchParams(params: URLSearchParams): CatalogSearchParams {
  const result: CatalogSearchParams = {};
  const q = params.get('q');
  if (q) result.q = q;
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1) result.page = page;
  const scope = params.get('scope');
  if (scope && (SCOPES as readonly string[]).includes(scope)) result.scope = scope as CatalogScope;
  for (const facet of FACET_KEYS) {
    const key = FACET_PARAMS[facet];
    const value = params.get(key);
    if (value) (result as Record<string, string>)[key] = value;
  }
  return result;
}

export function writeSearchParams(search: CatalogSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === '' || value === null) continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'scope' && value === 'published') continue;
    params.set(key, String(value));
  }
  return params;
}

/**
 * The next step when a search finds nothing: raise a data demand (需求清单 is the route for data
 * not in the catalog), with the query as the demand's title.
 */
export function demandLinkFor(q: string | undefined): string {
  const title = q?.trim();
  return `/sharing/demands?${new URLSearchParams({ new: '1', ...(title && { title }) }).toString()}`;
}
