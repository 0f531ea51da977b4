import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface Item { operation: string; targetType: string | null; targetId: string | null; targetName: string | null }

/** The audit list names each target through the owning module's port; the raw id stays beside it. */
describe('audit list: target names', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  async function records(query: string): Promise<Item[]> {
    const res = await t.request({ method: 'GET', url: `/api/audit/records?pageSize=200&${query}`, as: city.operator.auditor.username });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }

  it('shows the entry name, application number, department and user name instead of only the id', async () => {
    const f = factories(t);
    const entry = await f.publishedEntry(city.sj.officer, { name: '企业登记基本信息审计命名', shareType: 'conditional' });
    const application = await f.applicationIn('leader_review', { applicant: city.rs, provider: city.sj, entry });

    const entryRecords = await records(`targetType=catalog_entry&targetId=${entry.id}`);
    expect(entryRecords.length).toBeGreaterThan(0);
    for (const r of entryRecords) expect(r).toMatchObject({ targetId: entry.id, targetName: '企业登记基本信息审计命名' });

    const appRecords = await records(`targetType=share_application&targetId=${application.id}`);
    expect(appRecords.length).toBeGreaterThan(0);
    for (const r of appRecords) expect(r).toMatchObject({ targetId: application.id, targetName: application.number });

    const department = (await records(`targetType=department&targetId=${city.sj.id}`))[0];
    expect(department).toMatchObject({ targetId: city.sj.id, targetName: city.sj.department.name });

    const login = await t.request({ method: 'POST', url: '/api/auth/login', body: { username: city.rs.officer.username, password: 'wrong-password-1' } });
    expect(login.statusCode).toBe(401);
    const [user] = await records(`targetType=user&targetId=${city.rs.officer.id}`);
    expect(user).toMatchObject({ operation: 'auth:login', targetName: city.rs.officer.actor.name });
    expect(user!.targetName).toBeTruthy();
  });

  it('targets without a name, or ids that are not UUIDs, give null rather than an error', async () => {
    expect((await t.request({ method: 'POST', url: '/api/audit/verify', as: city.operator.auditor.username })).statusCode).toBe(200);
    const verify = (await records('operation=audit:verify'))[0];
    expect(verify).toMatchObject({ targetType: 'audit_log', targetName: null });
    const all = await records('');
    expect(all.filter((r) => r.targetType === null).every((r) => r.targetName === null)).toBe(true);
  });
});
