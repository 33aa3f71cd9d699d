import { link, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { LockedError } from '@argon/core';
import { fsStorageError } from '../errors.js';

/** Name of the writer lock file in the data directory. */
export const LOCK_FILE = 'LOCK';
const TAKEOVER_FILE = 'LOCK.takeover';

/** What a lock file says about its holder. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Kernel boot id, to tell a lock from before a reboot. */
  readonly bootId?: string;
  /** Process start time (clock ticks since boot), to tell a reused pid. */
  readonly startTicks?: number;
  readonly startedAt: string;
}

// Locks held by this process, so that a second FileStore on the same directory in-process is refused too.
const heldHere = new Set<string>();

/** What /proc says about a process: its state letter and start time (clock ticks after boot). */
function readProcStat(pid: number): { state: string; startTicks: number | undefined } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields 3 (state) and 22 (starttime) follow the parenthesised command name, which may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return { state: fields[0] ?? '', startTicks: Number.isFinite(ticks) ? ticks : undefined };
  } catch {
    return undefined;
  }
}

function readProcStart(pid: number): number | undefined {
  return readProcStat(pid)?.startTicks;
}

/**
 * Whether a process is still running. A zombie (exited, not yet reaped: what
 * a SIGKILLed server leaves in a container whose init does not reap) answers
 * kill(pid, 0) like a live process but holds no files, so it counts as gone.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as { code?: string }).code === 'ESRCH') return false;
  }
  const state = readProcStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The lock record of this process. */
export function currentOwner(): LockOwner {
  const startTicks = readProcStart(process.pid);
  const bootId = readBootId();
  return {
    pid: process.pid,
    host: hostname(),
    ...(bootId === undefined ? {} : { bootId }),
    ...(startTicks === undefined ? {} : { startTicks }),
    startedAt: new Date().toISOString(),
  };
}

/**
 * True when the process named by a lock record is gone: a dead (or zombie)
 * pid, a lock from before a reboot, or a pid since reused by a process that
 * started later.
 * A lock from another host is never considered stale (its pid cannot be checked).
 * Pass the lock's path so that a lock held by this very process is recognised.
 */
export function isStale(owner: LockOwner, lockPath?: string): boolean {
  if (owner.host !== hostname()) return false;
  const bootId = readBootId();
  if (owner.bootId && bootId && owner.bootId !== bootId) return true;
  // Our own pid: either this process holds it, or a previous incarnation had the same pid (common in containers).
  if (owner.pid === process.pid) return !(lockPath !== undefined && heldHere.has(lockPath));
  if (!isRunning(owner.pid)) return true;
  if (owner.startTicks !== undefined) {
    const now = readProcStart(owner.pid);
    if (now !== undefined && now !== owner.startTicks) return true;
  }
  return false;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string') return o as LockOwner;
  } catch {
    // fall through
  }
  return undefined;
}

async function readOwner(path: string): Promise<{ owner: LockOwner | undefined; ino: number; ageMs: number } | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { owner: parseOwner(text), ino: st.ino, ageMs: Date.now() - st.mtimeMs };
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
}

