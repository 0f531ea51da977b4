import type { AuditQuery, AuditRecord, AuditVerifyResult, Page } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, hasPlatformScope } from '../../platform/auth/permissions.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import type { AuditLogRow } from '../../platform/db/schema.ts';
import { subtractPeriod, type Policy } from '../../platform/policy/profiles.ts';
import type { Period } from '../../platform/policy/rules.ts';
import type { OrgService } from '../org/index.ts';
import { AuditRepository, type AuditFilter } from './audit.repository.ts';
import type { TargetNames } from './target-names.ts';

function toRecord(row: AuditLogRow, names: ReadonlyMap<string, string>): AuditRecord {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at.toISOString(),
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    actorDepartmentId: row.actor_department_id,
    actorDepartmentName: row.actor_department_name,
    systemId: row.system_id,
    operation: row.operation,
    targetType: row.target_type,
    targetId: row.target_id,
    targetName: names.get(`${row.target_type}:${row.target_id}`) ?? null,
    outcome: row.outcome,
    requestId: row.request_id,
    clientIp: row.client_ip,
    details: row.details,
    hash: row.hash,
  };
}

/** The earliest instant whose records must still be kept under the policy, or null when kept forever. */
export function retentionStart(policy: Policy, now: Date): Date | null {
  const retention = policy.value<Period | 'permanent'>('audit.log_retention');
  return retention === 'permanent' ? null : subtractPeriod(now, retention);
}

/**
 * Browsing and verifying the audit trail (SPEC §7). Reading is for security auditors: the
 * operator's auditors see every record, a department's auditor sees its own organisation's.
 * Nobody can edit or delete a record through the platform; the database refuses it as well.
 */
export class AuditService {
  private readonly repo = new AuditRepository();

  constructor(
    private readonly deps: PlatformDeps,
    private readonly org: OrgService,
    private readonly targetNames: TargetNames,
  ) {}

  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditRecord>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    let scopeDepartmentIds: string[] | null = null;
    if (!hasPlatformScope(actor, 'audit:read')) {
      authorize(actor, 'audit:read', actor.organisationId);
      scopeDepartmentIds = await this.org.directory.departmentsOfOrganisation(this.deps.db, actor.organisationId!);
    }
    // Scope is a condition of the query itself, so another department's records are never read.
    const filter: AuditFilter = { ...query, scopeDepartmentIds };
    const [rows, total] = await Promise.all([this.repo.page(this.deps.db, filter, page, pageSize), this.repo.count(this.deps.db, filter)]);
    const names = await this.targetNames.resolve(rows.map((r) => ({ targetType: r.target_type, targetId: r.target_id })));
    return { items: rows.map((r) => toRecord(r, names)), total, page, pageSize };
  }

  async verify(actor: Actor): Promise<AuditVerifyResult> {
    authorize(actor, 'audit:verify');
    const result = await this.deps.audit.verify(this.deps.db);
    await this.deps.db.transaction().execute((trx) =>
      this.deps.audit.record(trx, actor, { operation: 'audit:verify', targetType: 'audit_log', outcome: result.ok ? 'success' : 'failure', details: { ...result } }),
    );
    return result;
  }

  /** Retention purge (CLI only): refuses anything the policy says must still be kept. */
  async purge(actor: Actor, before: Date): Promise<{ purged: number; anchorSeq: number | null }> {
    return this.deps.audit.purge(this.deps.db, actor, before, retentionStart(this.deps.policy, this.deps.clock.now()));
  }
}
