import fs from 'node:fs';
import path from 'node:path';
import { RULES } from './rules.ts';
import type { PolicyProfile, RuleSetting } from './profiles.ts';
import { conformanceRecordPath, readConformanceRecord, RULE_TAG, type RecordResult } from './conformance-record.ts';

export interface RuleTest {
  file: string;
  line: number;
  title: string;
}

/**
 * - enforced: code applies the rule and a test tagged with it passed under this profile in the
 *   last recorded test run;
 * - not-verified: code claims the rule, but the record shows no passing tagged test under this
 *   profile (`reason` says why);
 * - not-enforced: no code applies the rule yet.
 */
export type ConformanceStatus = 'enforced' | 'not-verified' | 'not-enforced';

export interface ConformanceRow {
  rule: string;
  title: string;
  article: string | null;
  quote: string | null;
  basis: string | null;
  value: unknown;
  status: ConformanceStatus;
  /** Why a rule is not verified under this profile. */
  reason: string | null;
  enforcedBy: string[];
  /** enforcedBy entries whose file or symbol does not exist: a stale claim. */
  missingEnforcement: string[];
  pending: string | null;
  /** Tagged tests found in the sources (all profiles). */
  tests: RuleTest[];
  /** Tagged tests that passed under this profile in the recorded run. */
  verifiedBy: string[];
}

const TEST_FILE = /\.(test|spec)\.tsx?$/;

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

/** Why the record does not prove `rule` under `profileId`, or the tests that do. */
function verify(record: RecordResult, rule: string, profileId: string): { verifiedBy: string[]; reason: string | null } {
  if (!record.ok) return { verifiedBy: [], reason: record.reason };
  const tagged = record.record.tests.filter((t) => t.rules.includes(rule));
  const here = tagged.filter((t) => t.policies.includes(profileId));
  const passed = here.filter((t) => t.state === 'passed');
  if (passed.length > 0) return { verifiedBy: passed.map((t) => `${t.file} › ${t.title}`), reason: null };
  if (here.length > 0) return { verifiedBy: [], reason: `its tests under ${profileId} did not pass in the last run (${here.map((t) => t.state).join(', ')})` };
  if (tagged.length === 0) return { verifiedBy: [], reason: 'no test tagged with it ran in the last run' };
  const others = [...new Set(tagged.flatMap((t) => t.policies))].sort();
  return { verifiedBy: [], reason: others.length > 0 ? `its tests ran only under ${others.join(', ')}` : 'its tests loaded no policy profile' };
}

export interface ConformanceOptions {
  /** The test record to read; defaults to conformanceRecordPath(repoRoot). */
  recordPath?: string;
}

export function conformanceReport(profile: PolicyProfile, repoRoot: string, options: ConformanceOptions = {}): ConformanceRow[] {
  const tests = findRuleTests(repoRoot);
  const record = readConformanceRecord(options.recordPath ?? conformanceRecordPath(repoRoot));
  return RULES.map((definition) => {
    const setting: RuleSetting = profile.rules[definition.id];
    const ruleTests = tests.get(definition.id) ?? [];
    const enforcedBy = [...definition.enforcedBy];
    const missingEnforcement = enforcedBy.filter((ref) => !enforcementExists(repoRoot, ref));
    let status: ConformanceStatus = 'not-enforced';
    let reason: string | null = null;
    let verifiedBy: string[] = [];
    if (enforcedBy.length > 0) {
      ({ verifiedBy, reason } = verify(record, definition.id, profile.id));
      if (ruleTests.length === 0) reason = 'no test in the sources carries its tag';
      if (missingEnforcement.length > 0) reason = `the code it names is missing: ${missingEnforcement.join(', ')}`;
      status = reason === null ? 'enforced' : 'not-verified';
    }
    return {
      rule: definition.id,
      title: definition.title,
      article: setting.article,
      quote: setting.quote ?? null,
      basis: setting.basis ?? null,
      value: setting.value,
      status,
      reason,
      enforcedBy,
      missingEnforcement,
      pending: 'pending' in definition ? (definition.pending ?? null) : null,
      tests: ruleTests,
      verifiedBy,
    };
  });
}

const STATUS_LABEL: Record<ConformanceStatus, string> = {
  enforced: 'ENFORCED',
  'not-verified': 'NOT VERIFIED',
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
    out.push(`  status   ${STATUS_LABEL[row.status]}${row.pending ? ` (to come: ${row.pending})` : ''}${row.reason ? ` (${row.reason})` : ''}`);
    for (const ref of row.enforcedBy) out.push(`  enforced ${ref}${row.missingEnforcement.includes(ref) ? '  ← MISSING' : ''}`);
    for (const test of row.verifiedBy) out.push(`  passed   ${test}`);
    for (const test of row.tests) out.push(`  test     ${test.file}:${test.line}  ${test.title}`);
    out.push('');
  }
  const counts = rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row.status]: (acc[row.status] ?? 0) + 1 }), {});
  out.push(
    `${counts.enforced ?? 0} enforced (a tagged test passed under ${profile.id}), ${counts['not-verified'] ?? 0} not verified under ${profile.id}, ${counts['not-enforced'] ?? 0} not yet enforced.`,
  );
  return out.join('\n');
}
