import type { Role } from '@huitong/contracts';
import type { DepartmentRow } from '../../platform/db/schema.ts';
import type { Db, DepartmentsRepository } from './departments.repository.ts';
import type { SystemRow, SystemsRepository } from './systems.repository.ts';
import type { UsersRepository, UserWithDepartment } from './users.repository.ts';

/**
 * What other modules may read of departments, users and systems. Each call takes the database or
 * the caller's transaction. Rows carry no password or secret hash.
 */
export interface OrgDirectory {
  findDepartment(db: Db, id: string): Promise<DepartmentRow | undefined>;
  findDepartmentsByIds(db: Db, ids: readonly string[]): Promise<Array<Pick<DepartmentRow, 'id' | 'name'>>>;
  findOperator(db: Db): Promise<DepartmentRow | undefined>;
  organisationOf(db: Db, departmentId: string): Promise<DepartmentRow | undefined>;
  departmentsOfOrganisation(db: Db, organisationId: string): Promise<string[]>;
  findUser(db: Db, id: string): Promise<UserWithDepartment | undefined>;
  findUserByUsername(db: Db, username: string): Promise<UserWithDepartment | undefined>;
  lookupActiveUsers(db: Db, organisationId: string, search: string, excludeUserId: string | null, limit: number): Promise<UserWithDepartment[]>;
  rolesOf(db: Db, userIds: readonly string[]): Promise<Map<string, Role[]>>;
  findSystem(db: Db, id: string): Promise<SystemRow | undefined>;
}

/** Signing in: the only port that returns password and secret hashes, for the auth module alone. */
export interface OrgCredentials {
  findLogin(db: Db, username: string): Promise<(UserWithDepartment & { password_hash: string }) | undefined>;
  passwordHashOf(db: Db, userId: string): Promise<string | undefined>;
  /** Shown to administrators on the account; an unlock clears it. */
  setLockedUntil(db: Db, userId: string, lockedUntil: Date, now: Date): Promise<void>;
  /** A new password; `unlock` also lifts a login lock (a reset on the server). */
  setPassword(db: Db, userId: string, passwordHash: string, now: Date, unlock: boolean): Promise<void>;
  findSystemCredentials(db: Db, clientId: string): Promise<(SystemRow & { secret_hash: string }) | undefined>;
}

export function orgDirectory(departments: DepartmentsRepository, users: UsersRepository, systems: SystemsRepository): OrgDirectory {
  return {
    findDepartment: (db, id) => departments.findDepartment(db, id),
    findDepartmentsByIds: (db, ids) => departments.findDepartmentsByIds(db, ids),
    findOperator: (db) => departments.findOperator(db),
    organisationOf: (db, id) => departments.organisationOf(db, id),
    departmentsOfOrganisation: (db, id) => departments.departmentsOfOrganisation(db, id),
    findUser: (db, id) => users.findUser(db, id),
    findUserByUsername: (db, username) => users.findUserByUsername(db, username),
    lookupActiveUsers: (db, organisationId, search, excludeUserId, limit) => users.lookupActiveUsers(db, organisationId, search, excludeUserId, limit),
    rolesOf: (db, ids) => users.rolesOf(db, ids),
    findSystem: (db, id) => systems.findSystem(db, id),
  };
}

export function orgCredentials(users: UsersRepository, systems: SystemsRepository): OrgCredentials {
  return {
    findLogin: (db, username) => users.findLoginByUsername(db, username),
    passwordHashOf: (db, userId) => users.passwordHashOf(db, userId),
    setLockedUntil: async (db, userId, lockedUntil, now) => {
      await users.updateUser(db, userId, { locked_until: lockedUntil }, now);
    },
    setPassword: async (db, userId, passwordHash, now, unlock) => {
      await users.updateUser(db, userId, { password_hash: passwordHash, password_changed_at: now, ...(unlock && { locked_until: null }) }, now);
    },
    findSystemCredentials: (db, clientId) => systems.findSystemCredentials(db, clientId),
  };
}
