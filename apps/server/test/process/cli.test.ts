import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/processes.ts';

/**
 * The `huitong` command, run as a process against an embedded data directory. The audit chain is
 * tampered with through SQL on a copy of the directory, as someone with file access would.
 */
describe('huitong CLI', () => {
  const seeded = tempDir('cli');
  const env = (dir: string) => ({ HUITONG_DATA_DIR: dir, HUITONG_PASSWORD_SCRYPT_COST: '1024', DATABASE_URL: '' });
  const copies: string[] = [];

  beforeAll(async () => {
    const result = await runCli(['seed', '--demo'], env(seeded));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/demo seeded: 17 departments, 36 users, 43 catalog entries, 6 applications/);
  });
  afterAll(() => {
    for (const dir of [seeded, ...copies]) fs.rmSync(dir, { recursive: true, force: true });
  });

  function copy(): string {
    const dir = tempDir('cli-copy');
    fs.cpSync(seeded, dir, { recursive: true });
    copies.push(dir);
    return dir;
  }

  async function tamper(dir: string, statements: string): Promise<void> {
    const db = new PGlite(path.join(dir, 'pglite'));
    await db.exec(
      `alter table audit_log disable trigger audit_log_append_only; alter table audit_checkpoint disable trigger audit_checkpoint_append_only; ${statements}; ` +
        'alter table audit_log enable trigger audit_log_append_only; alter table audit_checkpoint enable trigger audit_checkpoint_append_only;',
    );
    await db.close();
  }

  it('prints help', async () => {
    const result = await runCli(['--help'], env(seeded));
    expect(result.code).toBe(0);
    for (const command of ['migrate', 'seed', 'create-admin', 'audit', 'conformance']) expect(result.stdout).toContain(command);
  });

  it('audit verify exits 0 on the intact chain', async () => {
    const result = await runCli(['audit', 'verify'], env(seeded));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/audit chain intact: \d+ records/);
  });

  const cases: Array<[string, string, RegExp]> = [
    ['an edited record', `update audit_log set actor_name = '某某' where seq = 40`, /record 40 .*hash_mismatch/],
    ['a deleted record', 'delete from audit_log where seq = 41', /record 41 .*missing/],
    ['an inserted record', `insert into audit_log (seq, occurred_at, operation, outcome, details, prev_hash, hash) select max(seq) + 1, now(), 'forged', 'success', '{}', max(hash), repeat('a', 64) from audit_log`, /unsigned_tail|hash_mismatch|broken_link/],
    // Before checkpoints were expected, this answered "intact … 0 signed checkpoints".
    ['deleted checkpoints', 'delete from audit_checkpoint', /record 1 .*missing_checkpoint/],
    ['reordered records', 'update audit_log set seq = -1 where seq = 50; update audit_log set seq = 50 where seq = 51; update audit_log set seq = 51 where seq = -1', /record 50 .*broken_link/],
  ];
  for (const [what, sql, expected] of cases) {
    it(`audit verify exits non-zero naming the first bad record after ${what}`, async () => {
      const dir = copy();
      await tamper(dir, sql);
      const result = await runCli(['audit', 'verify'], env(dir));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/AUDIT CHAIN BROKEN at record \d+/);
      expect(result.stderr).toMatch(expected);
    });
  }

  it('create-admin validates the ID number and creates a platform administrator', async () => {
    const dir = tempDir('cli-admin');
    copies.push(dir);
    const bad = await runCli(['create-admin', '--username', 'root', '--name', '管理员', '--id-number', '110105194912310021', '--phone', '13800000000', '--password', 'Strong-Pass-2026'], env(dir));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/校验位/);
    const ok = await runCli(['create-admin', '--username', 'root', '--name', '管理员', '--id-number', '11010519491231002X', '--phone', '13800000000', '--password', 'Strong-Pass-2026'], env(dir));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/created platform administrator root/);
    const weak = await runCli(['create-admin', '--username', 'root2', '--name', '管理员', '--id-number', '11010519491231002X', '--phone', '13800000000', '--password', 'weak'], env(dir));
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password/);
  });

  it('grants and revokes the security-auditor role on the server (the administrator may not)', async () => {
    const dir = copy();
    const granted = await runCli(['user', 'grant-role', 'supervisor', 'security_auditor'], env(dir));
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout).toMatch(/supervisor \(欧阳娜\) now holds: security_auditor, supervisor/);
    const revoked = await runCli(['user', 'revoke-role', 'auditor', 'security_auditor'], env(dir));
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(/no role left/);
    const back = await runCli(['user', 'revoke-role', 'supervisor', 'security_auditor'], env(dir));
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/now holds: supervisor$/m);
    const unknown = await runCli(['user', 'grant-role', 'supervisor', 'root'], env(dir));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown role/);
    // The auditor's password, which no administrator may reset, is reset on the server.
    const weak = await runCli(['user', 'reset-password', 'auditor', '--password', 'weak'], env(dir));
    expect(weak.code).toBe(1);
    const reset = await runCli(['user', 'reset-password', 'auditor', '--password', 'Reset-Pass-2026'], env(dir));
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/password of auditor reset; \d+ session\(s\) and token\(s\) ended/);
  });

  it('calendar: the published example, holidays, and provisional answers that become final once the year is loaded', async () => {
    const due = await runCli(['calendar', 'due', '--from', '2026-09-30', '--workdays', '5'], env(seeded));
    expect(due.code, due.stderr).toBe(0);
    expect(due.stdout.trim()).toBe('2026-10-13');
    expect((await runCli(['calendar', 'is-workday', '2026-10-10'], env(seeded))).stdout.trim()).toBe('workday');
    expect((await runCli(['calendar', 'is-workday', '2026-10-01'], env(seeded))).stdout.trim()).toBe('holiday');
    expect((await runCli(['calendar', 'due', '--from', '2026-12-28', '--workdays', '5'], env(seeded))).stdout.trim()).toBe('2027-01-04 provisional');
    const dir = copy();
    const file = path.join(dir, '2027.json');
    fs.writeFileSync(file, JSON.stringify([{ day: '2027-01-01', kind: 'holiday', name: '元旦' }]));
    const set = await runCli(['calendar', 'set-year', '2027', '--file', file, '--source', '国务院办公厅关于2027年部分节假日安排的通知'], env(dir));
    expect(set.code, set.stderr).toBe(0);
    expect((await runCli(['calendar', 'due', '--from', '2026-12-28', '--workdays', '5'], env(dir))).stdout.trim()).toBe('2027-01-05');
    expect((await runCli(['calendar', 'years'], env(dir))).stdout).toMatch(/2027 {2}1 holidays/);
  });

  it('refuses to open the embedded database while another process holds it', async () => {
    fs.writeFileSync(path.join(seeded, 'huitong.lock'), JSON.stringify({ pid: process.pid, purpose: 'test holder' }));
    try {
      const result = await runCli(['audit', 'verify'], env(seeded));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/in use by process/);
    } finally {
      fs.rmSync(path.join(seeded, 'huitong.lock'));
    }
  });
});
