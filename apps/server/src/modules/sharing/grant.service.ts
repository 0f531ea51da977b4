import type { CatalogContent, Delegation, DelegationCandidate, Grant, GrantStatus, ShareMode } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, hasPlatformScope } from '../../platform/auth/permissions.ts';
import { chinaDay, chinaMinute } from '../../platform/calendar/working-days.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, InvalidTransitionError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { OrgService } from '../org/index.ts';
import { SharingRepository, type Db, type GrantRow } from './sharing.repository.ts';

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
  readonly repo = new SharingRepository();

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
    const names = new Map((await this.org.repo.findDepartmentsByIds(db, departmentIds)).map((d) => [d.id, d.name]));
    const entries = new Map(
      (await db.selectFrom('catalog_entry as e').leftJoin('catalog_version as v', 'v.id', 'e.published_version_id').select(['e.id', 'e.name', 'e.resource_code', 'v.content']).where('e.id', 'in', [...new Set(rows.map((r) => r.entry_id))]).execute()).map((e) => [e.id, e]),
    );
    const systems = new Map((await db.selectFrom('application_system').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.system_id))]).execute()).map((s) => [s.id, s.name]));
    const applicationNumbers = new Map(
      (await db.selectFrom('share_application').select(['id', 'number']).where('id', 'in', rows.map((r) => r.application_id).filter((v): v is string => Boolean(v)).concat(['00000000-0000-0000-0000-000000000000'])).execute()).map((a) => [a.id, a.number]),
    );
    const revokers = new Map((await db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', rows.map((r) => r.revoked_by).filter((v): v is string => Boolean(v)).concat(['00000000-0000-0000-0000-000000000000'])).execute()).map((u) => [u.id, u.name]));
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

  private visible(actor: Actor, row: GrantRow): boolean {
    return (
      hasPlatformScope(actor, 'sharing:grant:read') ||
      ((actor.organisationId === row.consumer_department_id || actor.organisationId === row.provider_department_id) && can(actor, 'sharing:grant:read', actor.organisationId))
    );
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
    const row = await this.repo.findGrant(this.deps.db, id);
    if (!row || !this.visible(actor, row)) throw new NotFoundError('授权 grant', id);
    return (await this.toGrants(actor, [row]))[0]!;
  }

  /** Revokes a grant at once; the channel is cut on the next call (004 Art. 22). */
  async revoke(actor: Actor, id: string, reason: string): Promise<Grant> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.lockGrant(trx, id);
      if (!row || !this.visible(actor, row)) throw new NotFoundError('授权 grant', id);
      authorize(actor, 'sharing:grant:revoke', row.provider_department_id);
      const status = grantStatus(row, this.today());
      if (status === 'revoked' || status === 'expired') throw new InvalidTransitionError(status, 'revoke', `授权已${status === 'revoked' ? '撤销' : '过期'} (the grant is already ${status})`);
      const now = this.deps.clock.now();
      await this.repo.updateGrant(trx, id, { revoked_at: now, revoked_by: actor.userId, revoke_reason: reason });
      await this.deps.audit.record(trx, actor, { operation: 'sharing:grant:revoke', targetType: 'share_grant', targetId: id, details: { reason, consumer: row.consumer_department_id, entryId: row.entry_id } });
      const message = { kind: 'grant.revoked', title: '共享授权已撤销', body: `授权已于 ${chinaMinute(now)}（北京时间）撤销,原因: ${reason}。请停止使用并按规定销毁不再使用的数据。`, link: `/sharing/grants/${id}` };
      await this.notifications.notifyRoles(trx, row.consumer_department_id, ['data_officer', 'dept_leader'], message);
      await this.notifications.emit(trx, [row.consumer_department_id, row.provider_department_id], 'grant.revoked', { grantId: id, reason, revokedAt: now.toISOString() });
    });
    return this.get(actor, id);
  }

  /** The consumer confirms it destroyed data it may no longer use (004 Art. 22 第二款). */
  async confirmDestruction(actor: Actor, id: string, note: string): Promise<Grant> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.lockGrant(trx, id);
      if (!row || !this.visible(actor, row)) throw new NotFoundError('授权 grant', id);
      authorize(actor, 'sharing:grant:confirm-destruction', row.consumer_department_id);
      const status = grantStatus(row, this.today());
      if (status === 'active' || status === 'pending') throw new InvalidTransitionError(status, 'confirm-destruction', '授权仍然有效,不能确认销毁 (the grant is still in force)');
      if (row.destruction_confirmed_at) throw new ConflictError('已确认销毁 (already confirmed)', 'ALREADY_CONFIRMED');
      await this.repo.updateGrant(trx, id, { destruction_confirmed_at: this.deps.clock.now(), destruction_confirmed_by: actor.userId, destruction_note: note });
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
    const entry = await this.catalog.repo.findEntry(db, request.entryId);
    if (!entry || entry.status !== 'published') return { allowed: false, basis: null, grantId: null, itemCodes: [], reason: 'entry not published' };
    if (entry.dedicated && entry.dedicated_department_ids.includes(request.consumerDepartmentId) && this.deps.policy.value<boolean>('sharing.dedicated_direct_access')) {
      const version = (await this.catalog.repo.findVersion(db, entry.published_version_id!))!;
      const content = (typeof version.content === 'string' ? JSON.parse(version.content) : version.content) as CatalogContent;
      const shareable = content.items.filter((i) => i.shareType !== 'none').map((i) => i.code);
      const wanted = request.itemCodes ?? shareable;
      const outside = wanted.filter((code) => !shareable.some((c) => c.toLowerCase() === code.toLowerCase()));
      if (content.shareModes.includes(request.shareMode) && outside.length === 0) return { allowed: true, basis: 'dedicated', grantId: null, itemCodes: wanted, reason: null };
    }
    const grants = await db
      .selectFrom('share_grant')
      .selectAll()
      .where('entry_id', '=', request.entryId)
      .where('consumer_department_id', '=', request.consumerDepartmentId)
      .where('share_mode', '=', request.shareMode)
      .where('revoked_at', 'is', null)
      .where('starts_on', '<=', today)
      .where('ends_on', '>=', today)
      .execute();
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
    const db = this.deps.db;
    let q = db
      .selectFrom('review_delegation as r')
      .innerJoin('catalog_entry as e', 'e.id', 'r.entry_id')
      .innerJoin('app_user as u', 'u.id', 'r.delegate_user_id')
      .innerJoin('department as d', 'd.id', 'u.department_id')
      .innerJoin('app_user as g', 'g.id', 'r.granted_by')
      .select(['r.id', 'r.entry_id', 'e.name as entry_name', 'u.id as delegate_id', 'u.name as delegate_name', 'd.name as delegate_department', 'g.name as granted_by_name', 'r.granted_at', 'r.revoked_at']);
    if (!hasPlatformScope(actor, 'sharing:grant:read')) {
      const org = actor.organisationId ?? '00000000-0000-0000-0000-000000000000';
      q = q.where((eb) => eb.or([eb('r.provider_department_id', '=', org), eb('r.delegate_user_id', '=', actor.userId ?? '00000000-0000-0000-0000-000000000000')]));
    }
    const rows = await q.orderBy('r.granted_at', 'desc').execute();
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
    const users = await this.org.repo.lookupActiveUsers(this.deps.db, actor.organisationId!, term, actor.userId, 20);
    return users.map((u) => ({ id: u.id, name: u.name, username: u.username, departmentName: u.department_name }));
  }

  async delegate(actor: Actor, entryId: string, delegateUserId: string): Promise<Delegation[]> {
    if (!this.deps.policy.value<boolean>('sharing.delegated_review')) throw new InvalidTransitionError('none', 'delegate', '本地规定不允许指定授权代理方 (the profile allows no delegation)');
    const db = this.deps.db;
    const entry = await this.catalog.repo.findEntry(db, entryId);
    if (!entry || entry.status === 'draft') throw ValidationError.field('entryId', 'entryId: 目录不存在或未发布 (unknown or unpublished entry)');
    authorize(actor, 'sharing:delegation:manage', entry.provider_department_id);
    const user = await this.org.repo.findUser(db, delegateUserId);
    if (!user || !user.active) throw ValidationError.field('delegateUserId', 'delegateUserId: 用户不存在或已停用 (unknown or inactive user)');
    if (user.id === actor.userId) throw ValidationError.field('delegateUserId', 'delegateUserId: 不能指定自己 (choose someone else)');
    await db.transaction().execute(async (trx) => {
      if (await this.repo.activeDelegation(trx, entryId, delegateUserId)) throw new ConflictError('已指定该授权代理方 (already delegated)', 'ALREADY_DELEGATED');
      const row = await trx.insertInto('review_delegation').values({ entry_id: entryId, provider_department_id: entry.provider_department_id, delegate_user_id: delegateUserId, granted_by: actor.userId!, granted_at: this.deps.clock.now() }).returning('id').executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, actor, { operation: 'sharing:delegation:create', targetType: 'review_delegation', targetId: row.id, details: { entryId, delegateUserId, basis: this.deps.policy.citation('sharing.delegated_review') } });
      await this.notifications.notifyUsers(trx, [delegateUserId], { kind: 'delegation.created', title: '您被指定为授权代理方', body: `您可代表${entry.provider_department_name}审核「${entry.name}」的共享申请,审核结果视同提供部门的审核结果。`, link: '/sharing/review?box=provider' });
    });
    return this.delegations(actor);
  }

  async revokeDelegation(actor: Actor, id: string): Promise<Delegation[]> {
    const db = this.deps.db;
    const row = await db.selectFrom('review_delegation').selectAll().where('id', '=', id).executeTakeFirst();
    // A delegation the actor cannot list (delegations()) does not exist for them: a 403 would confirm it does.
    const visible = row && (hasPlatformScope(actor, 'sharing:grant:read') || row.provider_department_id === actor.organisationId || row.delegate_user_id === actor.userId);
    if (!row || !visible) throw new NotFoundError('授权代理 delegation', id);
    authorize(actor, 'sharing:delegation:manage', row.provider_department_id);
    if (row.revoked_at) throw new InvalidTransitionError('revoked', 'revoke');
    await db.transaction().execute(async (trx) => {
      if (!(await this.repo.revokeDelegation(trx, id, actor.userId ?? null, this.deps.clock.now()))) throw new InvalidTransitionError('revoked', 'revoke');
      await this.deps.audit.record(trx, actor, { operation: 'sharing:delegation:revoke', targetType: 'review_delegation', targetId: id });
    });
    return this.delegations(actor);
  }
}
