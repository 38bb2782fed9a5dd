import { mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { SimError, showValue } from '../errors.js';
import { describeHolder, takeLock, type FileLock } from './file-lock.js';
import { rootOfDayFile } from './layout.js';

/** The lock file of a day file: `bars.arrow.lock` beside it (see file-lock.ts). */
export function lockFile(dayFile: string): string {
  return `${dayFile}.lock`;
}

export interface DayLocks {
  /** Removes the lock files, then the folders that taking them created and that stayed empty. */
  release(): void;
}

/**
 * Locks day files for one import, in sorted order (two imports never wait on each other in a
 * cycle). A day another live import holds is waited for up to `waitMs`, then IMPORT_LOCKED names
 * it; a lock whose process is gone is taken over. Folders created for the locks are recorded so a
 * failed import leaves no empty folders behind.
 */
export function lockDays(dayFiles: readonly string[], waitMs: number): DayLocks {
  const held: FileLock[] = [];
  const created: string[] = [];
  const release = () => {
    for (const lock of held.splice(0).reverse()) lock.release();
    for (const dir of created.splice(0).reverse()) {
      try { rmdirSync(dir); } catch { /* not empty: in use */ }
    }
  };
  try {
    const deadline = Date.now() + waitMs;
    for (const file of [...dayFiles].sort()) {
      const lock = lockFile(file);
      const dir = path.dirname(file);
      held.push(takeLock(lock, {
        waitMs: Math.max(0, deadline - Date.now()),
        prepare: () => recordCreated(mkdirSync(dir, { recursive: true }), dir, created),
        ioError: (e) => lockIoError(dayFiles, e),
        busy: (holder) => new SimError('IMPORT_LOCKED', `${showValue(path.basename(dir))} is being written by another import (${holder === null ? 'imports keep taking it' : describeHolder(holder)}, lock ${showValue(lock, 160)}); waited ${+(waitMs / 1000).toFixed(1)} s, nothing was written`, { file, lock, holder: holder?.raw ?? null }),
      }));
    }
  } catch (e) {
    release();
    throw e instanceof SimError ? e : lockIoError(dayFiles, e);
  }
  return { release };
}

function lockIoError(dayFiles: readonly string[], e: unknown): SimError {
  return new SimError('OUTPUT_IO', `cannot lock the day files under ${showValue(rootOfDayFile(dayFiles[0] ?? ''), 160)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: dayFiles[0] });
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
