import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories, type TestCity } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The factories build through the real services; this shows they reach each state they promise. */
describe('test factories', () => {
  let t: TestApp;
  let city: TestCity;
  beforeAll(async () => {
    t = await createTestApp();
    city = await factories(t).city();
  });
  afterAll(() => t.close());

  it('creates users that can log in with their roles', async () => {
    const me = await t.request({ method: 'GET', url: '/api/auth/me', as: city.sj.officer.username });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().user.roles).toEqual(['data_officer']);
    expect(me.json().department.id).toBe(city.sj.id);
  });

  it('publishes an entry and drives applications to each state', async () => {
    const f = factories(t);
    const conditional = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
    expect(conditional.status).toBe('published');
    for (const state of ['draft', 'leader_review', 'preliminary_review', 'provider_review', 'approved', 'rejected', 'withdrawn'] as const) {
      const application = await f.applicationIn(state, { applicant: city.rs, provider: city.sj, entry: conditional });
      expect(application.state).toBe(state);
    }
    const approved = await f.applicationIn('approved', { applicant: city.rs, provider: city.sj, entry: conditional });
    expect(approved.grantId).toBeTruthy();
  });
});
