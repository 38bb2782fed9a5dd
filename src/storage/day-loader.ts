import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isSimError, SimError } from '../errors.js';
import type { DayPlan, LoadResult } from '../state/index.js';
import { relativeToRoot } from './data-root.js';
import { dayFile, type Interval } from './layout.js';
import { dayHeld } from './import-recovery.js';
import { readDay, type DayBars } from './read-day.js';

/**
 * A run's days from the dataset on disk (the handlers' DayStore): each day file is read once, and
 * its delivery plan is kept beside it once made. The last few days stay (handlers ask for a day
 * several times around its PrefetchComplete), so memory does not grow with the number of sessions.
 */
export class DatasetLoader {
  private readonly cache = new Map<string, LoadResult>();
  /** Plans of the days in the cache, leaving with them. */
  private readonly plans = new Map<string, DayPlan>();
  readonly filesRead: string[] = [];
  rowsFlagged = 0;
  /** When set, each file's sha256 is kept as it is read (for the log manifest), by date. */
  hashInputs = false;
  readonly hashes = new Map<string, string>();

  constructor(readonly root: string, readonly interval: Interval, readonly symbols: readonly string[], private readonly keep = 2) {}

  /** Days read ahead of their turn (the config check), kept until the run asks for them. */
  private readonly pinned = new Map<string, LoadResult>();

  /** Reads a day now and keeps it until the run's own load of it, so no file is read twice. */
  pin(date: string): LoadResult {
    const r = this.load(date);
    // Kept beside the cache: the run's own first load of this day takes it from here.
    this.pinned.set(date, r);
    this.cache.delete(date);
    this.plans.delete(date);
    return r;
  }

  load(date: string): LoadResult {
    let r = this.cache.get(date);
    if (r !== undefined) {
      this.pinned.delete(date);
      return r;
    }
    r = this.pinned.get(date);
    if (r !== undefined) {
      this.pinned.delete(date);
      this.cache.set(date, r);
      this.evict();
      return r;
    }
    const file = dayFile(this.root, this.interval, date);
    try {
      const day: DayBars = readDay(file, { interval: this.interval, symbols: this.symbols, hash: this.hashInputs, root: this.root });
      if (day.sha256 !== null) this.hashes.set(date, day.sha256);
      this.filesRead.push(file);
      this.rowsFlagged += day.flagged.length;
      r = { ok: true, day };
    } catch (e) {
      if (!isSimError(e)) throw e;
      r = { ok: false, code: e.code, reason: relativeToRoot(e.message, this.root) };
    }
    this.cache.set(date, r);
    this.evict();
    return r;
  }

  /** Drops the oldest days beyond the few kept, with their plans. */
  private evict(): void {
    while (this.cache.size > this.keep) {
      const oldest = this.cache.keys().next().value!;
      this.cache.delete(oldest);
      this.plans.delete(oldest);
    }
  }

  planOf(date: string): DayPlan | undefined {
    return this.plans.get(date);
  }

  /** Keeps a kept day's plan (a day no longer kept has none: it would be made again). */
  keepPlan(date: string, plan: DayPlan): void {
    if (this.cache.has(date)) this.plans.set(date, plan);
  }

  /** The cached day, if it was loaded and is still cached (for log references). */
  peek(date: string): LoadResult | undefined {
    return this.cache.get(date);
  }
}

/**
 * Dates that have a day file in the dataset, sorted. A root that does not exist, is not a folder or
 * has no folder for the interval is an error: a run over it could deliver nothing.
 */
export function datasetDates(root: string, interval: Interval): string[] {
  const base = path.resolve(root);
  if (!isDirectory(base)) throw new SimError('DATA_ROOT_MISSING', `the data root ${base} does not exist or is not a folder`, { file: base });
  const dir = path.join(base, `interval=${interval}`);
  if (!isDirectory(dir)) {
    const found = readdirSync(base).filter((d) => d.startsWith('interval=')).sort();
    throw new SimError('DATA_ROOT_MISSING', `the data root ${base} has no interval=${interval} folder${found.length > 0 ? ` (it has ${found.join(', ')})` : ''}`, { file: dir });
  }
  return readdirSync(dir)
    .filter((d) => /^date=\d{4}-\d{2}-\d{2}$/.test(d) && dayHeld(path.join(dir, d, 'bars.arrow')))
    .map((d) => d.slice(5))
    .sort();
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
