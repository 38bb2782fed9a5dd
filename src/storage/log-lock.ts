/**
 * One live run per log path: `<log>.lock`, created with O_EXCL, holds the writer's host, pid and
 * a token of its own. A lock whose pid is dead on this host (a killed run) is taken over, so a
 * kill never blocks the path for good; the lock goes when the run ends, fails, or its process exits.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import { SimError, showValue } from '../errors.js';
import { outputError } from './output.js';

interface Holder {
  readonly raw: string;
  readonly host: string;
  readonly pid: number;
}

const held = new Set<LogLock>();
let exitHook = false;

export class LogLock {
  private released = false;

  constructor(readonly file: string, private readonly content: string) {
    held.add(this);
    if (!exitHook) {
      exitHook = true;
      // A run that fails without closing its writer (an uncaught error) must not hold the path.
      process.on('exit', () => { for (const lock of held) lock.release(); });
    }
  }

  /** Removes the lock file if it is still this run's (never throws). */
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

function readHolder(file: string): Holder | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const [host = '', pid = ''] = raw.split('\n');
  return { raw, host, pid: /^\d+$/.test(pid) ? Number(pid) : NaN };
}

function isAlive(h: Holder, file: string): boolean {
  // Written right after the exclusive create: an empty lock is a writer between the two, unless old.
  if (h.raw === '') {
    try { return Date.now() - statSync(file).mtimeMs < 10_000; } catch { return false; }
  }
  if (h.host !== os.hostname() || !Number.isSafeInteger(h.pid)) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of a log path, or LOG_LOCKED naming the live run that holds it. */
export function lockLog(logPath: string): LogLock {
  const file = `${logPath}.lock`;
  const content = `${os.hostname()}\n${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 8; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(logPath, e, 'the event log');
      const holder = readHolder(file);
      if (holder === null) continue;
      if (isAlive(holder, file)) {
        const who = holder.raw === '' ? 'a run starting now'
          : holder.pid === process.pid && holder.host === os.hostname() ? `another simulation in this process, pid ${holder.pid}: run it to the end or close() it`
          : `pid ${holder.pid}${holder.host !== os.hostname() ? ` on ${showValue(holder.host)}` : ''}`;
        throw new SimError('LOG_LOCKED', `${showValue(logPath, 200)} is being written by another live run (${who}; lock ${showValue(file, 200)})`, { file: logPath, pid: holder.pid });
      }
      // A dead run's lock: move it aside (only one taker can), and check that it was that one.
      const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      const moved = readHolder(aside);
      if (moved !== null && moved.raw !== holder.raw) {
        // A live run locked the path meanwhile: its lock goes back where it was.
        try { linkSync(aside, file); } catch { /* another lock is there now */ }
      }
      try { unlinkSync(aside); } catch { /* gone */ }
      continue;
    }
    try {
      writeSync(fd, content);
    } catch (e) {
      closeSync(fd);
      try { unlinkSync(file); } catch { /* gone */ }
      throw outputError(logPath, e, 'the event log');
    }
    closeSync(fd);
    return new LogLock(file, content);
  }
  throw new SimError('LOG_LOCKED', `${showValue(logPath, 200)}: could not take its lock ${showValue(file, 200)} (other runs keep taking it)`, { file: logPath });
}
