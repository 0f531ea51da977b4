import { expect } from 'vitest';
import { demoLetterPdf } from '../../src/seed/demo-data.ts';
import { multipartFile } from './multipart.ts';
import type { TestApp } from './test-app.ts';

export async function entryByName(t: TestApp, name: string, as = 'reviewer') {
  const found = (await t.request({ method: 'GET', url: `/api/catalog/entries?q=${encodeURIComponent(name)}&pageSize=50&facets=false`, as })).json();
  const entry = found.items.find((i: { name: string }) => i.name === name);
  if (!entry) throw new Error(`no published entry named ${name}`);
  return (await t.request({ method: 'GET', url: `/api/catalog/entries/${entry.id}`, as })).json();
}

export async function systemOf(t: TestApp, as: string): Promise<string> {
  const systems = (await t.request({ method: 'GET', url: '/api/systems', as })).json();
  if (!systems[0]) throw new Error(`${as} has no application system`);
  return systems[0].id;
}

export function applicationBody(entry: { id: string; current: { content: { items: Array<{ code: string; shareType: string }>; shareModes: string[] } } }, systemId: string, overrides: Record<string, unknown> = {}) {
  return {
    entryId: entry.id,
    itemCodes: entry.current.content.items.filter((i) => i.shareType !== 'none').map((i) => i.code).slice(0, 3),
    shareMode: entry.current.content.shareModes[0] ?? 'interface',
    systemId,
    contactName: '联系人',
    contactPhone: '13907970001',
    purpose: '履行法定职责所需的身份核验',
    scenario: '政务服务事项办理',
    basis: '《中华人民共和国行政许可法》第三十一条',
    securityMeasures: '专人专岗,最小必要,访问留痕,用后销毁',
    periodStart: '2026-11-02',
    periodEnd: '2027-11-01',
    ...overrides,
  };
}

export async function uploadLetter(t: TestApp, as: string, id: string, data: Buffer = demoLetterPdf('test'), filename = '申请函.pdf') {
  const { payload, headers } = multipartFile(filename, data, 'application/pdf');
  return t.request({ method: 'PUT', url: `/api/sharing/applications/${id}/letter`, as, payload, headers });
}

/** Creates, attaches the letter and submits an application; returns it after submission. */
export async function submitApplication(t: TestApp, as: string, entryName: string, overrides: Record<string, unknown> = {}) {
  const entry = await entryByName(t, entryName, as);
  const created = await t.request({ method: 'POST', url: '/api/sharing/applications', as, body: applicationBody(entry, await systemOf(t, as), overrides) });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id;
  expect((await uploadLetter(t, as, id)).statusCode).toBe(200);
  const submitted = await t.request({ method: 'POST', url: `/api/sharing/applications/${id}/submit`, as });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return submitted.json();
}

export async function decide(t: TestApp, as: string, id: string, kind: string, body: Record<string, unknown> = { decision: 'approve' }) {
  return t.request({ method: 'POST', url: `/api/sharing/applications/${id}/steps/${kind}/decision`, as, body });
}
