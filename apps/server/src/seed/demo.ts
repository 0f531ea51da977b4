import { citizenIdCheckDigit, usccCheckChar, type CatalogContent } from '@huitong/contracts';
import type { App } from '../app.ts';
import { cliActor, type Actor } from '../platform/auth/actor.ts';
import { AREA_CODE, DEMO_APPLICATIONS, DEMO_DEMANDS, DEMO_DEPARTMENTS, DEMO_ENTRIES, DEMO_PASSWORD, DEMO_SYSTEMS, DEMO_USERS, demoLetterPdf } from './demo-data.ts';
import { chinaDay, addDays } from '../platform/calendar/working-days.ts';

export function demoIdNumber(birth: string, seq: string): string {
  const first17 = `${AREA_CODE}${birth}${seq}`;
  return first17 + citizenIdCheckDigit(first17);
}

export function demoUscc(orgCode: string): string {
  const first17 = `11${AREA_CODE}${orgCode}`.slice(0, 17);
  return first17 + usccCheckChar(first17);
}

export interface DemoSummary {
  departments: number;
  users: number;
  entries: number;
  applications: number;
}

/** Whether the database holds any organisation yet (the demo only seeds an empty platform). */
export async function isEmpty(app: App): Promise<boolean> {
  const row = await app.deps.db.selectFrom('department').select('id').limit(1).executeTakeFirst();
  return !row;
}

/**
 * Seeds the demo city through the platform's own services: the same validation, the same
 * workflow (submit → operator review → publish) and the same audit trail as real use.
 */
export async function seedDemo(app: App): Promise<DemoSummary> {
  const { org, auth, catalog } = app.modules;
  const cli = cliActor('seed-demo');
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

  const reviewer = actors.get('reviewer')!;
  const officerOf = (department: string): Actor => {
    const user = DEMO_USERS.find((u) => u.department === department && u.roles.includes('data_officer'));
    if (!user) throw new Error(`no demo data officer for ${department}`);
    return actors.get(user.username)!;
  };

  const classCodes = new Map((await org.service.listDepartments()).map((d) => [d.id, d.classCode]));
  let entries = 0;
  for (const demo of DEMO_ENTRIES) {
    const officer = officerOf(demo.department);
    const { dedicatedTo, internalUnitId, ...rest } = demo.content;
    const providerId = officer.organisationId!;
    const content: CatalogContent = {
      ...rest,
      classCode: rest.classCode === '3' ? `3${classCodes.get(providerId)}` : rest.classCode,
      internalUnitId: internalUnitId ? departmentIds.get(internalUnitId)! : null,
      dedicatedDepartmentIds: (dedicatedTo ?? []).map((key) => departmentIds.get(key)!),
      relatedResourceCodes: [],
    };
    const created = await catalog.service.create(officer, { content, changeSummary: '初次编目' });
    entries++;
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
  // ── sharing: systems, applications in every state, demands ──
  const { sharing } = app.modules;
  const systemOf = new Map<string, string>();
  for (const system of DEMO_SYSTEMS) {
    const created = await org.service.createSystem(cli, { departmentId: departmentIds.get(system.department)!, name: system.name, description: system.description });
    systemOf.set(system.department, created.system.id);
  }
  // A user of the organisation (its internal units included) holding the role.
  const userOf = (organisation: string, role: string): Actor => {
    const inOrganisation = (key: string) => key === organisation || DEMO_DEPARTMENTS.some((d) => d.key === key && d.kind === 'internal_unit' && d.parent === organisation);
    const user = DEMO_USERS.find((u) => inOrganisation(u.department) && u.roles.includes(role as never));
    if (!user) throw new Error(`no demo ${role} for ${organisation}`);
    return actors.get(user.username)!;
  };
  const departmentKey = (organisationId: string) => [...departmentIds.entries()].find(([, id]) => id === organisationId)![0];
  const today = chinaDay(app.deps.clock.now());
  let applications = 0;
  for (const demo of DEMO_APPLICATIONS) {
    const officer = officerOf(demo.applicant);
    const found = await catalog.service.search(officer, { q: demo.entry, pageSize: 5, facets: false });
    const entry = found.items.find((i) => i.name === demo.entry)!;
    const detail = await catalog.service.detail(officer, entry.id);
    const itemCodes = demo.items ?? detail.current!.content.items.map((i) => i.code);
    const created = await sharing.service.create(officer, {
      entryId: entry.id,
      itemCodes,
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
    await sharing.service.uploadLetter(officer, created.id, { filename: `${created.number}-申请函.pdf`, data: demoLetterPdf(created.number) });
    await sharing.service.submit(officer, created.id);
    await sharing.service.decide(userOf(demo.applicant, 'dept_leader'), created.id, 'leader_approval', { decision: 'approve', comment: '同意报送' });
    applications++;
    const providerKey = departmentKey(entry.providerDepartmentId);
    const providerReviewer = () => userOf(providerKey, 'provider_reviewer');
    let current = await sharing.service.detail(reviewer, created.id);
    if (demo.outcome === 'at_preliminary') continue;
    if (current.currentStep?.kind === 'preliminary_review' || current.currentStep?.kind === 'compliance_check') {
      current = await sharing.service.decide(reviewer, created.id, current.currentStep.kind as 'preliminary_review', { decision: 'approve', comment: '材料齐全,转提供部门' });
    }
    if (demo.outcome === 'at_provider') continue;
    if (current.currentStep?.kind === 'provider_review') {
      if (demo.outcome === 'refused') {
        await sharing.service.decide(providerReviewer(), created.id, 'provider_review', {
          decision: 'reject',
          comment: '申请用途与出生医学证明的使用范围不符',
          legalBasis: '《中华人民共和国个人信息保护法》第三十四条;《出生医学证明管理办法》',
        });
        continue;
      }
      current = await sharing.service.decide(providerReviewer(), created.id, 'provider_review', { decision: 'approve', comment: '同意按申请信息项共享' });
    }
    if (demo.outcome === 'revoked' && current.grantId) {
      await sharing.grants.revoke(providerReviewer(), current.grantId, '申请部门超出约定用途使用数据,收回授权');
    }
  }
  for (const demand of DEMO_DEMANDS) {
    await sharing.demands.create(officerOf(demand.requester), {
      providerDepartmentId: departmentIds.get(demand.provider)!,
      title: demand.title,
      description: demand.description,
      purpose: demand.purpose,
    });
  }
  return { departments: departmentIds.size, users: actors.size, entries, applications };
}
