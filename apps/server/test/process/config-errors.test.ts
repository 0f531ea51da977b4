import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, repoDir, runCli, serverDir, tempDir, type RunResult } from '../helpers/processes.ts';

/**
 * A configuration the server is going to refuse stops it before anything is written: one line that
 * names the variable (and what it may be), a non-zero exit code, and no data directory, keys or
 * database left behind.
 */
describe('start-up with a bad configuration', () => {
  const root = tempDir('config-errors');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function startServerExpectingExit(env: Record<string, string>): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the server did not stop on a bad configuration:\n${stdout}\n${stderr}`));
      }, 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** The messages, without the warnings Node itself prints (e.g. about experimental loaders). */
  const messageLines = (stderr: string) => stderr.split('\n').filter((line) => line.trim() && !/ExperimentalWarning|--trace-warnings/.test(line));

  it('names HUITONG_POLICY and the allowed profiles for an unknown policy, and creates nothing', async () => {
    const dataDir = path.join(root, 'nosuch');
    const result = await startServerExpectingExit({ HUITONG_POLICY: 'nosuch', HUITONG_DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(result.code).not.toBe(0);
    const lines = messageLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/HUITONG_POLICY/);
    expect(lines[0]).toMatch(/"nosuch"/);
    for (const profile of fs.readdirSync(path.join(repoDir, 'policies')).map((f) => f.replace(/\.yaml$/, ''))) expect(lines[0]).toContain(profile);
    expect(result.stderr).not.toMatch(/PolicyError|\n\s+at /);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('names PORT for a port out of range, and creates nothing', async () => {
    const dataDir = path.join(root, 'port');
    const result = await startServerExpectingExit({ PORT: '70000', HUITONG_DATA_DIR: dataDir });
    expect(result.code).not.toBe(0);
    const lines = messageLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^huitong: invalid configuration: PORT: .*70000/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('reports a profile that does not parse without a stack trace, before touching the data directory', async () => {
    const policiesDir = path.join(root, 'policies');
    fs.mkdirSync(policiesDir);
    fs.writeFileSync(path.join(policiesDir, 'broken.yaml'), 'id: broken\nrules: [unclosed\n');
    const dataDir = path.join(root, 'broken');
    const result = await startServerExpectingExit({ HUITONG_POLICIES_DIR: policiesDir, HUITONG_POLICY: 'broken', HUITONG_DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^huitong: .*broken/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('gives the CLI the same one-line message', async () => {
    const dataDir = path.join(root, 'cli');
    const result = await runCli(['migrate'], { HUITONG_POLICY: 'nosuch', HUITONG_DATA_DIR: dataDir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error: invalid configuration: HUITONG_POLICY: no policy profile named "nosuch" \(allowed: .*longnan/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
