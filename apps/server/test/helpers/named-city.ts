import type { CatalogContent } from '@huitong/contracts';
import { cliActor, type Actor } from '../../src/platform/auth/actor.ts';
import { addDays, chinaDay } from '../../src/platform/calendar/working-days.ts';
import { demoIdNumber, demoUscc } from '../../src/seed/demo.ts';
import { DEMO_APPLICATIONS, DEMO_DEMANDS, DEMO_DEPARTMENTS, DEMO_ENTRIES, DEMO_PASSWORD, DEMO_SYSTEMS, DEMO_USERS, demoLetterPdf } from '../../src/seed/demo-data.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

export interface NamedCityOptions {
  /** Catalog entries (by name, from the demo definitions) to register in their demo state. */
  entries?: string[];
  /** Every demo entry of these departments (by demo key: ga, sj, mz…). */
  catalogsOf?: string[];
  /** Demo applications (by entry name) to drive to their demo outcome; their entries are added. */
  applications?: string[];
  /** Whether to raise the demo's open demands. */
  demands?: boolean;
}

export interface NamedCity {
  /** Department ids by demo key (ga, sj, dc, ga_hz…). */
  departmentIds: Map<string, string>;
  /** Actors by username (ga_officer, reviewer…). */
  actors: Map<string, Actor>;
  /** Entry ids by name. */
  entryIds: Map<string, string>;
  /** Application ids by entry name. */
  applicationIds: Map<string, string>;
}

/**
 * A named city: the organisation chart and people of the demo (same usernames, same department
 * names, one application system each) but only the catalog entries, applications and demands a
 * test asks for — built through the services, like `factories()`. The organisation costs well
 * under a second; what made the full demo slow (about 20 s) is its 43 entries and 6 applications.
 */
