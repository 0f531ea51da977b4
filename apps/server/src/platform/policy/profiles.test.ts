import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../config/config.ts';
import { conformanceReport } from './conformance.ts';
import { writeConformanceRecord, type RecordedTest } from './conformance-record.ts';
import { addPeriod, listProfileIds, loadProfile, parseProfile, Policy } from './profiles.ts';
import { RULES } from './rules.ts';

const policiesDir = `${repoRoot}/policies`;

describe('policy profiles', () => {
  it('ships the five jurisdictions and each one sets every rule with its source', () => {
    expect(listProfileIds(policiesDir)).toEqual(['chongzhou', 'jinzhong', 'longnan', 'weifang', 'yunnan']);
    for (const id of listProfileIds(policiesDir)) {
      const profile = loadProfile(policiesDir, id);
      for (const rule of RULES) {
        const setting = profile.rules[rule.id];
        expect(setting, `${id} ${rule.id}`).toBeDefined();
        expect(setting.article ?? setting.basis, `${id} ${rule.id}`).toBeTruthy();
      }
    }
  });

  it('holds the differences between the seeds as data', () => {
    const value = (id: string, rule: (typeof RULES)[number]['id']) => new Policy(loadProfile(policiesDir, id)).value(rule);
    expect(value('longnan', 'sharing.provider_review_workdays')).toBe(5);
    expect(value('yunnan', 'sharing.provider_review_workdays')).toBe(10);
    expect(value('longnan', 'audit.log_retention')).toEqual({ months: 6 });
    expect(value('chongzhou', 'audit.log_retention')).toEqual({ years: 15 });
    expect(value('yunnan', 'audit.log_retention')).toBe('permanent');
    expect(value('jinzhong', 'catalog.replacement_transition_days')).toBe(20);
    expect(value('longnan', 'catalog.change_notice_period')).toEqual({ months: 1 });
    expect(value('jinzhong', 'sharing.unconditional_flow')).toBe('compliance_check');
    expect(value('longnan', 'open.reply_workdays')).toBe(20);
    expect(value('yunnan', 'open.reply_workdays')).toBe(15);
    expect(loadProfile(policiesDir, 'weifang').truncated).toBe(true);
  });

  it('cites the articles that say what the profile claims, and a silent text gets a platform default of its own', () => {
    const setting = (id: string, rule: (typeof RULES)[number]['id']) => loadProfile(policiesDir, id).rules[rule];
    expect(setting('longnan', 'sharing.unconditional_flow')).toMatchObject({ value: 'review', article: '第十五条' });
    expect(setting('longnan', 'sharing.dispute_coordination')).toMatchObject({ article: null, basis: expect.stringMatching(/^平台默认/) });
    expect(setting('longnan', 'catalog.open_requires_unconditional_share').article).toBe('第七条(原文第二个第七条)');
    expect(setting('chongzhou', 'catalog.change_requires_operator_approval').article).toBe('第二十一條');
    expect(setting('chongzhou', 'sharing.dispute_coordination')).toMatchObject({ article: '第四十條', basis: expect.stringMatching(/市政府办/) });
    expect(setting('chongzhou', 'sharing.objection_reply_workdays')).toMatchObject({ value: null, article: null });
    expect(setting('jinzhong', 'catalog.change_requires_operator_approval').article).toBe('实施方案四(一)');
    expect(setting('longnan', 'sharing.stamped_letter_required')).toMatchObject({ value: true, article: '第十五条' });
    expect(setting('jinzhong', 'sharing.leader_approval_required')).toMatchObject({ value: true, article: '办法第十四条(一)(二)' });
    expect(setting('yunnan', 'catalog.base_data_unconditional_share')).toMatchObject({ value: true, article: '第十条' });
    const others = /(龙南|崇州|云南|晋中|潍坊)(办法|方案)/;
    for (const id of listProfileIds(policiesDir)) {
      for (const [rule, s] of Object.entries(loadProfile(policiesDir, id).rules)) expect(s.basis ?? '', `${id} ${rule}`).not.toMatch(others);
    }
  });

  it('refuses a profile with an unknown rule, a missing rule, a wrong value or no citation', () => {
    const longnan = loadProfile(policiesDir, 'longnan');
    const yaml = (rules: Record<string, unknown>) => JSON.stringify({ id: 'x', name: 'x', jurisdiction: 'x', seed: 'x', rules });
    expect(() => parseProfile(yaml({ ...longnan.rules, 'made.up': { value: 1, article: '第一条', quote: 'q' } }), 'test')).toThrow(/made.up: unknown rule/);
    const { 'audit.log_retention': _, ...missing } = longnan.rules;
    expect(() => parseProfile(yaml(missing), 'test')).toThrow(/audit.log_retention: missing/);
    expect(() => parseProfile(yaml({ ...longnan.rules, 'sharing.provider_review_workdays': { value: 'five', article: '第十五条', quote: 'q' } }), 'test')).toThrow(/provider_review_workdays/);
    expect(() => parseProfile(yaml({ ...longnan.rules, 'sharing.provider_review_workdays': { value: 5, article: null } }), 'test')).toThrow(/basis/);
    expect(() => loadProfile(policiesDir, 'atlantis')).toThrow(/not found/);
  });

  it('counts calendar months and natural days in China time', () => {
    expect(addPeriod(new Date('2026-01-31T02:00:00Z'), { months: 1 }).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    // 20:00 UTC on 31 January is already 1 February in China: one month later is 1 March in China.
    expect(addPeriod(new Date('2026-01-31T20:00:00Z'), { months: 1 }).toISOString()).toBe('2026-02-28T20:00:00.000Z');
    expect(addPeriod(new Date('2026-11-02T01:00:00Z'), { days: 20 }).toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(addPeriod(new Date('2026-11-02T01:00:00Z'), { years: 15 }).toISOString()).toBe('2041-11-02T01:00:00.000Z');
  });
});

describe('conformance report', () => {
  for (const id of ['longnan', 'chongzhou', 'yunnan', 'jinzhong', 'weifang']) {
    it(`${id}: every rule claimed as enforced names code that exists and has at least one tagged test in the sources`, () => {
      const rows = conformanceReport(loadProfile(policiesDir, id), repoRoot, { recordPath: '/nonexistent/record.json' });
      for (const row of rows) {
        expect(row.missingEnforcement, row.rule).toEqual([]);
        if (row.enforcedBy.length > 0) expect(row.tests.length, `${row.rule} has no [rule:…] test`).toBeGreaterThan(0);
        else expect(row.status, row.rule).toBe('not-enforced');
      }
    });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-record-'));
  const recorded = (rules: string[], policies: string[], state: RecordedTest['state'] = 'passed'): RecordedTest => ({
    file: 'apps/server/test/x.test.ts',
    title: rules.map((r) => `[rule:${r}]`).join(' '),
    project: 'db',
    state,
    rules,
    policies,
  });
  const report = (id: string, tests: RecordedTest[]) => {
    const file = path.join(dir, `${id}-${Math.random()}.json`);
    writeConformanceRecord(file, { version: 1, writtenAt: new Date().toISOString(), database: 'pglite', tests });
    const rows = conformanceReport(loadProfile(policiesDir, id), repoRoot, { recordPath: file });
    return (rule: string) => rows.find((r) => r.rule === rule)!;
  };

  it('counts a rule as enforced under a profile only when a tagged test passed under that profile', () => {
    const row = report('weifang', [
      recorded(['audit.log_retention'], ['weifang']),
      recorded(['sharing.provider_review_workdays'], ['longnan', 'chongzhou']),
      recorded(['sharing.delegated_review'], ['weifang'], 'failed'),
      recorded(['sharing.dispute_coordination'], []),
    ]);
    expect(row('audit.log_retention')).toMatchObject({ status: 'enforced', reason: null, verifiedBy: ['apps/server/test/x.test.ts › [rule:audit.log_retention]'] });
    expect(row('sharing.provider_review_workdays')).toMatchObject({ status: 'not-verified', reason: 'its tests ran only under chongzhou, longnan' });
    expect(row('sharing.delegated_review')).toMatchObject({ status: 'not-verified', reason: expect.stringMatching(/did not pass.*failed/) });
    expect(row('sharing.dispute_coordination')).toMatchObject({ status: 'not-verified', reason: 'its tests loaded no policy profile' });
    expect(row('sharing.demand_reply_workdays')).toMatchObject({ status: 'not-verified', reason: 'no test tagged with it ran in the last run' });
    expect(row('open.reply_workdays')).toMatchObject({ status: 'not-enforced', pending: 'open-data portal' });
    // The same record proves nothing about longnan's retention.
    expect(report('longnan', [recorded(['audit.log_retention'], ['weifang'])])('audit.log_retention')).toMatchObject({ status: 'not-verified', reason: 'its tests ran only under weifang' });
  });

  it('verifies nothing without a record, and says where it looked', () => {
    const rows = conformanceReport(loadProfile(policiesDir, 'longnan'), repoRoot, { recordPath: path.join(dir, 'absent.json') });
    expect(rows.filter((r) => r.status === 'enforced')).toEqual([]);
    expect(rows.find((r) => r.rule === 'audit.log_retention')!.reason).toMatch(/no test record at .*absent\.json/);
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ half');
    expect(conformanceReport(loadProfile(policiesDir, 'longnan'), repoRoot, { recordPath: path.join(dir, 'broken.json') })[0]!.reason).toMatch(/cannot be read/);
  });
});
