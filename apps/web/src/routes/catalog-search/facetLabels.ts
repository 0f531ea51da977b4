import { DOMAINS, FORMAT_CATEGORIES, OPEN_TYPES, RESOURCE_CLASSES, SHARE_TYPES, UPDATE_CYCLES, type CodeListEntry, type FacetBucket } from '@huitong/contracts';
import type { FacetKey } from '../../api/catalog.ts';

const LISTS: Partial<Record<FacetKey, ReadonlyArray<CodeListEntry<string>>>> = {
  shareType: SHARE_TYPES,
  openType: OPEN_TYPES,
  formatCategory: FORMAT_CATEGORIES,
  updateCycle: UPDATE_CYCLES,
  domain: DOMAINS,
  resourceClass: RESOURCE_CLASSES,
};

/**
 * A facet value's label in the console language. The server labels buckets in Chinese; values of a
 * shared code list are relabelled from that list, the rest (department names) are proper names.
 */
export function facetLabel(facet: FacetKey, bucket: FacetBucket, lang: 'zh' | 'en'): string {
  const entry = LISTS[facet]?.find((e) => e.code === bucket.value);
  return entry ? entry[lang] : bucket.label;
}
