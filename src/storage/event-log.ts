import { kindOf } from '../columnar/index.js';
import type { SimEvent } from '../events/index.js';
import { canonicalTagged } from '../kernel/hashing/canonical.js';
import { LogHasher, type EventSink } from '../kernel/index.js';
import type { LazySlice } from '../kernel/lazy.js';
import { LogBatch, SymbolTable } from './log-batch.js';
import type { LogCompression } from './log-codecs.js';
import { BatchEncoder, type BatchMeta } from './log-encode.js';
import { DirectSink, type BatchSink } from './log-sink.js';
import type { LogThread } from './log-thread.js';
import { lockLog, type LogLock } from './log-lock.js';
import { openOutput, resolveOutput, type OutputFile, type OutputOptions } from './output.js';
import { knownSymbols, FIELD_COLUMNS, PRICE_FIELDS, TYPE_INDEX, type BarRef, type LogEnd, type LogManifest } from './log-format.js';
import { writeSliceRows, type RowTarget } from './log-rows.js';

export interface LogWriterOptions {
  readonly batchSize?: number;
  /** false: keep no running hash of the events (hash() is null). */
  readonly hash?: boolean;
  /**
   * The sha256 of manifest input `index` (null: no such file), or undefined while it is not known
   * and `final` is false. Asked at each batch for the inputs not pinned yet, so that a log cut
   * short still pins every file it used: the run hashes each day file as it reads it, and a bar
   * by reference is written only in or after the batch that pins its file. `final` (at the close,
   * or for a referenced input) must give an answer.
   */
  readonly inputHash?: (index: number, final: boolean) => string | null | undefined;
  /** For `bars: 'ref'`: where a bar event's prices are; null stores the bar in full. */
  readonly refOf?: (event: SimEvent) => BarRef | null;
  /**
   * For `bars: 'ref'`: the manifest input of the day being run, into which the bars of a
   * columnar slice point (undefined: none; those bars keep their prices).
   */
  readonly dayInput?: () => number | undefined;
  /** Files the run reads (its config, its day files): the log never replaces one. */
  readonly inputs?: readonly string[];
  /** How the batches' buffers are compressed (default none). */
  readonly compression?: LogCompression;
  /**
   * Snapshots of the run's state: `take()` gives the state after the events appended so far (the
   * run folds each event before it is appended). One is written after each SessionActivated (a
   * session's start, when the day's tables are empty) and, when `every` > 0, after the append
   * that brings the events since the last one to `every` or more.
   */
  readonly snapshots?: { readonly take: () => unknown; readonly every: number };
  /**
   * Where the batches become bytes on disk: this thread (null, the default), or a log thread that
   * encodes, compresses, seals and writes them beside the run (the same bytes); one another log
   * holds is not waited for.
   */
  readonly thread?: LogThread | null;
}

/** A batch's events at most, per row of its capacity (see ArrowLogWriter.maxEvents). */
const EVENTS_PER_ROW = 8;

/**
 * The on-disk event log: an Arrow IPC stream written in record batches as the run goes, to
 * `<path>.partial`, renamed to `<path>` when the run closes it. A killed run leaves a readable
 * `.partial` that the reader reports as cut short; a failed run (abandon) leaves its complete
 * stream of what it handled there, which the reader reports as incomplete. `<path>.lock` keeps
 * a second live run off the path. Rows are buffered as columns. Each batch is sealed
 * (log-seal); the first has no rows and seals the manifest, the last has no rows and records the
 * event count and the log hash (see log-format).
 */
export class ArrowLogWriter implements EventSink<SimEvent>, RowTarget {
  readonly path: string;
  readonly full: boolean;
  private readonly out: OutputFile;
  private readonly lock: LogLock;
  private readonly sink: BatchSink;
  private readonly refOf: ((event: SimEvent) => BarRef | null) | null;
  private readonly dayInput: () => number | undefined;
  /** Null when the run keeps no log hash (config log.hash false). */
  private readonly hasher: LogHasher | null;
  private closed = false;
  private count = 0;
  /** The batch being filled (a new one after each flush when the log thread writes them). */
  batch: LogBatch;
  private readonly inputHash: LogWriterOptions['inputHash'] | null;
  /** Per manifest input, whether a batch has pinned its hash. */
  private readonly pinned: Uint8Array;
  /** Symbol ids for `batch.symbol`. */
  readonly symbols: SymbolTable;
  private readonly snapshots: LogWriterOptions['snapshots'] | null;
  private sinceSnapshot = 0;
  /**
   * Events a batch holds at most: run rows (RUN_COLUMN) make a batch of a log by reference hold
   * many more events than rows, and a reader expands a batch's runs into its events at once.
   */
  private readonly maxEvents: number;

