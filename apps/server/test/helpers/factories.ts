import crypto from 'node:crypto';
import type { Application, ApplicationState, CatalogContent, CatalogEntryDetail, Department, Role, ShareType } from '@huitong/contracts';
import { cliActor, type Actor } from '../../src/platform/auth/actor.ts';
import { addDays, chinaDay } from '../../src/platform/calendar/working-days.ts';
import { demoIdNumber, demoUscc } from '../../src/seed/demo.ts';
import { DEMO_PASSWORD, demoLetterPdf } from '../../src/seed/demo-data.ts';
import { testItem, validContent } from './catalog.ts';
import { namedCity, type NamedCityOptions } from './named-city.ts';
import type { TestApp } from './test-app.ts';

/**
 * Factories: each test builds the few objects it needs through the platform's own services
 * (same validation, same audit trail), instead of seeding the whole demo city. Users get the
 * demo password, so `t.request({ as: user.username })` logs them in.
 *
 *   const f = factories(t);
 *   const city = await f.city();                       // operator + two departments, every role
 *   const entry = await f.publishedEntry(city.sj.officer, { shareType: 'conditional' });
 *   const app = await f.applicationIn('provider_review', { applicant: city.rs, entry });
 */
export const TEST_PASSWORD = DEMO_PASSWORD;

export interface TestUser {
  id: string;
  username: string;
  actor: Actor;
}

export interface TestDepartment {
  department: Department;
  id: string;
  /** One user per role in this department, created on first use. */
  user(role: Role): Promise<TestUser>;
  officer: TestUser;
  leader: TestUser;
  reviewer: TestUser;
  admin: TestUser;
  systemId: string;
  clientId: string;
  clientSecret: string;
}

