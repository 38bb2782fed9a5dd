import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimError, showValue } from '../errors.js';

/** The lock file of a day file: `bars.arrow.lock` beside it, holding `<pid> <host>`. */
export function lockFile(dayFile: string): string {
  return `${dayFile}.lock`;
}

export interface DayLocks {
  /** Removes the lock files, then the folders that taking them created and that stayed empty. */
  release(): void;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A lock left by a process of this machine that is gone (killed mid-import). */
function isStale(holder: string): boolean {
  const [pid, host] = holder.trim().split(' ');
  return host === os.hostname() && /^\d+$/.test(pid ?? '') && !alive(Number(pid));
}

/**
 * Takes a dead holder's lock away. Renaming is atomic, so of two processes that both found it
 * stale only one moves it; if what was moved is not the stale lock read (someone took the lock
 * in between), it is put back.
 */
function steal(lock: string, holder: string): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    renameSync(lock, aside);
  } catch {
    return;
  }
  if (readHolder(aside) !== holder) {
    try { linkSync(aside, lock); } catch { /* the lock was taken again meanwhile: that holder keeps it */ }
  }
  try { unlinkSync(aside); } catch { /* gone already */ }
}

/**
 * Locks day files for one import, in sorted order (two imports never wait on each other in a
 * cycle). A day another live import holds is waited for up to `waitMs`, then IMPORT_LOCKED names
 * it; a lock whose process is gone is taken over. Folders created for the locks are recorded so a
 * failed import leaves no empty folders behind.
 */
export function lockDays(dayFiles: readonly string[], waitMs: number): DayLocks {
  const held: string[] = [];
  const created: string[] = [];
  const me = `${process.pid} ${os.hostname()}\n`;
  const release = () => {
    for (const lock of held.splice(0).reverse()) {
      try { unlinkSync(lock); } catch { /* already gone */ }
    }
    for (const dir of created.splice(0).reverse()) {
      try { rmdirSync(dir); } catch { /* not empty: in use */ }
    }
  };
  try {
    const deadline = Date.now() + waitMs;
    for (const file of [...dayFiles].sort()) {
      const lock = lockFile(file);
      for (let attempt = 0; ; attempt++) {
        recordCreated(mkdirSync(path.dirname(file), { recursive: true }), path.dirname(file), created);
        let fd: number;
        try {
          fd = openSync(lock, 'wx');
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') continue; // another import removed the empty folder just now
          if (code !== 'EEXIST') throw e;
          const holder = readHolder(lock);
          if (holder !== null && isStale(holder)) { steal(lock, holder); continue; }
          if (Date.now() >= deadline) {
            throw new SimError('IMPORT_LOCKED', `${showValue(path.basename(path.dirname(file)))} is being written by another import (${showValue((holder ?? '').trim())}, lock ${showValue(lock, 160)}); waited ${+(waitMs / 1000).toFixed(1)} s, nothing was written`, { file, lock, holder });
          }
          sleep(Math.min(25 + attempt * 5, 200));
          continue;
        }
        try { writeSync(fd, me); } finally { closeSync(fd); }
        held.push(lock);
        break;
      }
    }
  } catch (e) {
    release();
    if (e instanceof SimError) throw e;
    throw new SimError('OUTPUT_IO', `cannot lock the day files under ${showValue(path.dirname(path.dirname(path.dirname(dayFiles[0] ?? ''))), 160)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: dayFiles[0] });
  }
  return { release };
}

/** `mkdirSync(recursive)` returns the first folder it created: every folder from there down to `dir` is new. */
function recordCreated(first: string | undefined, dir: string, created: string[]): void {
  if (first === undefined) return;
  const chain: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    chain.unshift(d);
    if (d === first || d === path.dirname(d)) break;
  }
  for (const d of chain) if (!created.includes(d)) created.push(d);
}