  constructor(path: string, manifest: LogManifest, options: LogWriterOptions = {}) {
    this.path = path;
    this.full = manifest.bars === 'full';
    this.inputHash = options.inputHash ?? null;
    this.pinned = new Uint8Array(manifest.inputs.length);
    this.refOf = this.full ? null : (options.refOf ?? null);
    this.dayInput = options.dayInput ?? (() => undefined);
    this.hasher = options.hash === false ? null : new LogHasher();
    this.symbols = new SymbolTable(knownSymbols(manifest));
    this.snapshots = options.snapshots ?? null;
    this.batch = new LogBatch(options.batchSize ?? 8192);
    this.maxEvents = this.batch.capacity * EVENTS_PER_ROW;
    const output: OutputOptions & { temp: string } = { what: 'the event log', log: true, inputs: options.inputs ?? [], temp: `${path}.partial` };
    // Refused before anything is made; the lock comes before the `.partial` it guards.
    resolveOutput(path, output);
    this.lock = lockLog(path);
    const compression = options.compression ?? 'none';
    try {
      this.out = openOutput(path, output);
    } catch (e) {
      this.lock.release();
      throw e;
    }
    try {
      this.sink = options.thread?.open(this.out, manifest, compression, this.symbols) ?? new DirectSink(new BatchEncoder(manifest, compression, this.symbols, (bytes) => this.out.write(bytes, null)));
    } catch (e) {
      this.out.discard();
      this.lock.release();
      throw e;
    }
    // The first batch, without rows, seals the manifest at once: a log cut short has a checked one.
    this.flush(true);
  }

  /** The inputs' hashes known now and not pinned yet (all of them when `final`), and those the batch's references need. */
  private newPins(final: boolean): Record<string, string | null> | null {
    const hashOf = this.inputHash;
    if (hashOf === null || hashOf === undefined) return null;
    let pins: Record<string, string | null> | null = null;
    const pin = (i: number, sha: string | null | undefined) => {
      if (sha === undefined || this.pinned[i] === 1) return;
      this.pinned[i] = 1;
      (pins ??= {})[String(i)] = sha;
    };
    const b = this.batch, ref = b.refInput;
    for (let k = 0; k < b.n; k++) {
      const i = ref.values[k]!;
      if (ref.valid[k] === 1 && this.pinned[i] === 0) pin(i, hashOf(i, true));
    }
    for (let i = 0; i < this.pinned.length; i++) if (this.pinned[i] === 0) pin(i, hashOf(i, final));
    return pins;
  }

  get length(): number {
    return this.count;
  }

  hash(): string | null {
    return this.hasher === null ? null : this.hasher.digest();
  }

  append(event: SimEvent): void {
    this.hasher?.update(event);
    const ref = this.refOf === null ? null : this.refOf(event);
    const k = this.row(event.seq, event.time, TYPE_INDEX.get(event.type)!);
    const b = this.batch;
    const columns = FIELD_COLUMNS[event.type];
    // By reference, prices are left out where they can be had back: a referenced bar's from its
    // input row, a derived bar's from its bars. Anything else keeps them (in `data`).
    const dropPrices = !this.full && (ref !== null || kindOf(event.type)?.prices === 'aggregate');
    const rest: Record<string, unknown> = {};
    let restEmpty = true;
    for (const [field, value] of Object.entries(event)) {
      if (field === 'type' || field === 'time' || field === 'seq' || value === undefined) continue;
      if (field === 'symbol' && typeof value === 'string') { b.symbol[k] = this.symbols.id(value); continue; }
      const price = PRICE_FIELDS.has(field);
      if (price && dropPrices) continue;
      const c = columns?.[field];
      if (c !== undefined) {
        // Integer columns cannot hold -0 (it goes to `data`, whose JSON keeps it).
        if (c === 'start' || c === 'end') { if (Number.isSafeInteger(value) && !Object.is(value, -0)) { b[c].set(k, value as number); continue; } }
        else if (c === 'minutes' || c === 'count') { if (Number.isInteger(value) && !Object.is(value, -0) && (value as number) >= -0x80000000 && (value as number) <= 0x7fffffff) { b[c].set(k, value as number); continue; } }
        else if (c === 'late' || c === 'history') { if (typeof value === 'boolean') { b[c].set(k, value); continue; } }
        else if (this.full && typeof value === 'number') { b[c].set(k, value); continue; }
      }
      rest[field] = value;
      restEmpty = false;
    }
    if (ref !== null) b.setRef(k, ref.input, ref.row);
    if (!restEmpty) b.data[k] = canonicalTagged(rest);
    this.afterAppend(1, event.type === 'SessionActivated');
  }

