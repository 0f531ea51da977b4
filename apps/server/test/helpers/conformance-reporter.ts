import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { conformanceRecordPath, readConformanceRecord, rulesInTitle, writeConformanceRecord, type RecordedTest } from '../../src/platform/policy/conformance-record.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

/**
 * Writes the conformance record at the end of a run: each `[rule:…]` test, the profiles it ran under
 * (from test/helpers/conformance-hooks.ts) and its outcome. The reporter runs in vitest's main
 * process, so results from every worker and project land in one file, written once. The tests of
 * the projects this run covered replace their earlier entries; a project not run (`npm run test:pg`
 * runs only db) keeps its entries from its own last run.
 */
export default class ConformanceReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: RecordedTest[] = [];
    const projects = new Set(testModules.map((m) => m.project.name));
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const rules = rulesInTitle(test.fullName);
        if (rules.length === 0) continue;
        tests.push({
          file: path.relative(repoRoot, module.moduleId),
          title: test.fullName,
          project: test.project.name,
          state: test.result().state,
          rules,
          policies: test.meta().huitongPolicies ?? [],
        });
      }
    }
    if (tests.length === 0) return; // a run without tagged tests says nothing about conformance
    const file = conformanceRecordPath(repoRoot);
    const previous = readConformanceRecord(file);
    const kept = previous.ok ? previous.record.tests.filter((t) => !projects.has(t.project)) : [];
    writeConformanceRecord(file, {
      version: 1,
      writtenAt: new Date().toISOString(),
      database: process.env.HUITONG_TEST_DB === 'postgres' ? 'postgres' : 'pglite',
      tests: [...kept, ...tests],
    });
  }
}
