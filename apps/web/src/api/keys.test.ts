import { describe, expect, it } from 'vitest';
import { catalogKeys, normaliseSearch } from './catalog.ts';
import { authKeys } from './auth.ts';
import { auditKeys } from './audit.ts';
import { buildDepartmentTree, organisationOf } from './departments.ts';
import { objectionKeys } from './objections.ts';
import { isLocked, userKeys } from './users.ts';
import type { Department } from '@huitong/contracts';
import { applicationKeys } from './applications.ts';
import { calendarKeys } from './calendar.ts';
import { delegationKeys } from './delegations.ts';
import { demandKeys } from './demands.ts';
import { grantKeys } from './grants.ts';
import { ruleValue } from './meta.ts';
import { notificationKeys } from './notifications.ts';
import { supervisionKeys } from './supervision.ts';
import { webhookKeys } from './webhooks.ts';

describe('query keys', () => {
  it('nest under one root per resource so a prefix invalidates a family', () => {
    expect(catalogKeys.search({ q: '人口' }).slice(0, 2)).toEqual(catalogKeys.searches());
    expect(catalogKeys.versions('e1').slice(0, 3)).toEqual(catalogKeys.entry('e1'));
    expect(catalogKeys.diff('e1', 'v1').slice(0, 3)).toEqual(catalogKeys.entry('e1'));
    expect(authKeys.me()[0]).toBe('auth');
    expect(userKeys.list({ role: 'data_officer' })[0]).toBe('users');
    expect(objectionKeys.list({ box: 'raised' })[0]).toBe('objections');
    expect(auditKeys.records({ page: 2 })[0]).toBe('audit');
  });

  it('give equal searches one cache entry whatever the URL looked like', () => {
    expect(catalogKeys.search({ q: ' 人口 ', page: 1, scope: 'published', shareType: '' })).toEqual(catalogKeys.search({ q: '人口' }));
    expect(normaliseSearch({ q: '   ', scope: 'mine', page: 3 })).toEqual({ scope: 'mine', page: 3 });
  });
});

const dept = (id: string, parentId: string | null, kind: Department['kind'], extra: Partial<Department> = {}): Department => ({
  id,
  parentId,
  name: id,
  shortName: null,
  kind,
  level: 'county',
  uscc: null,
  classCode: null,
  isOperator: false,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('department helpers', () => {
  const list = [dept('gov', null, 'government'), dept('ga', 'gov', 'department', { classCode: '02' }), dept('ga_hz', 'ga', 'internal_unit'), dept('orphan', 'missing', 'department')];

  it('builds a forest from the flat list', () => {
    const tree = buildDepartmentTree(list);
    expect(tree.map((n) => n.department.id)).toEqual(['gov', 'orphan']);
    expect(tree[0]!.children[0]!.department.id).toBe('ga');
    expect(tree[0]!.children[0]!.children[0]!.department.id).toBe('ga_hz');
  });

  it('finds the organisation an internal unit acts for', () => {
    expect(organisationOf(list, 'ga_hz')?.id).toBe('ga');
    expect(organisationOf(list, 'ga')?.id).toBe('ga');
  });

  it('tells whether a user is locked right now', () => {
    const now = new Date('2026-11-22T03:00:00Z');
    expect(isLocked({ lockedUntil: '2026-11-22T03:10:00Z' }, now)).toBe(true);
    expect(isLocked({ lockedUntil: '2026-11-22T02:50:00Z' }, now)).toBe(false);
    expect(isLocked({ lockedUntil: null }, now)).toBe(false);
  });
});

describe('sharing query keys', () => {
  it('nest lists under one prefix per resource so a change invalidates every list and queue', () => {
    expect(applicationKeys.list({ box: 'leader' }).slice(0, 2)).toEqual(applicationKeys.lists());
    expect(applicationKeys.detail('a1').slice(0, 1)).toEqual(applicationKeys.all);
    expect(grantKeys.list({ role: 'consumer' }).slice(0, 2)).toEqual(grantKeys.lists());
    expect(demandKeys.list('received').slice(0, 2)).toEqual(demandKeys.lists());
    expect(delegationKeys.list()[0]).toBe('delegations');
    expect(notificationKeys.inbox(true)[0]).toBe('notifications');
    expect(webhookKeys.list('d1')[0]).toBe('webhooks');
    expect(calendarKeys.year(2027).slice(0, 1)).toEqual(calendarKeys.all);
    expect(supervisionKeys.records({})[0]).toBe('supervision');
  });

  it('give equal list filters one cache entry', () => {
    expect(applicationKeys.list({ box: 'mine', page: 1, pageSize: 20, state: '' })).toEqual(applicationKeys.list({ box: 'mine' }));
    expect(grantKeys.list({ role: 'all' })).toEqual(grantKeys.list({ role: 'all', entryId: undefined }));
    expect(supervisionKeys.records({ openOnly: false })).toEqual(supervisionKeys.records({}));
  });
});

describe('policy rules', () => {
  const rows = [
    { rule: 'sharing.rejection_requires_legal_basis', title: '', article: null, value: true },
    { rule: 'sharing.operator_preliminary_review_workdays', title: '', article: null, value: null },
  ];

  it('reads a rule\'s value from the conformance report, with a fallback while it loads', () => {
    expect(ruleValue(rows, 'sharing.rejection_requires_legal_basis', false)).toBe(true);
    expect(ruleValue(rows, 'sharing.operator_preliminary_review_workdays', 2)).toBeNull();
    expect(ruleValue(rows, 'sharing.unknown', 'x')).toBe('x');
    expect(ruleValue(undefined, 'sharing.rejection_requires_legal_basis', false)).toBe(false);
  });
});