  /** Writes a snapshot when one is due: at a session's start, or `every` events after the last. */
  private afterAppend(n: number, sessionStart: boolean): void {
    const snaps = this.snapshots;
    if (snaps === null || snaps === undefined) return;
    this.sinceSnapshot += n;
    if (!sessionStart && !(snaps.every > 0 && this.sinceSnapshot >= snaps.every)) return;
    this.sinceSnapshot = 0;
    this.flush(true, null, canonicalTagged(snaps.take()));
  }

  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    // Columnar kinds go to rows straight from their columns, without building their objects.
    if (from < to && writeSliceRows(slice, from, to, base, this, this.dayInput)) {
      this.hasher?.updateLazy(slice, from, to, base);
      this.afterAppend(to - from, false);
      return;
    }
    for (let i = from; i < to; i++) this.append(slice.materialize(i, base + i));
  }

  /** Starts a row: returns its index in `batch`, whose nullable columns are null until set. */
  private row(seq: number, time: number, typeIndex: number): number {
    this.rows(1);
    const b = this.batch, k = b.n - 1;
    b.seq[k] = seq; b.time[k] = time; b.type[k] = typeIndex;
    return k;
  }

  rows(n: number): number {
    const b = this.room();
    const m = Math.min(n, b.capacity - b.n, this.maxEvents - b.events);
    b.n += m;
    b.events += m;
    this.count += m;
    return m;
  }

  runRow(n: number): number {
    const b = this.room();
    const m = Math.min(n, this.maxEvents - b.events);
    b.n++;
    b.events += m;
    this.count += m;
    return m;
  }

  /** The batch to add rows to: this one while it has room for a row and an event, else the next (this one flushed). */
  private room(): LogBatch {
    if (this.batch.n >= this.batch.capacity || this.batch.events >= this.maxEvents) this.flush();
    // The batch after the flush: a sink may hand back another object (the log thread's does, the
    // full one's buffer having gone to the thread). Read before the flush, rows went to the old
    // one and were lost (an object event after a full batch, once per batch).
    return this.batch;
  }

  /**
   * Writes the buffered rows as one record batch (with no rows only when `always`); `end` makes
   * it the log's last; `snapshot` is the state after its last row.
   */
  flush(always = false, end: LogEnd | null = null, snapshot: string | null = null): void {
    const b = this.batch;
    if (b.n === 0 && !always) return;
    const meta: BatchMeta = { pins: this.newPins(end !== null), end, snapshot };
    try {
      this.batch = this.sink.put(b, meta);
    } catch (e) {
      this.failed();
      throw e;
    }
  }

  /** A batch could not be written: nothing more is, the file is removed (a failed write already did), and the path is free. */
  private failed(): void {
    this.closed = true;
    this.out.discard();
    this.sink.release();
    this.lock.release();
  }

  /** Everything handled so far, then the end batch (the inputs' last hashes, the count, the log hash) and the end-of-stream marker, written. */
  private finishStream(): void {
    this.flush();
    this.flush(true, { events: this.count, hash: this.hash() });
    this.sink.drain();
  }

  /** Flushes, writes the end batch and the end-of-stream marker, and renames the file to its real name. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.finishStream();
      this.out.commit();
    } catch (e) {
      // Writes and the rename already say OUTPUT_IO naming the log; anything else is what it is.
      this.out.discard();
      throw e;
    } finally {
      this.sink.release();
      this.lock.release();
    }
  }

  /**
   * The run failed: keeps every event it handled, but at `<path>.partial`, never under the
   * log's own name, so it cannot pass for a complete log. Returns where it is (null: nothing
   * could be kept, or the log was already closed). Never throws: the run's own error is the one to report.
   */
  abandon(): string | null {
    if (this.closed) return null;
    this.closed = true;
    try {
      this.finishStream();
      this.out.keep();
      return this.out.temp;
    } catch {
      this.out.discard();
      return null;
    } finally {
      this.sink.release();
      this.lock.release();
    }
  }
}
