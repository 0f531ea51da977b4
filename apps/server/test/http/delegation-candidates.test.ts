import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity, type TestUser } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A leader looks up people to name as delegate (授权代理方). The search stays inside the leader's
 * own organisation and matches literally: `?q=_` once listed users of every department.
 */
describe('delegation candidates', () => {
  let t: TestApp;
  let city: TestCity;
  let ownUnderscore: TestUser;
  let ownPercent: TestUser;
  let inUnit: TestUser;
  let foreign: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t);
    city = await f.city();
    const suffix = Date.now().toString(36);
    ownUnderscore = await f.user({ departmentId: city.sj.id, roles: ['data_officer'], username: `sj_cand${suffix}` });
    ownPercent = await f.user({ departmentId: city.sj.id, roles: ['provider_reviewer'], name: '百分%之百' });
    const unit = await f.department({ parentId: city.sj.id, kind: 'internal_unit', name: `登记科${suffix}` });
    inUnit = await f.user({ departmentId: unit.id, roles: ['provider_reviewer'], username: `unitcand${suffix}` });
    foreign = await f.user({ departmentId: city.rs.id, roles: ['data_officer'], username: `rs_cand${suffix}` });
  });
  afterAll(() => t.close());

  const search = async (q: string, as = city.sj.leader.username) => {
    const response = await t.request({ method: 'GET', url: `/api/sharing/delegation-candidates?q=${encodeURIComponent(q)}`, as });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as Array<{ id: string }>).map((c) => c.id);
  };

  it('a wildcard lists nobody outside the leader’s organisation and matches only literally', async () => {
    expect(await search('_')).toEqual([ownUnderscore.id]);
    expect(await search('%')).toEqual([ownPercent.id]);
    expect(await search('\\')).toEqual([]);
  });

  it('finds people of the leader’s department and its internal units, not of other departments', async () => {
    expect(await search(city.sj.officer.username)).toEqual([city.sj.officer.id]);
    expect(await search(inUnit.username)).toEqual([inUnit.id]);
    expect(await search(foreign.username.slice(0, -1))).toEqual([]);
    expect(await search(city.rs.officer.username.slice(1))).toEqual([]);
    expect(await search('用户')).not.toContain(city.rs.officer.id);
    expect((await search('用户')).length).toBeGreaterThan(3);
    // The other department's leader finds its own people only.
    expect(await search('_', city.rs.leader.username)).toEqual([foreign.id]);
  });

  it('finds a delegate in another department (an agent) only by exact username or full name', async () => {
    expect(await search(foreign.username)).toEqual([foreign.id]);
    expect(await search(foreign.username.toUpperCase())).toEqual([foreign.id]);
    const name = (await t.request({ method: 'GET', url: `/api/users/${city.rs.officer.id}`, as: city.rs.admin.username })).json().name as string;
    expect(await search(name)).toEqual([city.rs.officer.id]);
    expect(await search(name.slice(0, -1))).toEqual([]);
  });

  it('is for leaders only', async () => {
    const response = await t.request({ method: 'GET', url: '/api/sharing/delegation-candidates?q=u', as: city.sj.officer.username });
    expect(response.statusCode).toBe(403);
  });
});