// Creates `path` holding `owner`, failing if it exists. The record is written to a temp file
// and hard-linked into place, so the lock never exists without its content.
async function createExclusive(path: string, owner: LockOwner): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx');
  try {
    try {
      await fh.writeFile(`${JSON.stringify(owner)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, path);
    } catch (err) {
      const code = (err as { code?: string }).code;
      // File systems without hard links: a plain O_EXCL create (briefly empty; readers retry).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      const direct = await open(path, 'wx');
      try {
        await direct.writeFile(`${JSON.stringify(owner)}\n`);
        await direct.sync();
      } finally {
        await direct.close();
      }
    }
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

// Unlinks `path` only if it is still the inode that was read, so a fresh lock created meanwhile survives.
async function unlinkIfSame(path: string, ino: number): Promise<void> {
  try {
    if ((await stat(path)).ino === ino) await unlink(path);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
}

function lockedError(dir: string, owner: LockOwner | undefined, self: boolean): LockedError {
  const who = owner ? `process ${owner.pid}${owner.host !== hostname() ? ` on host ${owner.host}` : ''}${self ? ' (this process)' : ''}` : 'another process';
  return new LockedError(
    `data directory ${dir} is in use by ${who}; stop that process or use another --data-dir` +
      (self ? '' : ` (if no Argon process ${owner?.pid ?? ''} is running, delete ${join(dir, LOCK_FILE)})`),
    { dir, pid: owner?.pid, host: owner?.host },
  );
}

/**
 * The single-writer lock of a data directory: a `LOCK` file holding the
 * owner's pid, created atomically (O_EXCL temp file hard-linked into place). A lock whose owner is gone is taken over;
 * takeovers are serialized by a second O_EXCL file so that two starting
 * processes cannot both remove a stale lock and each believe they hold it.
 */
export class DirLock {
  private released = false;

  private constructor(
    private readonly dir: string,
    private readonly path: string,
    private readonly owner: LockOwner,
  ) {}

  /** Takes the lock of `dir` (an absolute path) or throws LockedError naming the holder. */
  static async acquire(dir: string): Promise<DirLock> {
    const path = join(dir, LOCK_FILE);
    if (heldHere.has(path)) throw lockedError(dir, currentOwner(), true);
    const owner = currentOwner();
    try {
      for (let attempt = 0; attempt < 60; attempt++) {
        if (await createExclusive(path, owner)) {
          heldHere.add(path);
          return new DirLock(dir, path, owner);
        }
        const held = await readOwner(path);
        if (!held) continue; // released meanwhile: try again
        if (!held.owner && held.ageMs < 2000) {
          // Being written right now (file systems without hard links): give the owner a moment.
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        if (held.owner && !isStale(held.owner)) throw lockedError(dir, held.owner, false);
        await DirLock.takeOver(dir, path, held.ino);
      }
    } catch (err) {
      if (err instanceof LockedError) throw err;
      throw fsStorageError(err, 'locking', path);
    }
    throw lockedError(dir, (await readOwner(path).catch(() => undefined))?.owner, false);
  }

  // Removes a stale lock while holding the takeover mutex; the caller then retries the O_EXCL create.
  private static async takeOver(dir: string, path: string, staleIno: number): Promise<void> {
    const mutex = join(dir, TAKEOVER_FILE);
    if (!(await createExclusive(mutex, currentOwner()))) {
      const m = await readOwner(mutex);
      if (m && (!m.owner || isStale(m.owner))) await unlinkIfSame(mutex, m.ino);
      // Another process is taking over right now: let it finish, then meet its lock.
      else if (m) await new Promise((r) => setTimeout(r, 20));
      return;
    }
    try {
      const again = await readOwner(path);
      if (again && again.ino === staleIno && (!again.owner || isStale(again.owner))) await unlinkIfSame(path, staleIno);
    } finally {
      await unlink(mutex).catch(() => {});
    }
  }

  /** Removes lock temp files left by processes that died while taking a lock. */
  async removeLeftovers(): Promise<void> {
    const re = /^LOCK(?:\.takeover)?\.(\d+)\.[0-9a-f]+\.tmp$/;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const m = re.exec(name);
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid !== process.pid && !isRunning(pid)) await unlink(join(this.dir, name)).catch(() => {});
    }
  }

  /** The pid written in the lock. */
  get pid(): number {
    return this.owner.pid;
  }

  /** Releases the lock (idempotent); removes the file only if it is still ours. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.path);
    try {
      const held = await readOwner(this.path);
      if (held?.owner?.pid === this.owner.pid && held.owner.startedAt === this.owner.startedAt) await unlink(this.path);
    } catch {
      // Best effort: a leftover lock of a dead process is taken over on the next start.
    }
  }
}
