import { checkUscc, type Department, type DepartmentCreate, type DepartmentUpdate } from '@huitong/contracts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { DepartmentRow } from '../../platform/db/schema.ts';
import type { PlatformDeps } from '../../platform/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Db, DepartmentsRepository } from './departments.repository.ts';
import { rethrowUnique } from './org-errors.ts';

export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind as Department['kind'],
    level: row.level as Department['level'],
    uscc: row.uscc,
    classCode: row.class_code,
    isOperator: row.is_operator,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

function assertUscc(value: string, field: string): void {
  const check = checkUscc(value);
  if (!check.valid) throw ValidationError.field(field, `${field}: ${check.message}`, 'INVALID_USCC');
}

/** The department tree: reading it, adding and changing departments. */
export class DepartmentsService {
  constructor(
    private readonly deps: PlatformDeps,
    private readonly repo: DepartmentsRepository,
  ) {}

  async listDepartments(): Promise<Department[]> {
    return (await this.repo.listDepartments(this.deps.db)).map(toDepartment);
  }

  async getDepartment(id: string): Promise<Department> {
    const row = await this.repo.findDepartment(this.deps.db, id);
    if (!row) throw new NotFoundError('部门 department', id);
    return toDepartment(row);
  }

  /** The organisation (政务部门) a department belongs to. */
  async organisationOf(departmentId: string, db: Db = this.deps.db): Promise<DepartmentRow> {
    const org = await this.repo.organisationOf(db, departmentId);
    if (!org) throw new NotFoundError('部门 department', departmentId);
    return org;
  }

  async createDepartment(actor: Actor, input: DepartmentCreate): Promise<Department> {
    authorize(actor, 'org:department:manage');
    if (input.uscc) assertUscc(input.uscc, 'uscc');
    return this.deps.db.transaction().execute(async (trx) => {
      const parent = input.parentId ? await this.repo.findDepartment(trx, input.parentId) : undefined;
      if (input.parentId && !parent) throw ValidationError.field('parentId', `上级部门 ${input.parentId} 不存在 (parent not found)`);
      if (input.kind === 'internal_unit' && (!parent || parent.kind === 'government')) {
        throw ValidationError.field('parentId', '内设机构必须隶属于一个政务部门或直属单位 (an internal unit belongs to a department)');
      }
      if (input.kind !== 'government' && !parent) {
        throw ValidationError.field('parentId', '只有人民政府可以作为顶级节点 (only a government may be a root)');
      }
      if (input.isOperator) {
        if (input.kind !== 'department') throw ValidationError.field('isOperator', '平台管理单位必须是政务部门 (the operator must be a department)');
        if (await this.repo.findOperator(trx)) throw new ConflictError('平台管理单位已存在 (there is already an operator)', 'OPERATOR_EXISTS', [{ field: 'isOperator', message: 'operator already exists' }]);
      }
      const classCode = input.kind === 'department' || input.kind === 'affiliated_unit' ? await this.repo.nextDepartmentClassCode(trx) : null;
      const row = await this.repo
        .insertDepartment(trx, {
          parent_id: input.parentId,
          name: input.name,
          short_name: input.shortName ?? null,
          kind: input.kind,
          level: input.level,
          uscc: input.uscc?.toUpperCase() ?? null,
          class_code: classCode,
          is_operator: input.isOperator ?? false,
        })
        .catch(rethrowUnique);
      await this.deps.audit.record(trx, actor, {
        operation: 'org:department:create',
        targetType: 'department',
        targetId: row.id,
        details: { name: row.name, kind: row.kind, parentId: row.parent_id, uscc: row.uscc },
      });
      return toDepartment(row);
    });
  }

  async updateDepartment(actor: Actor, id: string, input: DepartmentUpdate): Promise<Department> {
    authorize(actor, 'org:department:manage');
    if (input.uscc) assertUscc(input.uscc, 'uscc');
    const result = await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.repo.findDepartment(trx, id);
      if (!before) throw new NotFoundError('部门 department', id);
      const row = await this.repo
        .updateDepartment(
          trx,
          id,
          {
            ...(input.name !== undefined && { name: input.name }),
            ...(input.shortName !== undefined && { short_name: input.shortName }),
            ...(input.uscc !== undefined && { uscc: input.uscc.toUpperCase() }),
            ...(input.active !== undefined && { active: input.active }),
          },
          this.deps.clock.now(),
        )
        .catch(rethrowUnique);
      if (!row) throw new NotFoundError('部门 department', id);
      await this.deps.audit.record(trx, actor, {
        operation: 'org:department:update',
        targetType: 'department',
        targetId: id,
        details: { changes: input, before: { name: before.name, uscc: before.uscc, active: before.active } },
      });
      return toDepartment(row);
    });
    // Names and the organisation chain of every actor in or under it may change.
    this.deps.actors.clear();
    return result;
  }
}
