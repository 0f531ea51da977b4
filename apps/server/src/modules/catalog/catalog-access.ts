import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can } from '../../platform/auth/permissions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { EntryRow } from './catalog-rows.ts';
import type { CatalogRepository, Db } from './catalog.repository.ts';

/** Drafts and pending changes are seen by the provider's own staff and by the operator. */
export function canSeeUnpublished(actor: Actor, providerOrgId: string): boolean {
  return can(actor, 'catalog:entry:read-unpublished', providerOrgId);
}

export type ProviderOperation = 'catalog:entry:edit' | 'catalog:entry:submit' | 'catalog:entry:withdraw' | 'catalog:entry:request-offline' | 'catalog:maintenance:manage';

/** Loading an entry for a use case, with the 404/403 distinction every use case makes the same way. */
export class CatalogEntries {
  constructor(private readonly repo: CatalogRepository) {}

  async load(db: Db, id: string): Promise<EntryRow> {
    const entry = await this.repo.findEntry(db, id);
    if (!entry) throw new NotFoundError('目录 catalog entry', id);
    return entry;
  }

  /**
   * Loads an entry for a provider-side operation. An entry the actor may not even see is
   * reported as not found; one it can see but not change is refused.
   */
  async loadOwn(db: Db, actor: Actor, id: string, operation: ProviderOperation): Promise<EntryRow> {
    const entry = await this.load(db, id);
    if (entry.status === 'draft' && !canSeeUnpublished(actor, entry.provider_department_id)) throw new NotFoundError('目录 catalog entry', id);
    authorize(actor, operation, entry.provider_department_id);
    return entry;
  }
}
