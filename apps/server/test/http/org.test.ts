import { citizenIdCheckDigit } from '@huitong/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentId } from '../helpers/catalog.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { namedTestApp } from '../helpers/named-city.ts';

function idNumber(body17: string): string {
  return body17 + citizenIdCheckDigit(body17);
}

describe('departments, people and roles', () => {
  let t: TestApp;
  let ga: string;
  let sj: string;
  let dc: string;
  beforeAll(async () => {
    t = await namedTestApp();
    ga = await departmentId(t.database.db, '龙南市公安局');
    sj = await departmentId(t.database.db, '龙南市市场监督管理局');
    dc = await departmentId(t.database.db, '龙南市政务和数据服务中心');
  });
  afterAll(() => t.close());

  const user = (overrides: Record<string, unknown>) => ({
    username: 'new_user',
    name: '新用户',
    idNumber: idNumber('36072719950505012'),
    phone: '13912345678',
    departmentId: ga,
    roles: ['dept_leader'],
    password: 'Strong-Pass-2026',
    ...overrides,
  });

  it('lists the department tree with one operator and department class codes', async () => {
    const departments = (await t.request({ method: 'GET', url: '/api/departments', as: 'ga_officer' })).json();
    expect(departments.length).toBeGreaterThanOrEqual(8);
    expect(departments.filter((d: { isOperator: boolean }) => d.isOperator).map((d: { name: string }) => d.name)).toEqual(['龙南市政务和数据服务中心']);
    const unit = departments.find((d: { name: string }) => d.name === '户政管理大队');
    expect(unit).toMatchObject({ kind: 'internal_unit', parentId: ga, classCode: null });
    expect(departments.find((d: { id: string }) => d.id === ga).classCode).toMatch(/^\d{2}$/);
  });

  it('only the platform admin manages departments; a second operator or an orphan unit is refused', async () => {
    const parent = await departmentId(t.database.db, '龙南市人民政府');
    expect((await t.request({ method: 'POST', url: '/api/departments', as: 'ga_admin', body: { parentId: parent, name: '龙南市新设局', kind: 'department', level: 'county' } })).statusCode).toBe(403);
    const second = await t.request({ method: 'POST', url: '/api/departments', as: 'admin', body: { parentId: parent, name: '第二个数据中心', kind: 'department', level: 'county', isOperator: true } });
    expect(second.statusCode).toBe(409);
    const orphan = await t.request({ method: 'POST', url: '/api/departments', as: 'admin', body: { parentId: null, name: '孤立科室', kind: 'internal_unit', level: 'county' } });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().error.details[0].field).toBe('parentId');
    const ok = await t.request({ method: 'POST', url: '/api/departments', as: 'admin', body: { parentId: parent, name: '龙南市新设局', kind: 'department', level: 'county' } });
    expect(ok.statusCode).toBe(201);
  });

  it('a department admin manages users of the own department only', async () => {
    expect((await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({ departmentId: sj }) })).statusCode).toBe(403);
    const created = await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({}) });
    expect(created.statusCode, created.body).toBe(201);
    const id = idNumber('36072719950505012');
    expect(created.json()).toMatchObject({ idNumberMasked: `360727********${id.slice(-4)}`, phoneMasked: '139****5678' });
    const listed = (await t.request({ method: 'GET', url: '/api/users', as: 'ga_admin' })).json();
    expect(listed.every((u: { departmentName: string }) => ['龙南市公安局', '户政管理大队', '交通管理大队'].includes(u.departmentName))).toBe(true);
    expect((await t.request({ method: 'GET', url: `/api/users/${created.json().id}`, as: 'sj_admin' })).statusCode).toBe(404);
  });

  it('stores ID numbers and phones encrypted, never in clear', async () => {
    const row = await t.database.db.selectFrom('app_user').selectAll().where('username', '=', 'ga_officer').executeTakeFirstOrThrow();
    expect(row.id_number_cipher.startsWith('sm4:')).toBe(true);
    expect(JSON.stringify(row)).not.toMatch(/3607271988/);
  });

  it('refuses duplicate usernames and ID numbers with the field named', async () => {
    const dupName = await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({ username: 'ga_officer', idNumber: idNumber('36072719960606013') }) });
    expect(dupName.statusCode).toBe(409);
    expect(dupName.json().error.details[0].field).toBe('username');
    const dupId = await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({ username: 'another_one' }) });
    expect(dupId.statusCode).toBe(409);
    expect(dupId.json().error.details[0].field).toBe('idNumber');
  });

  it('keeps administration, operation and audit duties apart (GB/T 39477)', async () => {
    const mixed = await t.request({ method: 'POST', url: '/api/users', as: 'admin', body: user({ username: 'mixed', idNumber: idNumber('36072719970707014'), departmentId: dc, roles: ['platform_admin', 'supervisor'] }) });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error).toMatchObject({ code: 'DUTY_SEPARATION', details: [{ field: 'roles' }] });
    const adminOperator = await t.request({ method: 'POST', url: '/api/users', as: 'admin', body: user({ username: 'mixed2', idNumber: idNumber('36072719970707015'), departmentId: dc, roles: ['platform_admin', 'data_officer'] }) });
    expect(adminOperator.statusCode).toBe(400);
  });

  it('operator-only roles stay in the operator, and only a platform admin grants platform roles', async () => {
    const outside = await t.request({ method: 'POST', url: '/api/users', as: 'admin', body: user({ username: 'out_reviewer', idNumber: idNumber('36072719980808016'), roles: ['platform_reviewer'] }) });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('OPERATOR_ONLY_ROLE');
    const byDeptAdmin = await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({ username: 'ga_audit2', idNumber: idNumber('36072719980808017'), roles: ['security_auditor'] }) });
    // Auditors are appointed only by another auditor (test/http/separation-of-duties.test.ts).
    expect(byDeptAdmin.statusCode).toBe(403);
    const supervisorByDeptAdmin = await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({ username: 'ga_super2', idNumber: idNumber('36072719980808017'), roles: ['supervisor'] }) });
    expect(supervisorByDeptAdmin.statusCode).toBe(400);
    expect(supervisorByDeptAdmin.json().error.code).toBe('ROLE_NOT_GRANTABLE');
  });

  it('the data-officer registry keeps who held the role and when (000 Art. 26)', async () => {
    const newcomer = (await t.request({ method: 'POST', url: '/api/users', as: 'ga_admin', body: user({ username: 'ga_officer2', idNumber: idNumber('36072719990909018'), roles: ['dept_leader'] }) })).json();
    t.clock.advanceDays(1);
    const assigned = await t.request({ method: 'POST', url: `/api/departments/${ga}/data-officers`, as: 'ga_admin', body: { userId: newcomer.id, note: '接替陈静' } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const original = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'ga_officer').executeTakeFirstOrThrow();
    t.clock.advanceDays(1);
    const ended = await t.request({ method: 'PATCH', url: `/api/users/${original.id}`, as: 'ga_admin', body: { roles: ['dept_leader'] } });
    expect(ended.statusCode, ended.body).toBe(200);
    const current = (await t.request({ method: 'GET', url: `/api/departments/${ga}/data-officers`, as: 'ga_admin' })).json();
    expect(current.map((o: { userName: string }) => o.userName)).toEqual(['新用户']);
    const history = (await t.request({ method: 'GET', url: `/api/departments/${ga}/data-officers?history=true`, as: 'reviewer' })).json();
    const chen = history.find((o: { userName: string }) => o.userName === '陈静');
    expect(chen.endedAt).not.toBeNull();
    expect(new Date(chen.endedAt).getTime()).toBeGreaterThan(new Date(chen.startedAt).getTime());
    expect(history.find((o: { userName: string }) => o.userName === '新用户')).toMatchObject({ endedAt: null, note: '接替陈静' });
    // Another department does not see the registry.
    expect((await t.request({ method: 'GET', url: `/api/departments/${ga}/data-officers`, as: 'sj_admin' })).statusCode).toBe(404);
  });

  it('deactivating a user revokes their sessions', async () => {
    const token = await t.tokenFor('jy_officer');
    const target = await t.database.db.selectFrom('app_user').select('id').where('username', '=', 'jy_officer').executeTakeFirstOrThrow();
    expect((await t.request({ method: 'PATCH', url: `/api/users/${target.id}`, as: 'admin', body: { active: false } })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });
});

describe('the audit trail is for auditors and cannot be changed through the platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Enough activity for a trail of more than a hundred records: the organisation plus the
    // police and market-regulation catalogs.
    t = await namedTestApp({}, { entries: ['常住人口基本信息', '居民身份证签发信息', '机动车登记信息', '道路交通事故统计月报', '在逃人员比对名单', '公安检查站卡口视频监控', '市场主体登记信息', '营业执照电子证照', '食品经营许可证信息', '行政处罚信息'] });
  });
  afterAll(() => t.close());

  it('administrators cannot read, edit or delete audit records; there is no route for changing them', async () => {
    expect((await t.request({ method: 'GET', url: '/api/audit/records', as: 'admin' })).statusCode).toBe(403);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      expect((await t.request({ method, url: '/api/audit/records/1', as: 'admin', body: method === 'DELETE' ? undefined : { outcome: 'success' } })).statusCode).toBe(404);
    }
    expect((await t.request({ method: 'POST', url: '/api/audit/verify', as: 'admin' })).statusCode).toBe(403);
  });

  it('the operator’s auditor browses and filters everything; a department auditor sees the own department', async () => {
    const all = (await t.request({ method: 'GET', url: '/api/audit/records?pageSize=200', as: 'auditor' })).json();
    expect(all.total).toBeGreaterThan(100);
    const record = all.items[0];
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['seq', 'occurredAt', 'actorName', 'actorDepartmentName', 'operation', 'targetType', 'targetId', 'outcome', 'requestId', 'clientIp', 'details', 'hash']));

    const filtered = (await t.request({ method: 'GET', url: `/api/audit/records?operation=catalog:&actor=${encodeURIComponent('陈静')}`, as: 'auditor' })).json();
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.items.every((r: { operation: string; actorName: string }) => r.operation.startsWith('catalog:') && r.actorName === '陈静')).toBe(true);
    const exact = (await t.request({ method: 'GET', url: '/api/audit/records?operation=catalog:entry:publish', as: 'auditor' })).json();
    expect(exact.items.every((r: { operation: string }) => r.operation === 'catalog:entry:publish')).toBe(true);

    const inWindow = (await t.request({ method: 'GET', url: `/api/audit/records?from=${encodeURIComponent('2026-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-11-03T00:00:00Z')}`, as: 'auditor' })).json();
    expect(inWindow.total).toBe(all.total);
    const none = (await t.request({ method: 'GET', url: `/api/audit/records?to=${encodeURIComponent('2026-01-01T00:00:00Z')}`, as: 'auditor' })).json();
    expect(none.total).toBe(0);

    const own = (await t.request({ method: 'GET', url: '/api/audit/records?pageSize=200', as: 'ga_auditor' })).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((r: { actorDepartmentName: string }) => ['龙南市公安局', '户政管理大队', '交通管理大队'].includes(r.actorDepartmentName))).toBe(true);
  });

  it('the auditor verifies the chain over HTTP, and the verification is itself recorded', async () => {
    const result = (await t.request({ method: 'POST', url: '/api/audit/verify', as: 'auditor' })).json();
    expect(result).toMatchObject({ ok: true, problem: null });
    const last = await t.database.db.selectFrom('audit_log').select(['operation', 'actor_name']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toEqual({ operation: 'audit:verify', actor_name: '张伟' });
  });
});
