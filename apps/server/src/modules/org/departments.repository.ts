import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, DepartmentRow, DepartmentTable } from '../../platform/db/schema.ts';

export type Db = Kysely<Database>;

/** Queries on the department tree. */
export class DepartmentsRepository {
  listDepartments(db: Db): Promise<DepartmentRow[]> {
    return db.selectFrom('department').selectAll().orderBy('created_at').orderBy('name').execute();
  }

  findDepartment(db: Db, id: string): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findDepartmentsByIds(db: Db, ids: readonly string[]): Promise<Array<Pick<DepartmentRow, 'id' | 'name'>>> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('department').select(['id', 'name']).where('id', 'in', ids).execute();
  }

  findOperator(db: Db): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('is_operator', '=', true).executeTakeFirst();
  }

  /**
   * The organisation (政务部门) a department acts for: itself, or the nearest ancestor that is not
   * an internal unit.
   */
  async organisationOf(db: Db, departmentId: string): Promise<DepartmentRow | undefined> {
    const result = await sql<DepartmentRow>`
      with recursive chain as (
        select d.*, 0 as depth from department d where d.id = ${departmentId}
        union all
        select p.*, c.depth + 1 from department p join chain c on p.id = c.parent_id where c.kind = 'internal_unit'
      )
      select id, parent_id, name, short_name, kind, level, uscc, class_code, is_operator, active, created_at, updated_at
      from chain where kind <> 'internal_unit' order by depth limit 1`.execute(db);
    return result.rows[0];
  }

  /** Departments that act for an organisation: the organisation and its internal units (any depth). */
  async departmentsOfOrganisation(db: Db, organisationId: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      with recursive unit as (
        select id from department where id = ${organisationId}
        union all
        select d.id from department d join unit u on d.parent_id = u.id where d.kind = 'internal_unit'
      )
      select id from unit`.execute(db);
    return result.rows.map((r) => r.id);
  }

  async nextDepartmentClassCode(db: Db): Promise<string> {
    const row = await db
      .selectFrom('department')
      .select(sql<number>`coalesce(max(class_code::int), 0) + 1`.as('next'))
      .where('class_code', 'is not', null)
      .executeTakeFirstOrThrow();
    return String(row.next).padStart(2, '0');
  }

  insertDepartment(db: Db, values: Insertable<DepartmentTable>): Promise<DepartmentRow> {
    return db.insertInto('department').values(values).returningAll().executeTakeFirstOrThrow();
  }

  /** The changed row, or undefined when the department is gone. */
  updateDepartment(db: Db, id: string, values: Partial<Pick<DepartmentRow, 'name' | 'short_name' | 'uscc' | 'active'>>, now: Date): Promise<DepartmentRow | undefined> {
    return db.updateTable('department').set({ ...values, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
  }
}
