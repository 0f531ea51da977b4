import type { PlatformDeps } from '../../platform/deps.ts';
import { DataOfficersRepository } from './data-officers.repository.ts';
import { DataOfficersService } from './data-officers.service.ts';
import { DepartmentsRepository } from './departments.repository.ts';
import { DepartmentsService } from './departments.service.ts';
import { orgCredentials, orgDirectory, type OrgCredentials, type OrgDirectory } from './org-directory.ts';
import { SessionsRepository } from './sessions.repository.ts';
import { SystemsRepository } from './systems.repository.ts';
import { SystemsService } from './systems.service.ts';
import { UsersRepository } from './users.repository.ts';
import { UsersService } from './users.service.ts';

/**
 * The org module's face to routes and to other modules: departments, users and roles, data
 * officers and application systems (SPEC §1), each handled by its own service. Other modules
 * read through `directory`, which never returns a password or secret hash — `credentials` does,
 * for signing in only.
 */
export class OrgService {
  readonly directory: OrgDirectory;
  readonly credentials: OrgCredentials;
  readonly departments: DepartmentsService;
  readonly users: UsersService;
  readonly dataOfficers: DataOfficersService;
  readonly systems: SystemsService;

  constructor(deps: PlatformDeps) {
    const departments = new DepartmentsRepository();
    const users = new UsersRepository();
    const officers = new DataOfficersRepository();
    const systems = new SystemsRepository();
    const sessions = new SessionsRepository();
    this.directory = orgDirectory(departments, users, systems);
    this.credentials = orgCredentials(users, systems);
    this.departments = new DepartmentsService(deps, departments);
    this.users = new UsersService(deps, { departments, users, officers, sessions }, this.departments);
    this.dataOfficers = new DataOfficersService(deps, { officers, users }, this.departments);
    this.systems = new SystemsService(deps, { departments, systems, sessions }, this.departments);
  }

  listDepartments: DepartmentsService['listDepartments'] = (...args) => this.departments.listDepartments(...args);
  getDepartment: DepartmentsService['getDepartment'] = (...args) => this.departments.getDepartment(...args);
  organisationOf: DepartmentsService['organisationOf'] = (...args) => this.departments.organisationOf(...args);
  createDepartment: DepartmentsService['createDepartment'] = (...args) => this.departments.createDepartment(...args);
  updateDepartment: DepartmentsService['updateDepartment'] = (...args) => this.departments.updateDepartment(...args);

  listUsers: UsersService['listUsers'] = (...args) => this.users.listUsers(...args);
  getUser: UsersService['getUser'] = (...args) => this.users.getUser(...args);
  setRole: UsersService['setRole'] = (...args) => this.users.setRole(...args);
  createUser: UsersService['createUser'] = (...args) => this.users.createUser(...args);
  updateUser: UsersService['updateUser'] = (...args) => this.users.updateUser(...args);

  listDataOfficers: DataOfficersService['listDataOfficers'] = (...args) => this.dataOfficers.listDataOfficers(...args);
  assignDataOfficer: DataOfficersService['assignDataOfficer'] = (...args) => this.dataOfficers.assignDataOfficer(...args);
  endDataOfficer: DataOfficersService['endDataOfficer'] = (...args) => this.dataOfficers.endDataOfficer(...args);

  listSystems: SystemsService['listSystems'] = (...args) => this.systems.listSystems(...args);
  createSystem: SystemsService['createSystem'] = (...args) => this.systems.createSystem(...args);
  rotateSystemSecret: SystemsService['rotateSystemSecret'] = (...args) => this.systems.rotateSystemSecret(...args);
  setSystemActive: SystemsService['setSystemActive'] = (...args) => this.systems.setSystemActive(...args);
}
