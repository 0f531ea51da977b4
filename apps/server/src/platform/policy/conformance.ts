import fs from 'node:fs';
import path from 'node:path';
import { RULES } from './rules.ts';
import type { PolicyProfile, RuleSetting } from './profiles.ts';

export interface RuleTest {
  file: string;
  line: number;
  title: string;
}

export type ConformanceStatus = 'enforced' | 'enforced-untested' | 'not-enforced';

export interface ConformanceRow {
  rule: string;
  title: string;
  article: string | null;
  quote: string | null;
  basis: string | null;
  value: unknown;
  status: ConformanceStatus;
  enforcedBy: string[];
  /** enforcedBy entries whose file or symbol does not exist: a stale claim. */
  missingEnforcement: string[];
  pending: string | null;
  tests: RuleTest[];
}

const TEST_FILE = /\.(test|spec)\.tsx?$/;
const RULE_TAG = /\[rule:([a-z0-9_.]+)\]/g;

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (TEST_FILE.test(entry.name)) out.push(full);
  }
}

/** Finds every test whose title carries `[rule:<id>]`, by scanning the test sources. */
export function findRuleTests(repoRoot: string): Map<string, RuleTest[]> {
  const files: string[] = [];
  for (const app of ['apps/server', 'apps/web', 'packages/contracts']) walk(path.join(repoRoot, app), files);
  const byRule = new Map<string, RuleTest[]>();
  for (const file of files) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      for (const match of text.matchAll(RULE_TAG)) {
        const title = /(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])(.*?)\1/.exec(text)?.[2] ?? text.trim();
        const list = byRule.get(match[1]!) ?? [];
        list.push({ file: path.relative(repoRoot, file), line: index + 1, title });
        byRule.set(match[1]!, list);
      }
    });
  }
  return byRule;
}

function enforcementExists(repoRoot: string, reference: string): boolean {
  const [file, symbol] = reference.split('#');
  const full = path.join(repoRoot, file!);
  if (!fs.existsSync(full)) return false;
  return !symbol || fs.readFileSync(full, 'utf8').includes(symbol);
}

export function conformanceReport(profile: PolicyProfile, repoRoot: string): ConformanceRow[] {
  const tests = findRuleTests(repoRoot);
  return RULES.map((definition) => {
    const setting: RuleSetting = profile.rules[definition.id];
    const ruleTests = tests.get(definition.id) ?? [];
    const enforcedBy = [...definition.enforcedBy];
    const missingEnforcement = enforcedBy.filter((ref) => !enforcementExists(repoRoot, ref));
    const status: ConformanceStatus = enforcedBy.length === 0 ? 'not-enforced' : ruleTests.length === 0 ? 'enforced-untested' : 'enforced';
    return {
      rule: definition.id,
      title: definition.title,
      article: setting.article,
      quote: setting.quote ?? null,
      basis: setting.basis ?? null,
      value: setting.value,
      status,
      enforcedBy,
      missingEnforcement,
      pending: 'pending' in definition ? (definition.pending ?? null) : null,
      tests: ruleTests,
    };
  });
}

const STATUS_LABEL: Record<ConformanceStatus, string> = {
  enforced: 'ENFORCED',
  'enforced-untested': 'ENFORCED, NO TEST',
  'not-enforced': 'NOT YET ENFORCED',
};

export function formatConformance(profile: PolicyProfile, rows: ConformanceRow[]): string {
  const out: string[] = [];
  out.push(`Conformance report — ${profile.name} (${profile.id}), ${profile.jurisdiction}`);
  out.push(`Source text: shared/seeds/${profile.seed}${profile.truncated ? ' (truncated; rules past its end use platform defaults)' : ''}`);
  out.push('');
  for (const row of rows) {
    const source = row.article ? `${row.article}` : `(no article) ${row.basis}`;
    out.push(`${source}`);
    if (row.quote) out.push(`  “${row.quote}”`);
    out.push(`  rule     ${row.rule} — ${row.title}`);
    out.push(`  value    ${JSON.stringify(row.value)}`);
    out.push(`  status   ${STATUS_LABEL[row.status]}${row.pending ? ` (to come: ${row.pending})` : ''}`);
    for (const ref of row.enforcedBy) out.push(`  enforced ${ref}${row.missingEnforcement.includes(ref) ? '  ← MISSING' : ''}`);
    for (const test of row.tests) out.push(`  test     ${test.file}:${test.line}  ${test.title}`);
    out.push('');
  }
  const counts = rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row.status]: (acc[row.status] ?? 0) + 1 }), {});
  out.push(`${counts.enforced ?? 0} enforced and tested, ${counts['enforced-untested'] ?? 0} enforced without a test, ${counts['not-enforced'] ?? 0} not yet enforced.`);
  return out.join('\n');
}
