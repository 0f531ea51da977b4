import { expect } from 'vitest';
import type { CatalogContent, CatalogEntryDetail, Dataset } from '@huitong/contracts';
import { testItem } from './catalog.ts';
import { csvBytes, csvUpload } from './datasets.ts';
import type { Factories, TestCity } from './factories.ts';
import type { TestApp } from './test-app.ts';

/** A register with a clear key, a name and a phone that mask, and a note only the provider sees. */
export function subscribedContent(): Partial<CatalogContent> {
  return {
    formatCategory: 'spreadsheet',
    formatType: 'xlsx',
    shareMethodType: 'file',
    provisionMethod: 'file',
    items: [
      testItem('tyshxydm', '统一社会信用代码', { identifierKind: 'uscc', length: 18, required: true }),
      testItem('qymc', '企业名称', { length: 20, required: true }),
      testItem('fddbr', '法定代表人', { length: 10, sensitivity: 'L3', maskingRule: 'name' }),
      testItem('lxdh', '联系电话', { length: 11, sensitivity: 'L3', maskingRule: 'phone' }),
      testItem('nbbz', '内部备注', { length: 50 }),
    ],
  };
}

export const SUBSCRIBED_HEADER = ['统一社会信用代码', '企业名称', '法定代表人', '联系电话', '内部备注'];
/** What the consumer's grant covers: the key, the name in clear, the phone (masked); not the legal representative or the note. */
export const GRANTED_ITEMS = ['tyshxydm', 'qymc', 'lxdh'];

export interface SubscribedWorld {
  city: TestCity;
  entry: CatalogEntryDetail;
  dataset: Dataset;
  grantId: string;
  upload(rows: string[][], mode?: 'replace' | 'upsert'): Promise<void>;
}

/** sj provides a dataset; rs holds a grant in force for its system over GRANTED_ITEMS. */
export async function subscribedWorld(t: TestApp, f: Factories, city?: TestCity): Promise<SubscribedWorld> {
  const c = city ?? (await f.city());
  const entry = await f.publishedEntry(c.sj.officer, subscribedContent());
  const created = await t.request({ method: 'POST', url: '/api/datasets', as: c.sj.officer.username, body: { entryId: entry.id } });
  expect(created.statusCode, created.body).toBe(201);
  const application = await f.applicationIn('approved', { applicant: c.rs, provider: c.sj, entry, itemCodes: GRANTED_ITEMS });
  expect(application.grantId).toBeTruthy();
  const dataset = created.json() as Dataset;
  return {
    city: c,
    entry,
    dataset,
    grantId: application.grantId!,
    async upload(rows, mode = 'upsert') {
      const { payload, headers } = csvUpload(csvBytes([SUBSCRIBED_HEADER, ...rows], 'utf-8'));
      const response = await t.request({ method: 'POST', url: `/api/datasets/${dataset.id}/batches?mode=${mode}`, as: c.sj.officer.username, headers, payload });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().state, response.body).toBe('loaded');
    },
  };
}

/** A row of the register: key, name, legal representative, phone, note. */
export function registerRow(f: Factories, name: string, phone = '13800138000'): string[] {
  return [f.randomUscc(), name, '王建国', phone, '内部使用'];
}