export async function namedCity(t: TestApp, options: NamedCityOptions = {}): Promise<NamedCity> {
  const { org, auth, catalog, sharing } = t.app.modules;
  const cli = cliActor('test-factory');
  const departmentIds = new Map<string, string>();
  for (const d of DEMO_DEPARTMENTS) {
    const created = await org.service.createDepartment(cli, {
      parentId: d.parent ? departmentIds.get(d.parent)! : null,
      name: d.name,
      shortName: d.shortName,
      kind: d.kind,
      level: d.level,
      ...(d.orgCode && { uscc: demoUscc(d.orgCode) }),
      ...(d.operator && { isOperator: true }),
    });
    departmentIds.set(d.key, created.id);
  }
  const actors = new Map<string, Actor>();
  for (const [index, u] of DEMO_USERS.entries()) {
    const user = await org.service.createUser(cli, {
      username: u.username,
      name: u.name,
      idNumber: demoIdNumber(u.birth, u.seq),
      phone: `1390797${String(1000 + index).padStart(4, '0')}`,
      departmentId: departmentIds.get(u.department)!,
      roles: u.roles,
      password: DEMO_PASSWORD,
    });
    actors.set(u.username, (await auth.service.actorForUser(user.id, cli))!);
  }
  const systemOf = new Map<string, string>();
  for (const system of DEMO_SYSTEMS) {
    const created = await org.service.createSystem(cli, { departmentId: departmentIds.get(system.department)!, name: system.name, description: system.description });
    systemOf.set(system.department, created.system.id);
  }

  const reviewer = actors.get('reviewer')!;
  const inOrganisation = (organisation: string, key: string) =>
    key === organisation || DEMO_DEPARTMENTS.some((d) => d.key === key && d.kind === 'internal_unit' && d.parent === organisation);
  const userOf = (organisation: string, role: string): Actor => {
    const user = DEMO_USERS.find((u) => (role === 'data_officer' ? u.department === organisation : inOrganisation(organisation, u.department)) && u.roles.includes(role as never));
    if (!user) throw new Error(`no ${role} in ${organisation}`);
    return actors.get(user.username)!;
  };

  const applications = DEMO_APPLICATIONS.filter((a) => options.applications?.includes(a.entry));
  const wanted = new Set([
    ...(options.entries ?? []),
    ...DEMO_ENTRIES.filter((e) => options.catalogsOf?.includes(e.department)).map((e) => e.content.name),
    ...applications.map((a) => a.entry),
  ]);
  for (const name of wanted) if (!DEMO_ENTRIES.some((e) => e.content.name === name)) throw new Error(`no demo entry named ${name}`);
  const classCodes = new Map((await org.service.listDepartments()).map((d) => [d.id, d.classCode]));
  const entryIds = new Map<string, string>();
  const entryProvider = new Map<string, string>();
  // In demo order, so numbering and publication order follow the demo.
  for (const demo of DEMO_ENTRIES.filter((e) => wanted.has(e.content.name))) {
    const officer = userOf(demo.department, 'data_officer');
    const { dedicatedTo, internalUnitId, ...rest } = demo.content;
    const content: CatalogContent = {
      ...rest,
      classCode: rest.classCode === '3' ? `3${classCodes.get(officer.organisationId!)}` : rest.classCode,
      internalUnitId: internalUnitId ? departmentIds.get(internalUnitId)! : null,
      dedicatedDepartmentIds: (dedicatedTo ?? []).map((key) => departmentIds.get(key)!),
      relatedResourceCodes: [],
    };
    const created = await catalog.service.create(officer, { content, changeSummary: '初次编目' });
    entryIds.set(demo.content.name, created.id);
    entryProvider.set(demo.content.name, demo.department);
    if (demo.state === 'draft') continue;
    await catalog.service.submit(officer, created.id);
    if (demo.state === 'submitted') continue;
    if (demo.state === 'rejected') {
      await catalog.service.review(reviewer, created.id, 'reject', demo.rejectReason ?? '请补充完善后重新提交。');
      continue;
    }
    await catalog.service.review(reviewer, created.id, 'approve', '符合目录编制要求。');
    if (demo.state === 'published_with_change' && demo.change) {
      await catalog.service.saveDraft(officer, created.id, { content: demo.change(content), changeSummary: '新增信息项' });
      await catalog.service.submit(officer, created.id);
    }
  }

  const applicationIds = new Map<string, string>();
  const today = chinaDay(t.clock.now());
  for (const demo of applications) {
    const officer = userOf(demo.applicant, 'data_officer');
    const entryId = entryIds.get(demo.entry)!;
    const detail = await catalog.service.detail(officer, entryId);
    const created = await sharing.service.create(officer, {
      entryId,
      itemCodes: demo.items ?? detail.current!.content.items.map((i) => i.code),
      shareMode: demo.shareMode,
      systemId: systemOf.get(demo.applicant)!,
      contactName: officer.name!,
      contactPhone: '13907970000',
      purpose: demo.purpose,
      scenario: demo.scenario,
      basis: '《优化营商环境条例》第三十五条;本部门"三定"规定明确的职责',
      securityMeasures: '专人专岗、最小必要使用,访问留痕,数据不落地存储,用后按规定销毁',
      periodStart: today,
      periodEnd: addDays(today, 365),
    });
    applicationIds.set(demo.entry, created.id);
    await sharing.service.uploadLetter(officer, created.id, { filename: `${created.number}-申请函.pdf`, data: demoLetterPdf(created.number) });
    await sharing.service.submit(officer, created.id);
    await sharing.service.decide(userOf(demo.applicant, 'dept_leader'), created.id, 'leader_approval', { decision: 'approve', comment: '同意报送' });
    if (demo.outcome === 'at_preliminary') continue;
    let current = await sharing.service.detail(reviewer, created.id);
    if (current.currentStep?.kind === 'preliminary_review' || current.currentStep?.kind === 'compliance_check') {
      current = await sharing.service.decide(reviewer, created.id, current.currentStep.kind as 'preliminary_review', { decision: 'approve', comment: '材料齐全,转提供部门' });
    }
    if (demo.outcome === 'at_provider') continue;
    const providerReviewer = userOf(entryProvider.get(demo.entry)!, 'provider_reviewer');
    if (current.currentStep?.kind === 'provider_review') {
      if (demo.outcome === 'refused') {
        await sharing.service.decide(providerReviewer, created.id, 'provider_review', {
          decision: 'reject',
          comment: '申请用途与出生医学证明的使用范围不符',
          legalBasis: '《中华人民共和国个人信息保护法》第三十四条;《出生医学证明管理办法》',
        });
        continue;
      }
      current = await sharing.service.decide(providerReviewer, created.id, 'provider_review', { decision: 'approve', comment: '同意按申请信息项共享' });
    }
    if (demo.outcome === 'revoked' && current.grantId) await sharing.grants.revoke(providerReviewer, current.grantId, '申请部门超出约定用途使用数据,收回授权');
  }
  if (options.demands) {
    for (const demand of DEMO_DEMANDS) {
      await sharing.demands.create(userOf(demand.requester, 'data_officer'), {
        providerDepartmentId: departmentIds.get(demand.provider)!,
        title: demand.title,
        description: demand.description,
        purpose: demand.purpose,
      });
    }
  }
  return { departmentIds, actors, entryIds, applicationIds };
}

/** A test app with the named city in it (see `namedCity`). */
export async function namedTestApp(options: TestAppOptions = {}, city: NamedCityOptions = {}): Promise<TestApp & { city: NamedCity }> {
  const t = await createTestApp(options);
  return Object.assign(t, { city: await namedCity(t, city) });
}
