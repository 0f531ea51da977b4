import type { CatalogRepository, Db } from './catalog.repository.ts';

/**
 * The catalog's boundary besides its service calls (ADR 0016): the events it raises, which other
 * modules subscribe to, and the port it needs, which another module implements.
 */

/** One consumer told of an approved change that takes effect later. */
export interface ChangeNotice {
  entryId: string;
  entryName: string;
  recipientDepartmentId: string;
  kind: 'update' | 'offline';
  message: string;
  effectiveAt: Date;
}

/** Raised in the approving transaction once the notices are stored; subscribers deliver them (inbox, webhooks). */
export interface ChangeNoticesIssued {
  entryId: string;
  versionId: string;
  notices: ChangeNotice[];
}

export interface CatalogEvents {
  'catalog.change_notices_issued': ChangeNoticesIssued;
}

/**
 * Departments that use an entry beyond its 专用 list (the sharing portal: holders of a grant).
 * Asked in the approving transaction, since the answer decides the notice period.
 */
export interface EntryConsumersPort {
  consumersOf(db: Db, entryId: string): Promise<string[]>;
}

/** Entries and versions by id, for modules that cite them (a sharing application names an entry version). */
export type CatalogEntryReader = Pick<CatalogRepository, 'findEntry' | 'findVersion'>;
