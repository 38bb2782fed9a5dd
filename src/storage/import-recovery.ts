/**
 * What a killed import leaves, and how the next one (or a reader) finishes it without losing a
 * row. An import commits in this order: its new day files are written beside the old ones
 * (`bars.arrow.tmp-<pid>-<hex>`, flushed); a journal naming them is written in the data root
 * (`.import-<pid>.journal`: from here on the import is committed); each existing day file is kept
 * as `bars.arrow.bak-<pid>` and the new one renamed over it; the backups are removed; then the
 * journal. So a leftover says how far the import got:
 *
 * - a journal: committed. Each of its new files still there is renamed into place (they hold the
 *   old day's rows and the import's), then the backups go.
 * - no journal: not committed (killed while staging), or rolling back after a failure. New files
 *   are removed; a backup is put back as the day file (it is the day as it was before the import).
 *
 * A day's leftovers are only touched with the day locked: whoever left them has lost the lock,
 * so they are a dead import's (on any host), however its pid looks now.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSimError } from '../errors.js';
import { lockDays } from './day-lock.js';
import { pidAlive } from './file-lock.js';
import { rootOfDayFile } from './layout.js';
import { writeOutput } from './output.js';

interface Journal {
  readonly host: string;
  readonly pid: number;
  /** Day files (relative to the root, '/'-separated) and the temporary names of their new content. */
  readonly days: readonly { readonly file: string; readonly temp: string }[];
}

const JOURNAL = /^\.import-(\d+)\.journal$/;

export function backupName(dayFile: string, pid = process.pid): string {
  return `${dayFile}.bak-${pid}`;
}

/** Writes the journal that commits an import: from now on its new day files are the dataset's. */
export function writeJournal(root: string, days: readonly { readonly file: string; readonly temp: string }[]): string {
  const file = path.join(path.resolve(root), `.import-${process.pid}.journal`);
  const journal: Journal = {
    host: os.hostname(),
    pid: process.pid,
    days: days.map((d) => ({ file: path.relative(path.resolve(root), d.file).split(path.sep).join('/'), temp: path.basename(d.temp) })),
  };
  writeOutput(file, JSON.stringify(journal) + '\n', { what: 'the import journal' });
  return file;
}

export function removeJournal(file: string): void {
  rmSync(file, { force: true });
}

function readJournal(file: string): Journal | null {
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as Journal;
    return typeof j.host === 'string' && Number.isSafeInteger(j.pid) && Array.isArray(j.days) ? j : null;
  } catch {
    // Unreadable: written through a temporary name, so only a damaged disk gives one; left alone.
    return null;
  }
}

function journals(root: string): { file: string; journal: Journal }[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const out: { file: string; journal: Journal }[] = [];
  for (const name of names) {
    if (!JOURNAL.test(name)) continue;
    const journal = readJournal(path.join(root, name));
    if (journal !== null) out.push({ file: path.join(root, name), journal });
  }
  return out;
}

function siblings(dayFile: string): string[] {
  try {
    return readdirSync(path.dirname(dayFile));
  } catch {
    return [];
  }
}

/**
 * True when the dataset holds this day: its file is there, or a killed import's backup of it
 * (which the reader puts back), so a day listing does not skip a day only a backup holds.
 */
export function dayHeld(dayFile: string): boolean {
  if (existsSync(dayFile)) return true;
  const base = path.basename(dayFile);
  return siblings(dayFile).some((n) => n.startsWith(`${base}.bak-`) && leftoverPid(base, n) !== null);
}

/** True when a killed import left a file beside this day file (not this process's own). */
export function hasLeftovers(dayFile: string): boolean {
  const base = path.basename(dayFile);
  return siblings(dayFile).some((n) => leftoverPid(base, n) !== null);
}

/** The pid in a leftover's name (`<base>.bak-<pid>`, `<base>.tmp-<pid>-<hex>`), null for anything else or ours. */
function leftoverPid(base: string, name: string): number | null {
  if (!name.startsWith(`${base}.`)) return null;
  const m = /^\.(?:bak-(\d+)|tmp-(\d+)-[0-9a-f]+)$/.exec(name.slice(base.length));
  if (m === null) return null;
  const pid = Number(m[1] ?? m[2]);
  return pid === process.pid ? null : pid;
}

function tryRename(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finishes what dead imports left beside one day file. Call it with the day locked. Returns what
 * it did, in words (empty when there was nothing).
 */
export function recoverDay(dayFile: string): string[] {
  const dir = path.dirname(dayFile), base = path.basename(dayFile);
  const names = siblings(dayFile).filter((n) => leftoverPid(base, n) !== null);
  if (names.length === 0) return [];
  const root = rootOfDayFile(dayFile);
  const rel = path.relative(root, dayFile).split(path.sep).join('/');
  const committed = new Map<number, string>();
  for (const { journal } of journals(root)) {
    const entry = journal.days.find((d) => d.file === rel);
    if (entry !== undefined) committed.set(journal.pid, entry.temp);
  }
  const done: string[] = [];
  // A committed import's new file goes in first; then its backup is only a stale copy.
  for (const [pid, temp] of committed) {
    if (names.includes(temp) && tryRename(path.join(dir, temp), dayFile)) done.push(`put ${temp} in place (import pid ${pid} had committed)`);
  }
  for (const name of names) {
    const full = path.join(dir, name);
    const pid = leftoverPid(base, name)!;
    if (name.startsWith(`${base}.bak-`)) {
      if (committed.has(pid) && siblings(dayFile).includes(base)) {
        unlinkQuiet(full);
        done.push(`removed ${name} (import pid ${pid} had committed)`);
      } else if (tryRename(full, dayFile)) {
        // Never deleted: without a committed journal the backup is the day as it was.
        done.push(`restored ${name} as the day file (import pid ${pid} had not committed)`);
      }
    } else if (!committed.has(pid) || committed.get(pid) !== name) {
      unlinkQuiet(full);
      done.push(`removed ${name} (import pid ${pid} had not committed)`);
    }
  }
  return done;
}

function unlinkQuiet(file: string): void {
  try { unlinkSync(file); } catch { /* gone */ }
}

/**
 * Finishes the imports whose owner died mid-commit anywhere in the root: their journals' days are
 * locked (a dead owner's locks are taken over), recovered, and the journal removed. A journal of
 * another host, or of a live process, is left to its owner (its days are recovered when locked).
 */
export function recoverRoot(root: string): void {
  for (const { file, journal } of journals(path.resolve(root))) {
    if (journal.host !== os.hostname() || journal.pid === process.pid || pidAlive(journal.pid)) continue;
    const files = journal.days.map((d) => path.join(path.resolve(root), ...d.file.split('/')));
    let locks;
    try {
      locks = lockDays(files, 0);
    } catch (e) {
      // Another import is finishing it (it holds those days): this import's own days are still
      // finished when it locks them.
      if (isSimError(e) && e.code === 'IMPORT_LOCKED') continue;
      throw e;
    }
    try {
      for (const f of files) recoverDay(f);
      removeJournal(file);
    } finally {
      locks.release();
    }
  }
}

/**
 * A reader's part: a killed import's leftovers beside a day file are finished (the day locked, as
 * an import would), so the reader sees the day as the dataset holds it, and a day only a backup
 * holds is put back rather than reported missing. Returns false when that could not be done (a
 * live import holds the day, a read-only root): the day is then read as it is.
 */
export function finishLeftovers(dayFile: string): boolean {
  try {
    const locks = lockDays([dayFile], 0);
    try {
      recoverDay(dayFile);
    } finally {
      locks.release();
    }
    return true;
  } catch {
    return false;
  }
}
