import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, TEST_PASSWORD, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * GB/T 39477 separation of duties: the platform administrator is audited by the security auditor,
 * so the administrator may neither appoint an auditor (and log in as one) nor remove, deactivate
 * or edit the real one. Auditors are appointed by another auditor or by the server CLI.
 */
describe('separation of duties: security auditors', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
  });
  afterAll(() => t.close());

  function newUser(roles: string[], departmentId = city.operator.id) {
    const suffix = Math.random().toString(36).slice(2, 8);
    return { username: `sod${suffix}`, name: `分权测试${suffix}`, idNumber: f.randomIdNumber(), phone: '13907970123', departmentId, roles, password: TEST_PASSWORD };
  }
  const login = (username: string) => t.app.server.inject({ method: 'POST', url: '/api/auth/tokens', payload: { username, password: TEST_PASSWORD } });

  it('the administrator cannot create an auditor and so cannot reach the audit trail through one', async () => {
    const body = newUser(['security_auditor']);
    const created = await t.request({ method: 'POST', url: '/api/users', as: city.operator.admin.username, body });
    expect(created.statusCode, created.body).toBe(403);
    expect(created.json().error.code).toBe('NOT_ALLOWED');
    // The attack went on: log in as the new auditor, read and verify the trail. Nothing to log in as.
    expect((await login(body.username)).statusCode).toBe(401);
    const read = await t.request({ method: 'GET', url: '/api/audit/records', as: city.operator.admin.username });
    expect(read.statusCode).toBe(403);
  });

  it('the administrator cannot add the auditor role to an account, nor a department admin in its own department', async () => {
    const patched = await t.request({ method: 'PATCH', url: `/api/users/${city.operator.supervisor.id}`, as: city.operator.admin.username, body: { roles: ['security_auditor'] } });
    expect(patched.statusCode, patched.body).toBe(403);
    const local = await t.request({ method: 'POST', url: '/api/users', as: city.sj.admin.username, body: newUser(['security_auditor'], city.sj.id) });
    expect(local.statusCode, local.body).toBe(403);
    const me = await t.request({ method: 'GET', url: '/api/auth/me', as: city.operator.supervisor.username });
    expect(me.json().user.roles).toEqual(['supervisor']);
  });

  it('the administrator cannot remove the role, deactivate or edit the auditor; unlocking stays possible', async () => {
    const target = `/api/users/${city.operator.auditor.id}`;
    for (const body of [{ roles: ['supervisor'] }, { active: false }, { phone: '13900000000' }, { name: '冒名顶替' }]) {
      const response = await t.request({ method: 'PATCH', url: target, as: city.operator.admin.username, body });
      expect(response.statusCode, JSON.stringify(body)).toBe(403);
    }
    const unlock = await t.request({ method: 'POST', url: `${target}/unlock`, as: city.operator.admin.username });
    expect(unlock.statusCode, unlock.body).toBe(200);
    const read = await t.request({ method: 'GET', url: '/api/audit/records?operation=org:user:update', as: city.operator.auditor.username });
    expect(read.statusCode).toBe(200);
    // The refused attempts are themselves on the trail the auditor reads.
    expect(read.json().items.some((r: { outcome: string; targetId: string }) => r.outcome === 'denied' && r.targetId === city.operator.auditor.id)).toBe(true);
  });

  it('an auditor appoints a second auditor, who reads the trail, and may deactivate them; not change own roles', async () => {
    const body = newUser(['security_auditor']);
    const created = await t.request({ method: 'POST', url: '/api/users', as: city.operator.auditor.username, body });
    expect(created.statusCode, created.body).toBe(201);
    const second = created.json().id as string;
    const read = await t.request({ method: 'GET', url: '/api/audit/records', as: body.username });
    expect(read.statusCode).toBe(200);
    // The supervisor gets the auditor role from an auditor (both are audit duties).
    const granted = await t.request({ method: 'PATCH', url: `/api/users/${city.operator.supervisor.id}`, as: city.operator.auditor.username, body: { roles: ['security_auditor', 'supervisor'] } });
    expect(granted.statusCode, granted.body).toBe(200);
    const revoked = await t.request({ method: 'PATCH', url: `/api/users/${city.operator.supervisor.id}`, as: body.username, body: { roles: ['supervisor'] } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().roles).toEqual(['supervisor']);
    // Auditors keep auditors only: other accounts stay with the administrators.
    const other = await t.request({ method: 'PATCH', url: `/api/users/${city.sj.officer.id}`, as: city.operator.auditor.username, body: { active: false } });
    expect(other.statusCode).toBe(403);
    const self = await t.request({ method: 'PATCH', url: `/api/users/${city.operator.auditor.id}`, as: city.operator.auditor.username, body: { roles: ['security_auditor', 'supervisor'] } });
    expect(self.statusCode).toBe(403);
    const off = await t.request({ method: 'PATCH', url: `/api/users/${second}`, as: city.operator.auditor.username, body: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await login(body.username)).statusCode).toBe(401);
  });

  it('the administrator still manages everyone else', async () => {
    const created = await t.request({ method: 'POST', url: '/api/users', as: city.operator.admin.username, body: newUser(['platform_reviewer']) });
    expect(created.statusCode, created.body).toBe(201);
    const off = await t.request({ method: 'PATCH', url: `/api/users/${created.json().id}`, as: city.operator.admin.username, body: { active: false } });
    expect(off.statusCode).toBe(200);
  });
});
