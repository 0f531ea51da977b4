import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Smaller holes of the security test: a demand read by anyone of the department, `null` taken as
 * `false` when deactivating, and the contact phone of an application shown to everyone.
 */
describe('access details', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
  });
  afterAll(() => t.close());

  it('a demand is read only with the permission the demand lists require, not by department alone', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/sharing/demands',
      as: city.rs.officer.username,
      body: { providerDepartmentId: city.sj.id, title: '企业登记信息', description: '需要企业登记基本信息', purpose: '办理社保登记时核验企业' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/sharing/demands/${created.json().id}`;
    // In the department, but without sharing:demand:read (as for GET /api/sharing/demands).
    for (const who of [city.rs.admin, city.rs.reviewer, city.sj.admin, city.sj.reviewer]) {
      expect((await t.request({ method: 'GET', url, as: who.username })).statusCode, who.username).toBe(403);
      expect((await t.request({ method: 'GET', url: '/api/sharing/demands', as: who.username })).statusCode).toBe(403);
    }
    for (const who of [city.rs.officer, city.rs.leader, city.sj.officer, city.sj.leader, city.operator.reviewer, city.operator.supervisor]) {
      expect((await t.request({ method: 'GET', url, as: who.username })).statusCode, who.username).toBe(200);
    }
    // A department with the role that is not involved still gets a 404.
    const other = await f.departmentWithStaff(city.root.id);
    expect((await t.request({ method: 'GET', url, as: other.officer.username })).statusCode).toBe(404);
  });

  it('`active` must be a boolean: null, 0 and "false" are refused and the user stays active', async () => {
    const user = await f.user({ departmentId: city.sj.id, roles: ['data_officer'] });
    for (const active of [null, 0, 'false', '']) {
      const response = await t.request({ method: 'PATCH', url: `/api/users/${user.id}`, as: city.sj.admin.username, body: { active } });
      expect(response.statusCode, JSON.stringify(active)).toBe(400);
      expect(JSON.stringify(response.json().error.details)).toContain('active');
    }
    const department = await t.request({ method: 'PATCH', url: `/api/departments/${city.rs.id}`, as: city.operator.admin.username, body: { active: null } });
    expect(department.statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', as: user.username })).statusCode).toBe(200);
    const off = await t.request({ method: 'PATCH', url: `/api/users/${user.id}`, as: city.sj.admin.username, body: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
  });

  it('the contact phone is in full for the applicant and the deciding reviewers only, masked for others', async () => {
    const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    const application = await f.applicationIn('provider_review', { applicant: city.rs, provider: city.sj, entry });
    const phoneFor = async (username: string) => {
      const response = await t.request({ method: 'GET', url: `/api/sharing/applications/${application.id}`, as: username });
      expect(response.statusCode, `${username}: ${response.body}`).toBe(200);
      return response.json().contactPhone as string;
    };
    const full = '13907970001';
    const masked = '139****0001';
    expect(await phoneFor(city.rs.officer.username)).toBe(full);
    expect(await phoneFor(city.rs.leader.username)).toBe(full);
    expect(await phoneFor(city.sj.reviewer.username)).toBe(full); // decides the pending provider review
    expect(await phoneFor(city.sj.officer.username)).toBe(masked); // provider staff who do not decide
    expect(await phoneFor(city.operator.reviewer.username)).toBe(masked); // not their step now
    expect(await phoneFor(city.operator.supervisor.username)).toBe(masked);
    expect(await phoneFor(city.operator.auditor.username)).toBe(masked);
    const decided = await t.request({
      method: 'POST',
      url: `/api/sharing/applications/${application.id}/steps/provider_review/decision`,
      as: city.sj.reviewer.username,
      body: { decision: 'approve', comment: '同意' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await phoneFor(city.sj.reviewer.username)).toBe(masked); // decided: no longer needs it
    expect(await phoneFor(city.rs.officer.username)).toBe(full);
  });
});