export interface TestCity {
  /** The operator (数据管理单位) with platform admin, reviewer, auditor and supervisor. */
  operator: { id: string; admin: TestUser; reviewer: TestUser; auditor: TestUser; supervisor: TestUser; officer: TestUser };
  /** Two ordinary departments: 市场监管局-like provider and 人社局-like consumer. */
  sj: TestDepartment;
  rs: TestDepartment;
  root: Department;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function factories(t: TestApp) {
  const { org, auth, catalog, sharing } = t.app.modules;
  const cli = cliActor('test-factory');
  let serial = 0;
  const next = () => (++serial).toString(36) + crypto.randomBytes(2).toString('hex');

  function randomUscc(): string {
    const bytes = crypto.randomBytes(9);
    return demoUscc(Array.from(bytes, (b) => USCC_ALPHABET[b % USCC_ALPHABET.length]).join(''));
  }

  function randomIdNumber(): string {
    const day = 1 + crypto.randomInt(28);
    const month = 1 + crypto.randomInt(12);
    const birth = `19${60 + crypto.randomInt(40)}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    return demoIdNumber(birth, String(crypto.randomInt(1000)).padStart(3, '0'));
  }

  async function department(options: { name?: string; parentId?: string | null; kind?: Department['kind']; operator?: boolean } = {}): Promise<Department> {
    const suffix = next();
    return org.service.createDepartment(cli, {
      parentId: options.parentId ?? null,
      name: options.name ?? `测试部门${suffix}`,
      shortName: `部门${suffix}`.slice(0, 30),
      kind: options.kind ?? (options.parentId ? 'department' : 'government'),
      level: 'county',
      ...(options.kind !== 'internal_unit' && { uscc: randomUscc() }),
      ...(options.operator && { isOperator: true }),
    });
  }

  async function user(options: { departmentId: string; roles: Role[]; username?: string; name?: string }): Promise<TestUser> {
    const username = options.username ?? `u${next()}`;
    const created = await org.service.createUser(cli, {
      username,
      name: options.name ?? `用户${username}`.slice(0, 50),
      idNumber: randomIdNumber(),
      phone: `139${String(crypto.randomInt(100_000_000)).padStart(8, '0')}`,
      departmentId: options.departmentId,
      roles: options.roles,
      password: TEST_PASSWORD,
    });
    return { id: created.id, username, actor: (await auth.service.actorForUser(created.id, cli))! };
  }

  async function system(departmentId: string, name = `应用系统${next()}`) {
    const created = await org.service.createSystem(cli, { departmentId, name, description: '测试用应用系统' });
    return { id: created.system.id, clientId: created.system.clientId, clientSecret: created.clientSecret };
  }

  /** A department with lazily created users per role and one application system. */
  async function departmentWithStaff(parentId: string, name?: string): Promise<TestDepartment> {
    const created = await department({ parentId, ...(name && { name }) });
    const users = new Map<Role, Promise<TestUser>>();
    const userFor = (role: Role) => {
      let found = users.get(role);
      if (!found) {
        found = user({ departmentId: created.id, roles: [role] });
        users.set(role, found);
      }
      return found;
    };
    const [officer, leader, reviewer, admin, sys] = await Promise.all([
      userFor('data_officer'),
      userFor('dept_leader'),
      userFor('provider_reviewer'),
      userFor('dept_admin'),
      system(created.id),
    ]);
    return { department: created, id: created.id, user: userFor, officer, leader, reviewer, admin, systemId: sys.id, clientId: sys.clientId, clientSecret: sys.clientSecret };
  }

  /** The smallest world most tests need: an operator and two departments under one government. */
  async function city(): Promise<TestCity> {
    const root = await department({ name: `测试市人民政府${next()}` });
    const operatorDepartment = await department({ parentId: root.id, name: `测试市数据中心${next()}`, operator: true });
    const [admin, reviewer, auditor, supervisor, officer] = await Promise.all([
      user({ departmentId: operatorDepartment.id, roles: ['platform_admin'] }),
      user({ departmentId: operatorDepartment.id, roles: ['platform_reviewer'] }),
      user({ departmentId: operatorDepartment.id, roles: ['security_auditor'] }),
      user({ departmentId: operatorDepartment.id, roles: ['supervisor'] }),
      user({ departmentId: operatorDepartment.id, roles: ['data_officer'] }),
    ]);
    const sj = await departmentWithStaff(root.id, `测试市市场监督管理局${next()}`);
    const rs = await departmentWithStaff(root.id, `测试市人力资源和社会保障局${next()}`);
    return { root, operator: { id: operatorDepartment.id, admin, reviewer, auditor, supervisor, officer }, sj, rs };
  }

  /** The operator's reviewer, found (or created) in the operator department. */
  async function operatorReviewer(): Promise<Actor> {
    const reviewers = await org.service.listUsers(cli, { role: 'platform_reviewer' });
    const existing = reviewers.find((u) => u.active);
    if (existing) return (await auth.service.actorForUser(existing.id, cli))!;
    throw new Error('publishedEntry needs an operator with a platform reviewer: build city() first');
  }

  /** Content that passes every rule, with the share type applied to the entry and its items. */
  function content(overrides: Partial<CatalogContent> & { shareType?: ShareType } = {}): CatalogContent {
    const shareType = overrides.shareType ?? 'unconditional';
    const base = validContent({
      name: `测试资源${next()}`,
      shareType,
      items: [
        testItem('xm', '姓名', { shareType: shareType === 'none' ? 'none' : shareType }),
        testItem('sfzh', '身份证号', { identifierKind: 'id_number', length: 18, shareType: shareType === 'none' ? 'none' : shareType, sensitivity: 'L3', maskingRule: 'id_number' }),
        testItem('dz', '住址', { shareType: shareType === 'none' ? 'none' : shareType }),
      ],
      ...(shareType === 'conditional' && { shareConditions: '仅限履行法定职责使用', legalBasis: '《中华人民共和国行政许可法》第三十一条' }),
      ...(shareType === 'none' && { shareModes: [], legalBasis: '《中华人民共和国个人信息保护法》第十三条' }),
    });
    return { ...base, ...overrides } as CatalogContent;
  }

  /** An entry of the officer's department, submitted and approved by the operator's reviewer. */
  async function publishedEntry(officer: TestUser, overrides: Partial<CatalogContent> & { shareType?: ShareType } = {}): Promise<CatalogEntryDetail> {
    const created = await catalog.service.create(officer.actor, { content: content(overrides), changeSummary: '初次编目' });
    await catalog.service.submit(officer.actor, created.id);
    return catalog.service.review(await operatorReviewer(), created.id, 'approve', '符合目录编制要求。');
  }

  async function draftEntry(officer: TestUser, overrides: Partial<CatalogContent> & { shareType?: ShareType } = {}): Promise<CatalogEntryDetail> {
    return catalog.service.create(officer.actor, { content: content(overrides), changeSummary: '初次编目' });
  }

  /**
   * An application of `applicant` for `entry`, driven through the real flow until it reaches
   * `state`. Terminal states: approved (with a grant), rejected (refused by the provider),
   * withdrawn.
   */
  async function applicationIn(
    state: ApplicationState,
    options: { applicant: TestDepartment; provider: TestDepartment; entry: CatalogEntryDetail; itemCodes?: string[] },
  ): Promise<Application> {
    const { applicant, provider, entry } = options;
    const today = chinaDay(t.clock.now());
    const items = entry.current!.content.items.filter((i) => i.shareType !== 'none').map((i) => i.code);
    const created = await sharing.service.create(applicant.officer.actor, {
      entryId: entry.id,
      itemCodes: options.itemCodes ?? (items.length > 0 ? items : entry.current!.content.items.map((i) => i.code)),
      shareMode: entry.current!.content.shareModes[0] ?? 'interface',
      systemId: applicant.systemId,
      contactName: '联系人',
      contactPhone: '13907970001',
      purpose: '履行法定职责所需的身份核验',
      scenario: '政务服务事项办理',
      basis: '《中华人民共和国行政许可法》第三十一条',
      securityMeasures: '专人专岗，最小必要，访问留痕，用后销毁',
      periodStart: today,
      periodEnd: addDays(today, 365),
    });
    if (state === 'draft') return created;
    await sharing.service.uploadLetter(applicant.officer.actor, created.id, { filename: '申请函.pdf', data: demoLetterPdf(created.number) });
    let current = await sharing.service.submit(applicant.officer.actor, created.id);
    if (state === 'withdrawn') return sharing.service.withdraw(applicant.officer.actor, created.id, '测试撤回');
    const reviewer = await operatorReviewer();
    while (current.state !== state) {
      const step = current.currentStep?.kind;
      if (!step) throw new Error(`application ${created.id} ended in ${current.state} before reaching ${state}`);
      const decider = step === 'leader_approval' ? applicant.leader.actor : step === 'provider_review' ? provider.reviewer.actor : reviewer;
      const refuse = state === 'rejected' && (step === 'provider_review' || step === 'coordination');
      current = await sharing.service.decide(
        decider,
        created.id,
        step,
        refuse ? { decision: 'reject', comment: '不符合共享条件', legalBasis: '《中华人民共和国个人信息保护法》第三十四条' } : { decision: 'approve', comment: '同意' },
      );
    }
    return current;
  }

  /** The demo's organisation and people by name, with only the entries and applications asked for. */
  const named = (options: NamedCityOptions = {}) => namedCity(t, options);

  return { department, user, system, departmentWithStaff, city, named, content, draftEntry, publishedEntry, applicationIn, randomIdNumber, randomUscc };
}

export type Factories = ReturnType<typeof factories>;
