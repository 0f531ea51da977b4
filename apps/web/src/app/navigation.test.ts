import { describe, expect, it } from 'vitest';
import { canSearchAllScopes, navigationFor, reviewBoxesFor, selectedNavKey, sharingScopesFor } from './navigation.ts';

const keys = (operations: string[]) => navigationFor(operations).map((item) => item.key);

describe('navigation by role', () => {
  it('gives a data officer the catalog work', () => {
    const officer = ['org:system:read', 'catalog:entry:create', 'catalog:entry:edit', 'catalog:entry:read-unpublished', 'catalog:entry:import', 'catalog:objection:raise', 'catalog:objection:answer', 'catalog:maintenance:manage'];
    expect(keys(officer)).toEqual(['search', 'mine', 'create', 'objections', 'maintenance', 'transfer', 'systems']);
  });

  it('gives the operator reviewer the review queue but not the editor', () => {
    const reviewer = ['catalog:entry:review', 'catalog:entry:read-unpublished', 'catalog:maintenance:manage'];
    expect(keys(reviewer)).toContain('review');
    expect(keys(reviewer)).not.toContain('create');
  });

  it('gives administrators and auditors their own screens only', () => {
    expect(keys(['org:department:manage', 'org:user:manage', 'org:user:read', 'org:data-officer:manage', 'org:system:manage', 'org:system:read'])).toEqual(['search', 'transfer', 'departments', 'users', 'systems']);
    expect(keys(['audit:read', 'audit:verify', 'org:user:read'])).toEqual(['search', 'transfer', 'users', 'audit']);
    expect(keys([])).toEqual(['search', 'transfer']);
  });

  it('selects the most specific menu entry for a location', () => {
    const items = navigationFor(['catalog:entry:create', 'catalog:entry:read-unpublished']);
    expect(selectedNavKey('/catalog/mine', items)).toBe('mine');
    expect(selectedNavKey('/catalog/new', items)).toBe('create');
    expect(selectedNavKey('/catalog/3f1c', items)).toBe('search');
    expect(selectedNavKey('/nowhere', items)).toBeUndefined();
  });

  it('offers the whole-platform scope to operator staff with a platform role only', () => {
    expect(canSearchAllScopes({ user: { roles: ['platform_reviewer'] } as never }, true)).toBe(true);
    expect(canSearchAllScopes({ user: { roles: ['platform_reviewer'] } as never }, false)).toBe(false);
    expect(canSearchAllScopes({ user: { roles: ['data_officer'] } as never }, true)).toBe(false);
  });
});

describe('sharing portal navigation', () => {
  it('gives a data officer applications, grants and the demand list', () => {
    const officer = ['catalog:entry:create', 'sharing:application:create', 'sharing:application:read', 'sharing:grant:read', 'sharing:grant:revoke', 'sharing:grant:confirm-destruction', 'sharing:demand:create', 'sharing:demand:answer', 'sharing:demand:read'];
    const sharing = navigationFor(officer).filter((item) => item.group === 'sharing').map((item) => item.key);
    expect(sharing).toEqual(['applications', 'grants', 'demands']);
  });

  it('gives a department leader the review queue and delegations', () => {
    const leader = ['sharing:application:read', 'sharing:application:leader-approve', 'sharing:grant:read', 'sharing:delegation:manage', 'sharing:demand:read'];
    expect(keys(leader)).toEqual(expect.arrayContaining(['applications', 'sharingReview', 'grants', 'demands', 'delegations']));
  });

  it('gives a delegated reviewer without review roles the review queue', () => {
    const officer = ['sharing:application:create', 'sharing:application:read'];
    expect(keys(officer)).not.toContain('sharingReview');
    expect(navigationFor(officer, true).map((item) => item.key)).toContain('sharingReview');
    expect(navigationFor(officer, true).map((item) => item.key)).not.toContain('delegations');
  });

  it('gives the operator supervision and platform administrators the calendar and event push', () => {
    expect(keys(['sharing:application:operator-review', 'supervision:read'])).toEqual(expect.arrayContaining(['sharingReview', 'supervision']));
    expect(keys(['calendar:manage', 'org:webhook:manage'])).toEqual(['search', 'transfer', 'webhooks', 'calendar']);
  });

  it('selects the sharing entry for the pages below it', () => {
    const items = navigationFor(['sharing:application:create', 'sharing:grant:read']);
    expect(selectedNavKey('/sharing/applications/new', items)).toBe('applications');
    expect(selectedNavKey('/sharing/grants/9a2b', items)).toBe('grants');
  });

  it('offers each review queue by operation, and the provider queue to delegated reviewers', () => {
    expect(reviewBoxesFor(['sharing:application:leader-approve'])).toEqual(['leader']);
    expect(reviewBoxesFor(['sharing:application:operator-review'])).toEqual(['operator']);
    expect(reviewBoxesFor(['sharing:application:provider-review'])).toEqual(['provider']);
    expect(reviewBoxesFor(['sharing:application:read'], true)).toEqual(['provider']);
    expect(reviewBoxesFor(['sharing:application:read'])).toEqual([]);
  });

  it('offers the whole-platform tabs to operator staff with a platform role', () => {
    expect(sharingScopesFor({ user: { roles: ['platform_reviewer'] } as never, operatorMember: true }).platform).toBe(true);
    expect(sharingScopesFor({ user: { roles: ['platform_reviewer'] } as never, operatorMember: false }).platform).toBe(false);
    expect(sharingScopesFor({ user: { roles: ['data_officer'] } as never, operatorMember: true }).platform).toBe(false);
  });
});
