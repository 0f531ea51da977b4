import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ApplicationSystem,
  ApplicationSystemCreate,
  ApplicationSystemWithSecret,
  DataOfficerAssign,
  DataOfficerAssignment,
  Department,
  DepartmentCreate,
  DepartmentUpdate,
  IdParams,
  ROLES,
  StringEnum,
  User,
  UserCreate,
  UserUpdate,
  Uuid,
} from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { OrgService } from './org.service.ts';

export function orgRoutes(org: OrgService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    const tags = ['org'];

    app.get('/api/departments', { schema: { tags, summary: '部门树 (all departments)', response: { 200: Type.Array(Department), ...errors } } }, async () => org.listDepartments());

    app.get('/api/departments/:id', { schema: { tags, summary: '部门详情', params: IdParams, response: { 200: Department, ...errors } } }, async (request) => org.getDepartment(request.params.id));

    app.post(
      '/api/departments',
      { config: { operation: 'org:department:create' }, schema: { tags, summary: '新增部门 (platform admin)', body: DepartmentCreate, response: { 201: Department, ...errors } } },
      async (request, reply) => reply.status(201).send(await org.createDepartment(request.actor, request.body)),
    );

    app.patch(
      '/api/departments/:id',
      { config: { operation: 'org:department:update' }, schema: { tags, summary: '修改部门', params: IdParams, body: DepartmentUpdate, response: { 200: Department, ...errors } } },
      async (request) => org.updateDepartment(request.actor, request.params.id, request.body),
    );

    app.get(
      '/api/departments/:id/data-officers',
      {
        schema: {
          tags,
          summary: '数据专员登记及变更记录 (data-officer registry)',
          params: IdParams,
          querystring: Type.Object({ history: Type.Optional(Type.Boolean({ default: false })) }),
          response: { 200: Type.Array(DataOfficerAssignment), ...errors },
        },
      },
      async (request) => org.listDataOfficers(request.actor, request.params.id, request.query.history ?? false),
    );

    app.post(
      '/api/departments/:id/data-officers',
      { config: { operation: 'org:data-officer:assign' }, schema: { tags, summary: '登记数据专员', params: IdParams, body: DataOfficerAssign, response: { 200: Type.Array(DataOfficerAssignment), ...errors } } },
      async (request) => org.assignDataOfficer(request.actor, request.params.id, request.body.userId, request.body.note),
    );

    app.delete(
      '/api/departments/:id/data-officers/:userId',
      {
        config: { operation: 'org:data-officer:end' },
        schema: { tags, summary: '结束数据专员任职 (kept in the history)', params: Type.Object({ id: Uuid, userId: Uuid }), response: { 200: Type.Array(DataOfficerAssignment), ...errors } },
      },
      async (request) => org.endDataOfficer(request.actor, request.params.id, request.params.userId),
    );

    app.get(
      '/api/users',
      {
        schema: {
          tags,
          summary: '用户列表 (scoped to the actor)',
          querystring: Type.Object({ departmentId: Type.Optional(Uuid), search: Type.Optional(Type.String({ maxLength: 50 })), role: Type.Optional(StringEnum(ROLES)) }),
          response: { 200: Type.Array(User), ...errors },
        },
      },
      async (request) => org.listUsers(request.actor, request.query),
    );

    app.get('/api/users/:id', { schema: { tags, summary: '用户详情', params: IdParams, response: { 200: User, ...errors } } }, async (request) => org.getUser(request.actor, request.params.id));

    app.post(
      '/api/users',
      { config: { operation: 'org:user:create' }, schema: { tags, summary: '新增实名用户', body: UserCreate, response: { 201: User, ...errors } } },
      async (request, reply) => reply.status(201).send(await org.createUser(request.actor, request.body)),
    );

    app.patch(
      '/api/users/:id',
      { config: { operation: 'org:user:update' }, schema: { tags, summary: '修改用户、角色或停用', params: IdParams, body: UserUpdate, response: { 200: User, ...errors } } },
      async (request) => org.updateUser(request.actor, request.params.id, request.body),
    );

    app.post(
      '/api/users/:id/unlock',
      { config: { operation: 'org:user:unlock' }, schema: { tags, summary: '解除登录锁定', params: IdParams, response: { 200: User, ...errors } } },
      async (request) => org.updateUser(request.actor, request.params.id, { unlock: true }),
    );

    app.get(
      '/api/systems',
      { schema: { tags, summary: '应用系统 (信息系统)', querystring: Type.Object({ departmentId: Type.Optional(Uuid) }), response: { 200: Type.Array(ApplicationSystem), ...errors } } },
      async (request) => org.listSystems(request.actor, request.query.departmentId),
    );

    app.post(
      '/api/systems',
      { config: { operation: 'org:system:create' }, schema: { tags, summary: '登记应用系统;密钥只显示这一次', body: ApplicationSystemCreate, response: { 201: ApplicationSystemWithSecret, ...errors } } },
      async (request, reply) => reply.status(201).send(await org.createSystem(request.actor, request.body)),
    );

    app.post(
      '/api/systems/:id/rotate-secret',
      { config: { operation: 'org:system:rotate-secret' }, schema: { tags, summary: '轮换密钥;旧令牌立即失效', params: IdParams, response: { 200: ApplicationSystemWithSecret, ...errors } } },
      async (request) => org.rotateSystemSecret(request.actor, request.params.id),
    );

    app.post(
      '/api/systems/:id/disable',
      { config: { operation: 'org:system:disable' }, schema: { tags, summary: '停用应用系统', params: IdParams, response: { 200: ApplicationSystem, ...errors } } },
      async (request) => org.setSystemActive(request.actor, request.params.id, false),
    );

    app.post(
      '/api/systems/:id/enable',
      { config: { operation: 'org:system:enable' }, schema: { tags, summary: '启用应用系统', params: IdParams, response: { 200: ApplicationSystem, ...errors } } },
      async (request) => org.setSystemActive(request.actor, request.params.id, true),
    );
  };
}
