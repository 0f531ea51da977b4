import type { CatalogContent, Delegation, DelegationCandidate, Grant, GrantStatus, ShareMode } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay, chinaMinute } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import { notificationMessages, type NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { DelegationRepository, type DelegationScope } from './delegation.repository.ts';
import { GrantRepository, type GrantRow, type GrantScope } from './grant.repository.ts';
import type { Db } from './sharing.repository.ts';

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/** A grant is in force from its first to its last day (China time) unless it was revoked. */
export function grantStatus(grant: Pick<GrantRow, 'revoked_at' | 'starts_on' | 'ends_on'>, today: string): GrantStatus {
  if (grant.revoked_at) return 'revoked';
  if (today < grant.starts_on) return 'pending';
  if (today > grant.ends_on) return 'expired';
  return 'active';
}

export interface AccessDecision {
  allowed: boolean;
  /** `grant` (with its id) or `dedicated` for a 专用 entry listing the consumer (004 Art. 15(4)). */
  basis: 'grant' | 'dedicated' | null;
  grantId: string | null;
  /** The items the consumer may receive (the grant's, or every shareable item for 专用). */
  itemCodes: string[];
  reason: string | null;
}

/**
 * Grants (SPEC §3): what a consumer may use — entry, items, share mode, consuming system, period
 * and conditions — seen by the provider, the consumer and the operator. The provider or the
 * operator revokes a grant at once; the consumer confirms destruction of data it no longer uses
 * (004 Art. 22). `access()` is the one check every data channel applies.
 */
export class GrantService {
  readonly repo = new GrantRepository();
  private readonly delegationRepo = new DelegationRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly catalog: CatalogService,
    private readonly notifications: NotificationService,
  ) {}

  private today(): string {
    return chinaDay(this.deps.clock.now());
  }

  private async toGrants(actor: Actor, rows: GrantRow[]): Promise<Grant[]> {
    if (rows.length === 0) return [];
    const db = this.deps.db;
    const departmentIds = [...new Set(rows.flatMap((r) => [r.provider_department_id, r.consumer_department_id]))];
    const names = new Map((await this.org.directory.findDepartmentsByIds(db, departmentIds)).map((d) => [d.id, d.name]));
    const entries = new Map((await this.repo.entriesWithContent(db, [...new Set(rows.map((r) => r.entry_id))])).map((e) => [e.id, e]));
    const systems = new Map((await this.repo.systemNames(db, [...new Set(rows.map((r) => r.system_id))])).map((s) => [s.id, s.name]));
    const applicationNumbers = new Map((await this.repo.applicationNumbers(db, rows.map((r) => r.application_id).filter((v): v is string => Boolean(v)))).map((a) => [a.id, a.number]));
    const revokers = new Map((await this.repo.userNames(db, rows.map((r) => r.revoked_by).filter((v): v is string => Boolean(v)))).map((u) => [u.id, u.name]));
    const today = this.today();
    return rows.map((row) => {
      const entry = entries.get(row.entry_id);
      const content = entry?.content ? ((typeof entry.content === 'string' ? JSON.parse(entry.content) : entry.content) as CatalogContent) : null;
      const status = grantStatus(row, today);
      return {
        id: row.id,
        status,
        entry: { id: row.entry_id, name: entry?.name ?? '', resourceCode: entry?.resource_code ?? '' },
        provider: { id: row.provider_department_id, name: names.get(row.provider_department_id) ?? '' },
        consumer: { id: row.consumer_department_id, name: names.get(row.consumer_department_id) ?? '' },
        system: { id: row.system_id, name: systems.get(row.system_id) ?? '' },
        itemCodes: row.item_codes,
        items: row.item_codes.map((code) => ({ code, name: content?.items.find((i) => i.code.toLowerCase() === code.toLowerCase())?.name ?? code })),
        shareMode: row.share_mode,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        conditions: row.conditions,
        applicationId: row.application_id,
        applicationNumber: row.application_id ? (applicationNumbers.get(row.application_id) ?? null) : null,
        createdAt: row.created_at.toISOString(),
        revokedAt: iso(row.revoked_at),
        revokedByName: row.revoked_by ? (revokers.get(row.revoked_by) ?? null) : null,
        revokeReason: row.revoke_reason,
        destructionConfirmedAt: iso(row.destruction_confirmed_at),
        destructionNote: row.destruction_note,
        permissions: {
          revoke: !row.revoked_at && status !== 'expired' && can(actor, 'sharing:grant:revoke', row.provider_department_id),
          confirmDestruction: (status === 'revoked' || status === 'expired') && !row.destruction_confirmed_at && can(actor, 'sharing:grant:confirm-destruction', row.consumer_department_id),
        },
      };
    });
  }

  /** The grants the actor may see: every one with platform scope, else those its organisation gives or holds. */
  private scope(actor: Actor): GrantScope {
    return { platform: hasPlatformScope(actor, 'sharing:grant:read'), departmentId: actor.organisationId && can(actor, 'sharing:grant:read', actor.organisationId) ? actor.organisationId : null };
  }

  /** The delegations the actor may see: all with platform scope, else its organisation's and those naming the actor. */
  private delegationScope(actor: Actor): DelegationScope {
    return { platform: hasPlatformScope(actor, 'sharing:grant:read'), providerDepartmentId: actor.organisationId, delegateUserId: actor.userId };
  }

  /** Grants the actor's department holds (consumer), gives (provider), or all of them for the operator. */
  async list(actor: Actor, query: { role?: 'consumer' | 'provider' | 'all'; entryId?: string }): Promise<Grant[]> {
    const role = query.role ?? 'all';
    let rows: GrantRow[];
    if (hasPlatformScope(actor, 'sharing:grant:read') && role === 'all') rows = await this.repo.listGrants(this.deps.db, { entryId: query.entryId });
    else {
      authorize(actor, 'sharing:grant:read', actor.organisationId);
      const org = actor.organisationId!;
      rows = await this.repo.listGrants(this.deps.db, {
        entryId: query.entryId,
        ...(role === 'consumer' ? { consumerDepartmentId: org } : role === 'provider' ? { providerDepartmentId: org } : { eitherDepartmentId: org }),
      });
    }
    return this.toGrants(actor, rows);
  }

  async get(actor: Actor, id: string): Promise<Grant> {
    const row = await this.repo.findVisibleGrant(this.deps.db, id, this.scope(actor));
    if (!row) throw new NotFoundError('授权 grant', id);
    return (await this.toGrants(actor, [row]))[0]!;
  }

  /** Revokes a grant at once; the channel is cut on the next call (004 Art. 22). */
  async revoke(actor: Actor, id: string, reason: string): Promise<Grant> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.findVisibleGrant(trx, id, this.scope(actor), true);
      if (!row) throw new NotFoundError('授权 grant', id);
      authorize(actor, 'sharing:grant:revoke', row.provider_department_id);
      const status = grantStatus(row, this.today());
      if (status === 'revoked' || status === 'expired') throw new InvalidTransitionError(status, 'revoke', `授权已${status === 'revoked' ? '撤销' : '过期'} (the grant is already ${status})`);
      const now = this.deps.clock.now();
      if (!(await this.repo.revokeGrant(trx, id, { revoked_at: now, revoked_by: actor.userId, revoke_reason: reason }))) throw new InvalidTransitionError('revoked', 'revoke');
      await this.deps.audit.record(trx, actor, { operation: 'sharing:grant:revoke', targetType: 'share_grant', targetId: id, details: { reason, consumer: row.consumer_department_id, entryId: row.entry_id } });
      const message = notificationMessages.grantRevoked({ grantId: id, at: chinaMinute(now), reason });
      await this.notifications.notifyRoles(trx, row.consumer_department_id, ['data_officer', 'dept_leader'], message);
      await this.notifications.emit(trx, [row.consumer_department_id, row.provider_department_id], 'grant.revoked', { grantId: id, reason, revokedAt: now.toISOString() });
    });
    return this.get(actor, id);
  }

  /** The consumer confirms it destroyed data it may no longer use (004 Art. 22 第二款). */
  async confirmDestruction(actor: Actor, id: string, note: string): Promise<Grant> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.findVisibleGrant(trx, id, this.scope(actor), true);
      if (!row) throw new NotFoundError('授权 grant', id);
      authorize(actor, 'sharing:grant:confirm-destruction', row.consumer_department_id);
      const status = grantStatus(row, this.today());
      if (status === 'active' || status === 'pending') throw new InvalidTransitionError(status, 'confirm-destruction', '授权仍然有效,不能确认销毁 (the grant is still in force)');
      if (row.destruction_confirmed_at) throw new ConflictError('已确认销毁 (already confirmed)', 'ALREADY_CONFIRMED');
      const confirmed = await this.repo.confirmDestruction(trx, id, { destruction_confirmed_at: this.deps.clock.now(), destruction_confirmed_by: actor.userId, destruction_note: note });
      if (!confirmed) throw new ConflictError('已确认销毁 (already confirmed)', 'ALREADY_CONFIRMED');
      await this.deps.audit.record(trx, actor, { operation: 'sharing:grant:confirm-destruction', targetType: 'share_grant', targetId: id, details: { note } });
    });
    return this.get(actor, id);
  }

  /**
   * May this consuming system receive these items of this entry by this mode today? Every data
   * channel (API, download, page query, sync) asks this before it returns anything.
   */
  async access(request: { consumerDepartmentId: string; systemId: string | null; entryId: string; shareMode: ShareMode; itemCodes?: string[] }): Promise<AccessDecision> {
    const db = this.deps.db;
    const today = this.today();
    const entry = await this.catalog.reader.findEntry(db, request.entryId);
    if (!entry || entry.status !== 'published') return { allowed: false, basis: null, grantId: null, itemCodes: [], reason: 'entry not published' };
    if (entry.dedicated && entry.dedicated_department_ids.includes(request.consumerDepartmentId) && this.deps.policy.value<boolean>('sharing.dedicated_direct_access')) {
      const version = (await this.catalog.reader.findVersion(db, entry.published_version_id!))!;
      const content = (typeof version.content === 'string' ? JSON.parse(version.content) : version.content) as CatalogContent;
      const shareable = content.items.filter((i) => i.shareType !== 'none').map((i) => i.code);
      const wanted = request.itemCodes ?? shareable;
      const outside = wanted.filter((code) => !shareable.some((c) => c.toLowerCase() === code.toLowerCase()));
      if (content.shareModes.includes(request.shareMode) && outside.length === 0) return { allowed: true, basis: 'dedicated', grantId: null, itemCodes: wanted, reason: null };
    }
    const grants = await this.repo.grantsInForce(db, { entryId: request.entryId, consumerDepartmentId: request.consumerDepartmentId, shareMode: request.shareMode, today });
    for (const grant of grants) {
      if (request.systemId && grant.system_id !== request.systemId) continue;
      const allowed = grant.item_codes.map((c) => c.toLowerCase());
      const wanted = request.itemCodes ?? grant.item_codes;
      if (wanted.every((code) => allowed.includes(code.toLowerCase()))) return { allowed: true, basis: 'grant', grantId: grant.id, itemCodes: wanted, reason: null };
    }
    return { allowed: false, basis: null, grantId: null, itemCodes: [], reason: 'no grant in force covers this system, mode and these items' };
  }

  /** Departments that must be told before the entry changes: grant holders (000 Art. 8). */
  async grantHolders(db: Db, entryId: string): Promise<string[]> {
    return this.repo.grantHolders(db, entryId, this.today());
  }

  // ── delegated reviewers (授权代理方, 004 Art. 15(1)) ──────────────────────────────────────
  async delegations(actor: Actor): Promise<Delegation[]> {
    const rows = await this.delegationRepo.listDelegations(this.deps.db, this.delegationScope(actor));
    return rows.map((r) => ({
      id: r.id,
      entry: { id: r.entry_id, name: r.entry_name },
      delegate: { id: r.delegate_id, name: r.delegate_name, departmentName: r.delegate_department },
      grantedByName: r.granted_by_name,
      grantedAt: r.granted_at.toISOString(),
      revokedAt: iso(r.revoked_at),
    }));
  }

  /**
   * People a leader may name as delegate. Leaders cannot list users in general, so this answers
   * a literal name or username search (wildcards escaped) among the active users of the leader's
   * own organisation; a delegate in another department (an agent, 004 Art. 15(1)) is found only by
   * the exact username or full name. At most 20.
   */
  async delegationCandidates(actor: Actor, search: string): Promise<DelegationCandidate[]> {
    authorize(actor, 'sharing:delegation:manage', actor.organisationId);
    const term = search.trim();
    if (!term) return [];
    const users = await this.org.directory.lookupActiveUsers(this.deps.db, actor.organisationId!, term, actor.userId, 20);
    return users.map((u) => ({ id: u.id, name: u.name, username: u.username, departmentName: u.department_name }));
  }

  async delegate(actor: Actor, entryId: string, delegateUserId: string): Promise<Delegation[]> {
    if (!this.deps.policy.value<boolean>('sharing.delegated_review')) throw new InvalidTransitionError('none', 'delegate', '本地规定不允许指定授权代理方 (the profile allows no delegation)');
    const db = this.deps.db;
    const entry = await this.catalog.reader.findEntry(db, entryId);
    if (!entry || entry.status === 'draft') throw ValidationError.field('entryId', 'entryId: 目录不存在或未发布 (unknown or unpublished entry)');
    authorize(actor, 'sharing:delegation:manage', entry.provider_department_id);
    const user = await this.org.directory.findUser(db, delegateUserId);
    if (!user || !user.active) throw ValidationError.field('delegateUserId', 'delegateUserId: 用户不存在或已停用 (unknown or inactive user)');
    if (user.id === actor.userId) throw ValidationError.field('delegateUserId', 'delegateUserId: 不能指定自己 (choose someone else)');
    await db.transaction().execute(async (trx) => {
      if (await this.delegationRepo.activeDelegation(trx, entryId, delegateUserId)) throw new ConflictError('已指定该授权代理方 (already delegated)', 'ALREADY_DELEGATED');
      const row = await this.delegationRepo.insertDelegation(trx, { entry_id: entryId, provider_department_id: entry.provider_department_id, delegate_user_id: delegateUserId, granted_by: actor.userId!, granted_at: this.deps.clock.now() });
      await this.deps.audit.record(trx, actor, { operation: 'sharing:delegation:create', targetType: 'review_delegation', targetId: row.id, details: { entryId, delegateUserId, basis: this.deps.policy.citation('sharing.delegated_review') } });
      await this.notifications.notifyUsers(trx, [delegateUserId], notificationMessages.delegationCreated({ department: entry.provider_department_name, entry: entry.name }));
    });
    return this.delegations(actor);
  }

  async revokeDelegation(actor: Actor, id: string): Promise<Delegation[]> {
    const db = this.deps.db;
    const row = await this.delegationRepo.findVisibleDelegation(db, id, this.delegationScope(actor));
    if (!row) throw new NotFoundError('授权代理 delegation', id);
    authorize(actor, 'sharing:delegation:manage', row.provider_department_id);
    if (row.revoked_at) throw new InvalidTransitionError('revoked', 'revoke');
    await db.transaction().execute(async (trx) => {
      if (!(await this.delegationRepo.revokeDelegation(trx, id, actor.userId ?? null, this.deps.clock.now()))) throw new InvalidTransitionError('revoked', 'revoke');
      await this.deps.audit.record(trx, actor, { operation: 'sharing:delegation:revoke', targetType: 'review_delegation', targetId: id });
    });
    return this.delegations(actor);
  }
}
