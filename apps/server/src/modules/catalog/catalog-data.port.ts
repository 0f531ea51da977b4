import type { CatalogContent, CatalogItem, ProvisionMethod } from '@huitong/contracts';
import { CatalogRepository, type Db } from './catalog.repository.ts';

export interface PublishedEntryForData {
  id: string;
  resourceCode: string;
  name: string;
  providerDepartmentId: string;
  provisionMethod: ProvisionMethod;
  versionId: string;
  items: CatalogItem[];
}

/**
 * What the data resource center needs from the catalog (ADR 0012): the published items of an
 * entry, and telling the catalog that data is mounted. Narrow on purpose: datasets never read or
 * write catalog tables themselves.
 */
export class CatalogDataPort {
  readonly #repo = new CatalogRepository();

  /** The entry's published version, or undefined when the entry does not exist or is not published. */
  async publishedEntry(db: Db, entryId: string): Promise<PublishedEntryForData | undefined> {
    const entry = await this.#repo.findEntry(db, entryId);
    if (!entry || entry.status !== 'published' || !entry.published_version_id) return undefined;
    const version = await this.#repo.findVersion(db, entry.published_version_id);
    if (!version) return undefined;
    const content = (typeof version.content === 'string' ? JSON.parse(version.content) : version.content) as CatalogContent;
    return {
      id: entry.id,
      resourceCode: entry.resource_code,
      name: entry.name,
      providerDepartmentId: entry.provider_department_id,
      provisionMethod: entry.provision_method as ProvisionMethod,
      versionId: version.id,
      items: content.items,
    };
  }

  /** The published entry with this resource code (the CLI names entries by code), or undefined. */
  async publishedEntryByCode(db: Db, resourceCode: string): Promise<PublishedEntryForData | undefined> {
    const [found] = await this.#repo.findEntriesByCodes(db, [resourceCode]);
    return found ? this.publishedEntry(db, found.id) : undefined;
  }

  /** 已挂接: called in the transaction of the first loaded batch. */
  async markMounted(db: Db, entryId: string, detail: string, at: Date): Promise<void> {
    await this.#repo.markMounted(db, entryId, detail, at);
  }
}
