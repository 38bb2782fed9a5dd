import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isSimError, SimError } from '../errors.js';
import { ArrayPool, FRESH, type ArrayAlloc, type DayLease, type DayPlan, type LoadResult } from '../state/index.js';
import { relativeToRoot } from './data-root.js';
import { dayFile, type Interval } from './layout.js';
import { dayHeld } from './import-recovery.js';
import { dayBars, FileScratch, readDay, type DayBars, type ReadDayOptions } from './read-day.js';
import { DAY_COLUMNS, type SentDay, type SlabColumn } from './prefetch-protocol.js';
import { sharedPrefetchThread, type PrefetchThread } from './prefetch-thread.js';

/**
 * Runs shorter than this read their days themselves unless given a thread: starting the process's
 * prefetch thread (a worker loading the reader's modules) costs about what reading a few days of
 * 500 symbols does, and measured at 500 x 5 the thread made the run slower (0.82 M bars/s against
 * 0.95 M), at 500 x 60 faster (2.6-2.9 M against 1.7-1.8 M, the same code without it).
 */
const READ_AHEAD_FROM_SESSIONS = 10;

export interface ReadAheadOptions {
  /** The thread to read on: the process's by default, null for none. */
  readonly thread?: PrefetchThread | null;
  /** Tests only: each read held back this long on the thread. */
  readonly delayMs?: (date: string) => number;
  /** Tests only: the thread exits when asked for this date, as a thread that dies would. */
  readonly exitAt?: string;
}

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

  /** The prefetch thread, and each planned day's successor (what to read ahead once a day is taken). */
  private readAhead: { readonly thread: PrefetchThread; readonly next: ReadonlyMap<string, string>; readonly test: (date: string) => { readonly delayMs?: number; readonly exit?: boolean } } | null = null;
  /** The day being read on the prefetch thread. */
  private ahead: { readonly date: string; readonly id: number } | null = null;

  /**
   * Reads the day after each day the run takes on the prefetch thread, while the run works on the
   * day it took (the planned session dates, in order). Which thread read a day changes nothing
   * but the wall-clock time: the day is the same, and the simulated latency alone decides when the
   * run sees it. Without a thread (none in this process), days are read when asked for.
   */
  readAheadOf(planned: readonly string[], options: ReadAheadOptions = {}): void {
    const thread = options.thread === undefined ? (planned.length >= READ_AHEAD_FROM_SESSIONS ? sharedPrefetchThread() : null) : options.thread;
    if (thread === null) return;
    const next = new Map<string, string>();
    for (let i = 1; i < planned.length; i++) next.set(planned[i - 1]!, planned[i]!);
    this.readAhead = { thread, next, test: (date) => ({ delayMs: options.delayMs?.(date) ?? 0, exit: options.exitAt === date }) };
  }

  /** Drops a read ahead nobody will take (a run stopped before its end). */
  close(): void {
    if (this.ahead !== null) {
      this.readAhead?.thread.forget(this.ahead.id);
      this.freeSlab(this.ahead.date);
    }
    this.ahead = null;
  }

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
      this.requestAfter(date);
      return r;
    }
    const file = dayFile(this.root, this.interval, date);
    r = this.takeAhead(date) ?? this.readHere(date, file);
    if (r.ok) this.taken(date, file, r.day as DayBars);
    this.cache.set(date, r);
    this.evict();
    this.requestAfter(date);
    return r;
  }

  private readOptions(): ReadDayOptions {
    return { interval: this.interval, symbols: this.symbols, hash: this.hashInputs, root: this.root };
  }

  /** Files read on this thread go through one buffer; the columns land in the day's lease. */
  private readonly scratch = new FileScratch();

  private readHere(date: string, file: string): LoadResult {
    try {
      const reuse = this.recycle ? { reuse: { scratch: this.scratch, arrays: this.leaseOf(date) } } : {};
      return { ok: true, day: readDay(file, { ...this.readOptions(), ...reuse }) };
    } catch (e) {
      if (!isSimError(e)) throw e;
      return { ok: false, code: e.code, reason: relativeToRoot(e.message, this.root) };
    }
  }

  private taken(date: string, file: string, day: DayBars): void {
    if (day.sha256 !== null) this.hashes.set(date, day.sha256);
    this.filesRead.push(file);
    this.rowsFlagged += day.flagged.length;
  }

  /** The day from the prefetch thread, if it was read there (null: read it here). */
  private takeAhead(date: string): LoadResult | null {
    const ahead = this.ahead;
    if (ahead === null || ahead.date !== date) return null;
    this.ahead = null;
    const reply = this.readAhead!.thread.take(ahead.id);
    // No reply (the thread is gone) or a failure that is not a SimError: read here, which gives
    // the same day or throws the same error with its own stack.
    if (reply === null || (!reply.ok && 'fatal' in reply)) {
      this.freeSlab(date);
      return null;
    }
    if (reply.ok) {
      // Days come from the thread from now on: the buffer for reading files here is not kept.
      this.scratch.release();
      return { ok: true, day: this.received(date, reply.day) };
    }
    this.freeSlab(date);
    return { ok: false, code: reply.error.code, reason: relativeToRoot(reply.error.message, this.root) };
  }

  /** Starts reading the planned day after `date` on the prefetch thread. */
  private requestAfter(date: string): void {
    const plan = this.readAhead;
    const next = plan?.next.get(date);
    if (plan === null || next === undefined || this.cache.has(next) || this.pinned.has(next) || !plan.thread.ready()) return;
    if (this.ahead !== null) {
      if (this.ahead.date === next) return;
      plan.thread.forget(this.ahead.id);
      this.freeSlab(this.ahead.date);
      this.ahead = null;
    }
    const file = dayFile(this.root, this.interval, next);
    const id = plan.thread.request(file, this.readOptions(), this.slabFor(next, file), plan.test(next));
    if (id !== null) this.ahead = { date: next, id };
    else this.freeSlab(next);
  }

  /**
   * Memory shared with the prefetch thread, each slab holding one day's columns from its read
   * until the day is let go, then reused: the run allocates nothing per day for them.
   */
  private readonly slabs: { sab: SharedArrayBuffer; date: string | null }[] = [];

  /** Slabs made so far (tests, the benchmark: they stop growing after the first days). */
  get slabCount(): number {
    return this.slabs.length;
  }

  /** A free slab big enough for the day's columns (they take less than the file: 56 of its >= 52 bytes a row), or a new one. */
  private slabFor(date: string, file: string): SharedArrayBuffer | null {
    if (!this.recycle) return null;
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return null; // the thread reports the missing file as a read here would
    }
    const need = Math.ceil(size * 1.25) + 65_536;
    let best: { sab: SharedArrayBuffer; date: string | null } | null = null;
    for (const s of this.slabs) if (s.date === null && s.sab.byteLength >= need && (best === null || s.sab.byteLength < best.sab.byteLength)) best = s;
    if (best === null) {
      // A free slab too small for this day is dropped for a bigger one.
      const small = this.slabs.findIndex((s) => s.date === null);
      if (small >= 0) this.slabs.splice(small, 1);
      try {
        // Made with room to spare (sizes in steps of an eighth of a power of two): days differ by a
        // few bytes, and a slab made exactly for each bigger day would be dropped at every one (a
        // dropped slab lives on until the thread's heap is collected, which is seldom: 100 MB more
        // in 40 sessions).
        best = { sab: new SharedArrayBuffer(roomyCapacity(need)), date: null };
      } catch {
        return null; // no shared memory that big: the thread sends the columns in buffers of their own
      }
      this.slabs.push(best);
    }
    best.date = date;
    return best.sab;
  }

  private freeSlab(date: string): void {
    for (const s of this.slabs) if (s.date === date) s.date = null;
  }

  /**
   * The day as the thread sent it, its columns made views of the slab it wrote them into. The slab
   * goes with the day's lease: whoever retains the lease of a slice of these bars keeps it too.
   */
  private received(date: string, sent: SentDay): DayBars {
    const held = this.slabs.find((s) => s.date === date);
    if (held !== undefined) this.leaseOf(date).onRelease(() => { if (held.date === date) held.date = null; });
    const slab = held?.sab;
    const day: Record<string, unknown> = { ...sent };
    for (const name of DAY_COLUMNS) {
      const c = sent[name];
      if (!('slab' in c)) continue;
      if (slab === undefined) throw new Error(`the prefetch thread sent ${date}'s ${name} in a slab the run no longer holds`);
      const place = c as SlabColumn;
      day[name] = place.slab === 'f64' ? new Float64Array(slab, place.offset, place.length) : new Int32Array(slab, place.offset, place.length);
    }
    return dayBars(day as unknown as DayBars);
  }

  /** Drops the oldest days beyond the few kept, with their plans. */
  private evict(): void {
    while (this.cache.size > this.keep) {
      const oldest = this.cache.keys().next().value!;
      this.cache.delete(oldest);
      this.plans.delete(oldest);
      for (const key of [oldest, `${oldest}#derived`]) {
        this.leases.get(key)?.release();
        this.leases.delete(key);
      }
      this.arrays.trim();
    }
  }

  /** Recycled arrays for the kept days' plans, row lists and derived bars (state/day-arena.ts). */
  readonly arrays = new ArrayPool();
  private readonly leases = new Map<string, DayLease>();

  /** A kept day's arrays, given back when the day is let go; a day not kept gets new ones. */
  arraysOf(date: string, part?: 'derived'): ArrayAlloc {
    return this.recycle && this.cache.has(date) ? this.leaseOf(date, part) : FRESH;
  }

  /** False: every array new, nothing recycled (tests compare the two). */
  recycle = true;

  private leaseOf(date: string, part?: 'derived'): DayLease {
    const key = part === undefined ? date : `${date}#${part}`;
    let lease = this.leases.get(key);
    if (lease === undefined) this.leases.set(key, (lease = this.arrays.lease()));
    return lease;
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

/** `bytes` rounded up to the next of 8/8, 9/8 ... 15/8 of a power of two (at most 1/8 more). */
export function roomyCapacity(bytes: number): number {
  if (bytes <= 8) return 8;
  const step = 2 ** (Math.floor(Math.log2(bytes - 1)) - 3);
  return Math.ceil(bytes / step) * step;
}
