import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type Factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The org module's ports and the scope of its reads: what other modules may see of a user or a
 * system, a user of an internal unit found by its organisation, and the data-officer term that
 * ends only once.
 */
describe('org ports and scope', () => {
  let t: TestApp;
  let f: Factories;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    f = factories(t);
    city = await f.city();
  });
  afterAll(() => t.close());

  it('the directory returns users and systems without password or secret hashes; only the credentials port has them', async () => {
    const { directory, credentials } = t.app.modules.org.service;
    const db = t.app.deps.db;
    const officer = city.sj.officer;
    const byId = await directory.findUser(db, officer.id);
    const byName = await directory.findUserByUsername(db, officer.username);
    const looked = await directory.lookupActiveUsers(db, city.sj.id, officer.username, null, 5);
    expect(byId?.username).toBe(officer.username);
    expect(byName?.id).toBe(officer.id);
    expect(looked.map((u) => u.id)).toContain(officer.id);
    for (const row of [byId, byName, ...looked]) expect(Object.keys(row!)).not.toContain('password_hash');
    const system = await directory.findSystem(db, city.sj.systemId);
    expect(system?.client_id).toBe(city.sj.clientId);
    expect(Object.keys(system!)).not.toContain('secret_hash');

    const login = await credentials.findLogin(db, officer.username.toUpperCase());
    expect(login?.id).toBe(officer.id);
    expect(login?.password_hash).toMatch(/\S{20,}/);
    expect(await credentials.passwordHashOf(db, officer.id)).toBe(login?.password_hash);
    expect((await credentials.findSystemCredentials(db, city.sj.clientId))?.secret_hash).toMatch(/\S{20,}/);
  });

  it('a user of an internal unit is read by the organisation it acts for, and not by another department', async () => {
    const unit = await f.department({ parentId: city.sj.id, kind: 'internal_unit' });
    const member = await f.user({ departmentId: unit.id, roles: ['dept_leader'] });
    const own = await t.request({ method: 'GET', url: `/api/users/${member.id}`, as: city.sj.admin.username });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: member.id, departmentId: unit.id });
    expect((await t.request({ method: 'GET', url: `/api/users/${member.id}`, as: city.rs.admin.username })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/users/${member.id}`, as: member.username })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/users/${member.id}`, as: city.operator.admin.username })).statusCode).toBe(200);
  });

  it('a data officer term ends once: the second end finds no open term (404) and the history keeps one entry', async () => {
    const leader = await f.user({ departmentId: city.rs.id, roles: ['dept_leader'] });
    const url = `/api/departments/${city.rs.id}/data-officers`;
    const assigned = await t.request({ method: 'POST', url, as: city.rs.admin.username, body: { userId: leader.id } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const ended = await t.request({ method: 'DELETE', url: `${url}/${leader.id}`, as: city.rs.admin.username });
    expect(ended.statusCode, ended.body).toBe(200);
    const again = await t.request({ method: 'DELETE', url: `${url}/${leader.id}`, as: city.rs.admin.username });
    expect(again.statusCode).toBe(404);
    const history = (await t.request({ method: 'GET', url: `${url}?history=true`, as: city.rs.admin.username })).json() as Array<{ userId: string; endedAt: string | null }>;
    const terms = history.filter((h) => h.userId === leader.id);
    expect(terms).toHaveLength(1);
    expect(terms[0]!.endedAt).not.toBeNull();
    const user = (await t.request({ method: 'GET', url: `/api/users/${leader.id}`, as: city.rs.admin.username })).json();
    expect(user.roles).toEqual(['dept_leader']);
  });
});
