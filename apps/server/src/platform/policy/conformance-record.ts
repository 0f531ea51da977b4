import fs from 'node:fs';
import path from 'node:path';

/**
 * The record the test run leaves behind: every test whose title carries `[rule:<id>]`, the policy
 * profiles it ran under and whether it passed. `huitong conformance` counts a rule as enforced under a
 * profile only when this record shows a tagged test that passed under that profile (ADR 0005).
 *
 * Written by the vitest reporter `test/helpers/conformance-reporter.ts` at the end of each run; the
 * profiles come from the test helpers (`createTestApp({ policy })`, `testPolicy(id)`).
 */
export interface RecordedTest {
  /** Repository-relative test file. */
  file: string;
  /** Full test name, suites included. */
  title: string;
  project: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  rules: string[];
  /** Profiles the test loaded; empty when it loaded none (it then proves no profile's value). */
  policies: string[];
}

export interface ConformanceRecord {
  version: 1;
  writtenAt: string;
  /** Database the db tier ran on (pglite or postgres). */
  database: string;
  tests: RecordedTest[];
}

export const RECORD_ENV = 'HUITONG_CONFORMANCE_RECORD';

/** `HUITONG_CONFORMANCE_RECORD`, else node_modules/.cache/huitong/conformance-record.json in the repository. */
export function conformanceRecordPath(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[RECORD_ENV] ? path.resolve(env[RECORD_ENV]) : path.join(repoRoot, 'node_modules/.cache/huitong/conformance-record.json');
}

export const RULE_TAG = /\[rule:([a-z0-9_.]+)\]/g;

export function rulesInTitle(title: string): string[] {
  return [...new Set([...title.matchAll(RULE_TAG)].map((m) => m[1]!))];
}

export type RecordResult = { ok: true; record: ConformanceRecord; path: string } | { ok: false; path: string; reason: string };

export function readConformanceRecord(file: string): RecordResult {
  if (!fs.existsSync(file)) return { ok: false, path: file, reason: `no test record at ${file}: run the tests (npm test) first` };
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as ConformanceRecord;
    if (record.version !== 1 || !Array.isArray(record.tests)) return { ok: false, path: file, reason: `test record ${file} has an unknown format` };
    return { ok: true, record, path: file };
  } catch (error) {
    return { ok: false, path: file, reason: `test record ${file} cannot be read: ${(error as Error).message}` };
  }
}

/** Writes the record atomically, so a report never reads half a file. */
export function writeConformanceRecord(file: string, record: ConformanceRecord): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 1)}\n`);
  fs.renameSync(tmp, file);
}
