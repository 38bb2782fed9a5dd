/**
 * The one exclusive lock file of the product (a log path's `<log>.lock`, a day file's
 * `bars.arrow.lock`): created with O_EXCL, it holds the owner's host, pid and a token of its own.
 * A lock whose pid is dead on this host (a killed process) is taken over, so a kill never blocks
 * a path for good; a live owner's lock is waited for as long as the caller allows. A lock goes
 * when its owner releases it or its process exits.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import { showValue, type SimError } from '../errors.js';

/** Who holds a lock, as its file says. */
export interface LockHolder {
  readonly raw: string;
  readonly host: string;
  /** NaN when the file does not name one (empty: an owner between creating and writing it). */
  readonly pid: number;
}

export interface LockOptions {
  /** How long a live owner's lock is waited for (default 0: not at all). */
  readonly waitMs?: number;
  /** The error when a live owner holds the lock past the wait (holder null: owners kept taking it). */
  readonly busy: (holder: LockHolder | null) => SimError;
  /** The error when the lock file cannot be created for another reason (errno). */
  readonly ioError: (e: unknown) => SimError;
  /** Called before each try (e.g. to create the folder); with it, a folder removed meanwhile is a retry, not an error. */
  readonly prepare?: () => void;
}

const held = new Set<FileLock>();
let exitHook = false;

export class FileLock {
  private released = false;

  constructor(readonly file: string, private readonly content: string) {
    held.add(this);
    if (!exitHook) {
      exitHook = true;
      // An owner that fails without releasing (an uncaught error) must not hold the path.
      process.on('exit', () => { for (const lock of held) lock.release(); });
    }
  }

  /** Removes the lock file if it is still this owner's (never throws). */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    try {
      if (readFileSync(this.file, 'utf8') === this.content) unlinkSync(this.file);
    } catch {
      // Already gone.
    }
  }
}

/**
 * The holder a lock file names: `host\npid\ntoken\n`, or `pid host` as day locks were written
 * before (a dataset may still have one from a killed import).
 */
export function readHolder(file: string): LockHolder | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const legacy = /^(\d+) (\S+)\n?$/.exec(raw);
  if (legacy !== null) return { raw, host: legacy[2]!, pid: Number(legacy[1]) };
  const [host = '', pid = ''] = raw.split('\n');
  return { raw, host, pid: /^\d+$/.test(pid) ? Number(pid) : NaN };
}

/** The holder in words for messages: `pid N`, `pid N on "host"`, or `a process starting now`. */
export function describeHolder(h: LockHolder): string {
  if (h.raw === '') return 'a process starting now';
  return `pid ${h.pid}${h.host !== os.hostname() ? ` on ${showValue(h.host)}` : ''}`;
}

/** True unless the holder is surely gone: a dead pid of this host, or an empty lock left long ago. */
export function holderAlive(h: LockHolder, file: string): boolean {
  // Written right after the exclusive create: an empty lock is an owner between the two, unless old.
  if (h.raw === '') {
    try { return Date.now() - statSync(file).mtimeMs < 10_000; } catch { return false; }
  }
  if (h.host !== os.hostname() || !Number.isSafeInteger(h.pid)) return true;
  return pidAlive(h.pid);
}

/** True when a process of this host with this pid exists (one of another user's counts). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a dead holder's lock away. Renaming is atomic, so of two takers that both found it stale
 * only one moves it; if what was moved is not the stale lock read (a live owner took the lock in
 * between), it is put back.
 */
function steal(file: string, holder: LockHolder): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  if (readHolder(aside)?.raw !== holder.raw) {
    try { linkSync(aside, file); } catch { /* another lock is there now: its owner keeps it */ }
  }
  try { unlinkSync(aside); } catch { /* gone */ }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** Takes the lock file `file`, or the caller's `busy` error once a live owner has held it past the wait. */
export function takeLock(file: string, options: LockOptions): FileLock {
  const content = `${os.hostname()}\n${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (let attempt = 0, quick = 0; ; attempt++) {
    options.prepare?.();
    let fd: number;
    try {
      fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && options.prepare !== undefined) continue; // its folder was removed just now
      if (code !== 'EEXIST') throw options.ioError(e);
      const holder = readHolder(file);
      // Gone or stale: try again at once, a few times; owners that keep taking it are waited for.
      if (holder === null || !holderAlive(holder, file)) {
        if (holder !== null) steal(file, holder);
        if (++quick <= 8) continue;
        if (Date.now() >= deadline) throw options.busy(null);
      } else if (Date.now() >= deadline) {
        throw options.busy(holder);
      }
      sleep(Math.min(25 + attempt * 5, 200));
      continue;
    }
    try {
      writeSync(fd, content);
    } catch (e) {
      closeSync(fd);
      try { unlinkSync(file); } catch { /* gone */ }
      throw options.ioError(e);
    }
    closeSync(fd);
    return new FileLock(file, content);
  }
}
