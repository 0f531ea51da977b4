import type { Me, Role } from '@huitong/contracts';

/**
 * The console's menu, derived from the operations the server says the user may perform
 * (`me.operations`). The server still checks every call; the menu only hides what would fail.
 */
export type NavGroup = 'catalog' | 'sharing' | 'admin' | 'audit';

export interface NavItem {
  key: string;
  path: string;
  group: NavGroup;
  /** Shown when the user holds any of these operations; always shown when empty. */
  anyOf: readonly string[];
  /** Also shown to a delegated reviewer (授权代理方), who may hold none of `anyOf`. */
  delegatedReviewer?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'search', path: '/catalog', group: 'catalog', anyOf: [] },
  { key: 'mine', path: '/catalog/mine', group: 'catalog', anyOf: ['catalog:entry:create', 'catalog:entry:read-unpublished'] },
  { key: 'create', path: '/catalog/new', group: 'catalog', anyOf: ['catalog:entry:create'] },
  { key: 'review', path: '/review', group: 'catalog', anyOf: ['catalog:entry:review'] },
  { key: 'objections', path: '/objections', group: 'catalog', anyOf: ['catalog:objection:raise', 'catalog:objection:answer'] },
  { key: 'maintenance', path: '/maintenance', group: 'catalog', anyOf: ['catalog:maintenance:manage'] },
  { key: 'transfer', path: '/transfer', group: 'catalog', anyOf: [] },
  { key: 'applications', path: '/sharing/applications', group: 'sharing', anyOf: ['sharing:application:create', 'sharing:application:read'] },
  { key: 'sharingReview', path: '/sharing/review', group: 'sharing', anyOf: ['sharing:application:leader-approve', 'sharing:application:operator-review', 'sharing:application:provider-review'], delegatedReviewer: true },
  { key: 'grants', path: '/sharing/grants', group: 'sharing', anyOf: ['sharing:grant:read'] },
  { key: 'demands', path: '/sharing/demands', group: 'sharing', anyOf: ['sharing:demand:create', 'sharing:demand:answer', 'sharing:demand:read'] },
  { key: 'delegations', path: '/sharing/delegations', group: 'sharing', anyOf: ['sharing:delegation:manage'] },
  { key: 'supervision', path: '/supervision', group: 'sharing', anyOf: ['supervision:read'] },
  { key: 'departments', path: '/admin/departments', group: 'admin', anyOf: ['org:department:manage', 'org:data-officer:manage'] },
  { key: 'users', path: '/admin/users', group: 'admin', anyOf: ['org:user:manage', 'org:user:read'] },
  { key: 'systems', path: '/admin/systems', group: 'admin', anyOf: ['org:system:read', 'org:system:manage'] },
  { key: 'webhooks', path: '/admin/webhooks', group: 'admin', anyOf: ['org:webhook:manage'] },
  { key: 'calendar', path: '/admin/calendar', group: 'admin', anyOf: ['calendar:manage'] },
  { key: 'audit', path: '/audit', group: 'audit', anyOf: ['audit:read'] },
];

export function navigationFor(operations: readonly string[], delegatedReviewer = false): NavItem[] {
  const held = new Set(operations);
  return NAV_ITEMS.filter((item) => item.anyOf.length === 0 || item.anyOf.some((op) => held.has(op)) || (delegatedReviewer && item.delegatedReviewer));
}

/** The menu entry a location belongs to: the longest matching path prefix. */
export function selectedNavKey(pathname: string, items: readonly NavItem[]): string | undefined {
  let best: NavItem | undefined;
  for (const item of items) {
    const matches = pathname === item.path || pathname.startsWith(`${item.path}/`);
    if (matches && (!best || item.path.length > best.path.length)) best = item;
  }
  return best?.key;
}

/** Roles whose holders inside the operator read unpublished entries of every organisation. */
const PLATFORM_READERS: readonly Role[] = ['platform_reviewer', 'security_auditor', 'supervisor'];

/**
 * Whether the user may search with scope=all (every organisation's drafts): staff of the operator
 * (数据管理单位) holding a platform role. `Me` does not say whether the organisation is the
 * operator, so the caller looks it up in the department list.
 */
export function canSearchAllScopes(me: Pick<Me, 'user'>, organisationIsOperator: boolean): boolean {
  return organisationIsOperator && me.user.roles.some((role) => PLATFORM_READERS.includes(role));
}

/** The review queues (待办) a user works, in the order of the flow: leader, operator, provider. */
export type QueueBox = 'leader' | 'operator' | 'provider';

/**
 * Which queues the 待办 page offers: by operation, plus the provider queue for a delegated
 * reviewer (授权代理方), who may hold no provider role of their own.
 */
export function reviewBoxesFor(operations: readonly string[], delegatedReviewer = false): QueueBox[] {
  const held = new Set(operations);
  const boxes: QueueBox[] = [];
  if (held.has('sharing:application:leader-approve')) boxes.push('leader');
  if (held.has('sharing:application:operator-review')) boxes.push('operator');
  if (held.has('sharing:application:provider-review') || delegatedReviewer) boxes.push('provider');
  return boxes;
}

/**
 * Tabs of 共享申请 and 共享授权: the own department's side(s), and the whole platform for operator
 * staff with a platform role (the server answers `all` only for them).
 */
export function sharingScopesFor(me: Pick<Me, 'user' | 'operatorMember'>): { platform: boolean } {
  return { platform: canSearchAllScopes(me, me.operatorMember) };
}
