import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/processes.ts';
import { writeConformanceRecord, type ConformanceRecord, type RecordedTest } from '../../src/platform/policy/conformance-record.ts';

const serverDir = path.resolve(import.meta.dirname, '../..');
const repoDir = path.resolve(serverDir, '../..');

/** Runs vitest on one spec of a project, as `npm test` does, with the record written to `record`. */
function runVitest(spec: string, record: string, project = 'db'): Promise<{ code: number | null; output: string }> {
  // The outer run's worker variables would make the inner vitest think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoDir, 'node_modules/vitest/vitest.mjs'), 'run', '--project', project, spec], {
      cwd: serverDir,
      env: { ...env, HUITONG_CONFORMANCE_RECORD: record, HUITONG_TEST_DB: 'pglite' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const block = (stdout: string, rule: string) => stdout.split('\n\n').find((b) => b.includes(`rule     ${rule} `)) ?? '';

describe('huitong conformance reads the test record', () => {
  const dir = tempDir('conformance');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const recorded = (rule: string, policies: string[], state: RecordedTest['state'] = 'passed'): RecordedTest => ({
    file: 'apps/server/test/http/x.test.ts',
    title: `suite > [rule:${rule}] proves it`,
    project: 'db',
    state,
    rules: [rule],
    policies,
  });

  it('under weifang lists as enforced only the rules whose tests passed under weifang', async () => {
    const record = path.join(dir, 'synthetic.json');
    const content: ConformanceRecord = {
      version: 1,
      writtenAt: new Date().toISOString(),
      database: 'pglite',
      tests: [
        recorded('audit.log_retention', ['weifang']),
        recorded('catalog.open_requires_unconditional_share', ['longnan', 'weifang']),
        recorded('sharing.provider_review_workdays', ['longnan']),
        recorded('sharing.delegated_review', ['weifang'], 'failed'),
      ],
    };
    writeConformanceRecord(record, content);
    const result = await runCli(['conformance', '--policy', 'weifang', '--json', '--record', record], {});
    expect(result.code, result.stderr).toBe(0);
    const [report] = JSON.parse(result.stdout) as Array<{ profile: string; rows: Array<{ rule: string; status: string; reason: string | null }> }>;
    expect(report!.profile).toBe('weifang');
    expect(report!.rows.filter((r) => r.status === 'enforced').map((r) => r.rule)).toEqual(['catalog.open_requires_unconditional_share', 'audit.log_retention']);
    const row = (rule: string) => report!.rows.find((r) => r.rule === rule)!;
    expect(row('sharing.provider_review_workdays')).toMatchObject({ status: 'not-verified', reason: 'its tests ran only under longnan' });
    expect(row('sharing.delegated_review')).toMatchObject({ status: 'not-verified', reason: expect.stringMatching(/did not pass/) });

    // The text report (the record also comes from HUITONG_CONFORMANCE_RECORD).
    const text = await runCli(['conformance', '--policy', 'longnan'], { HUITONG_CONFORMANCE_RECORD: record });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/第二十三条\(第三款\)\n\s+“日志记录保留时间不少于6个月”\n\s+rule\s+audit\.log_retention/);
    expect(block(text.stdout, 'audit.log_retention')).toMatch(/status {3}NOT VERIFIED \(its tests ran only under weifang\)/);
    expect(block(text.stdout, 'audit.log_retention')).toMatch(/enforced apps\/server\/src\/modules\/audit\/audit\.service\.ts#purge/);
    expect(block(text.stdout, 'audit.log_retention')).toMatch(/test\s+apps\/server\/test\/db\/audit-retention\.test\.ts:\d+/);
    expect(block(text.stdout, 'sharing.provider_review_workdays')).toMatch(/status {3}ENFORCED\n {2}enforced[\s\S]* {2}passed {3}apps\/server\/test\/http\/x\.test\.ts › suite > \[rule:sharing\.provider_review_workdays\]/);
    expect(block(text.stdout, 'sharing.provider_review_workdays')).toMatch(/test {5}apps\/server\/test\/http\/sharing-flow\.test\.ts/);
    expect(block(text.stdout, 'open.reply_workdays')).toMatch(/第二十条[\s\S]*NOT YET ENFORCED \(to come: open-data portal\)/);
    const all = JSON.parse((await runCli(['conformance', '--all', '--json', '--record', record], {})).stdout);
    expect(all.map((r: { profile: string }) => r.profile)).toEqual(['chongzhou', 'jinzhong', 'longnan', 'weifang', 'yunnan']);
  });

  it('the db test run writes the record: the retention specs, each under its own profile', async () => {
    const record = path.join(dir, 'real.json');
    const run = await runVitest('test/db/audit-retention.test.ts', record);
    expect(run.code, run.output).toBe(0);
    const written = JSON.parse(fs.readFileSync(record, 'utf8')) as ConformanceRecord;
    const retention = written.tests.filter((t) => t.rules.includes('audit.log_retention'));
    expect(retention.every((t) => t.state === 'passed' && t.file === 'apps/server/test/db/audit-retention.test.ts' && t.project === 'db')).toBe(true);
    expect(new Set(retention.flatMap((t) => t.policies))).toEqual(new Set(['longnan', 'chongzhou', 'yunnan', 'jinzhong', 'weifang']));
    // A test that does not carry a tag is not in the record.
    expect(written.tests.some((t) => t.title.includes('forged anchor'))).toBe(false);
    const result = await runCli(['conformance', '--policy', 'chongzhou', '--json', '--record', record], {});
    const rows = JSON.parse(result.stdout)[0].rows as Array<{ rule: string; status: string }>;
    expect(rows.filter((r) => r.status === 'enforced').map((r) => r.rule)).toEqual(['audit.log_retention']);

    // A later run of another project adds its tests and keeps the db entries.
    const unit = await runVitest('src/modules/catalog/catalog.policy.test.ts', record, 'unit');
    expect(unit.code, unit.output).toBe(0);
    const merged = JSON.parse(fs.readFileSync(record, 'utf8')) as ConformanceRecord;
    expect(merged.tests.filter((t) => t.project === 'db')).toEqual(written.tests);
    expect(merged.tests.find((t) => t.project === 'unit' && t.rules.includes('catalog.replacement_transition_days'))).toMatchObject({ state: 'passed', policies: ['jinzhong'] });
  });
});
