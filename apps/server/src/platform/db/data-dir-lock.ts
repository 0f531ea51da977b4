import fs from 'node:fs';
import path from 'node:path';

/**
 * Embedded PGlite is a single-process database: two processes opening the same data directory
 * would corrupt it. A lock file names its owner so that a second server or a writing CLI command
 * is kept out with a message that says what to do. A lock whose owner is gone is taken over.
 *
 * "Gone" is more than "no process has that pid": after a crash and a reboot (or simply enough time)
 * the pid is often reused by an unrelated process. So the lock also records the boot id and the
 * owner's start time (Linux /proc); a live process with the same pid but another start time, or a
 * lock from an earlier boot, is stale. Older lock files carry only the pid and the time the lock
 * was taken: a process that started after that time cannot be the owner either.
 */
export class DataDirLockedError extends Error {}

export interface LockOwner {
  pid?: number;
  purpose?: string;
  since?: string;
  /** /proc/sys/kernel/random/boot_id when the lock was taken. */
  bootId?: string;
  /** Field 22 of /proc/<pid>/stat: start time in clock ticks after boot. */
  startTicks?: number;
}

export function lockDataDir(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'huitong.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const owner: LockOwner = { pid: process.pid, purpose, since: new Date().toISOString(), ...identity(process.pid) };
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx' });
      return () => {
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: LockOwner = {};
      try {
        owner = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        // unreadable lock: treat as stale
      }
      if (owner.pid && owner.pid !== process.pid && ownerIsRunning(owner)) {
        throw new DataDirLockedError(
          `the embedded database in ${dataDir} is in use by process ${owner.pid} (${owner.purpose ?? 'unknown'}); ` +
            'stop it first, or run against PostgreSQL with DATABASE_URL',
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

/** What identifies a running process beyond its pid; empty where /proc is not available. */
export function identity(pid: number): Pick<LockOwner, 'bootId' | 'startTicks'> {
  const bootId = readBootId();
  const startTicks = readStartTicks(pid);
  return { ...(bootId && { bootId }), ...(startTicks !== null && { startTicks }) };
}

function ownerIsRunning(owner: LockOwner): boolean {
  const pid = owner.pid!;
  if (!isAlive(pid)) return false;
  const bootId = readBootId();
  if (owner.bootId && bootId && owner.bootId !== bootId) return false;
  const startTicks = readStartTicks(pid);
  if (startTicks === null) return true; // no /proc: the pid is all there is to go on
  if (typeof owner.startTicks === 'number') return owner.startTicks === startTicks;
  // An older lock without a start time: the owner must have started before it took the lock.
  const started = processStartedAt(startTicks);
  const since = owner.since ? Date.parse(owner.since) : Number.NaN;
  if (started === null || Number.isNaN(since)) return true;
  return started <= since + 1_000;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readBootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function readStartTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[22 - 3]);
    return Number.isSafeInteger(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** Wall-clock start of a process: boot time (/proc/stat btime) + start ticks at USER_HZ (100). */
function processStartedAt(startTicks: number): number | null {
  try {
    const btime = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1];
    return btime ? Number(btime) * 1000 + (startTicks * 1000) / 100 : null;
  } catch {
    return null;
  }
}
