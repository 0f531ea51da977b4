import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, identity, lockDataDir, type LockOwner } from '../../src/platform/db/data-dir-lock.ts';

/**
 * The lock of the embedded data directory, against a real other process: a lock it really holds
 * keeps us out; a lock that only shares its pid (the pid was reused) is taken over.
 */
describe('data directory lock', () => {
  let other: ChildProcess;
  let otherPid: number;
  beforeAll(async () => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    otherPid = other.pid!;
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => {
    other.kill('SIGKILL');
  });

  function dirWithLock(owner: LockOwner): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-lock-'));
    fs.writeFileSync(path.join(dir, 'huitong.lock'), JSON.stringify(owner));
    return dir;
  }
  const lockOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'huitong.lock'), 'utf8')) as LockOwner;

  it('records pid, boot id and start time, and removes its lock on release', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-lock-'));
    const unlock = lockDataDir(dir, 'test');
    const owner = lockOf(dir);
    expect(owner.pid).toBe(process.pid);
    expect(owner.startTicks).toBe(identity(process.pid).startTicks);
    expect(owner.bootId).toMatch(/^[0-9a-f-]{36}$/);
    unlock();
    expect(fs.existsSync(path.join(dir, 'huitong.lock'))).toBe(false);
  });

  it('refuses a directory that a running process really holds', () => {
    const dir = dirWithLock({ pid: otherPid, purpose: 'server', since: new Date().toISOString(), ...identity(otherPid) });
    expect(() => lockDataDir(dir, 'test')).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir, 'test')).toThrow(new RegExp(`in use by process ${otherPid} \\(server\\)`));
    expect(lockOf(dir).pid).toBe(otherPid);
  });

  it('takes over a lock whose pid now belongs to another process (different start time)', () => {
    const real = identity(otherPid);
    const dir = dirWithLock({ pid: otherPid, purpose: 'server', since: '2026-01-01T00:00:00Z', bootId: real.bootId, startTicks: real.startTicks! - 1 });
    const unlock = lockDataDir(dir, 'test');
    expect(lockOf(dir).pid).toBe(process.pid);
    unlock();
  });

  it('takes over a lock written before the last boot', () => {
    const real = identity(otherPid);
    const dir = dirWithLock({ pid: otherPid, purpose: 'server', since: '2026-01-01T00:00:00Z', bootId: '00000000-0000-0000-0000-000000000000', startTicks: real.startTicks });
    const unlock = lockDataDir(dir, 'test');
    expect(lockOf(dir).pid).toBe(process.pid);
    unlock();
  });

  it('takes over an older pid-only lock taken before that process started, and keeps out of one taken after', () => {
    const stale = dirWithLock({ pid: otherPid, purpose: 'server', since: new Date(Date.now() - 3_600_000).toISOString() });
    const unlock = lockDataDir(stale, 'test');
    expect(lockOf(stale).pid).toBe(process.pid);
    unlock();

    const held = dirWithLock({ pid: otherPid, purpose: 'server', since: new Date().toISOString() });
    expect(() => lockDataDir(held, 'test')).toThrow(DataDirLockedError);
  });

  it('takes over the lock of a process that has exited', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => gone.on('exit', r));
    const dir = dirWithLock({ pid: gone.pid!, purpose: 'server', since: new Date().toISOString() });
    const unlock = lockDataDir(dir, 'test');
    expect(lockOf(dir).pid).toBe(process.pid);
    unlock();
  });
});
