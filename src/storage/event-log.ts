import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import * as A from 'apache-arrow';
import { SimError } from '../errors.js';
import { EVENT_TYPES, isEventType, rankOf, type SimEvent } from '../events/index.js';
import { canonical } from '../kernel/canonical.js';
import { LogHasher, type EventSink } from '../kernel/log.js';
import type { LazySlice } from '../kernel/lazy.js';

export const LOG_FORMAT_VERSION = '2';

/** An input's sha256 not known yet (written at the close; a log cut short keeps it). */
export const PENDING_SHA256 = 'x'.repeat(64);

export interface InputFile {
  /** Exchange-local date of the day file. */
  readonly date: string;
  /** Path relative to the dataset root. */
  readonly path: string;
  /** sha256 of the file's bytes; null when the file did not exist at the start of the run. */
  readonly sha256: string | null;
}

/** What a log needs to be replayed and checked: written ahead of the events. */
export interface LogManifest {
  readonly format: string;
  readonly packageVersion: string;
  readonly calendarVersion: string;
  readonly config: unknown;
  readonly dataRoot: string;
  readonly inputs: readonly InputFile[];
  readonly bars: 'full' | 'ref';
  /** The log hash's algorithm over the events' canonical records (absent: none was kept). */
  readonly logHash?: string;
}

/** Where a bar event's prices live in an input file (log by reference). */
export interface BarRef {
  readonly input: number;
  readonly row: number;
}

const TYPE_DICT = A.vectorFromArray([...EVENT_TYPES], new A.Utf8());
const TYPE_INDEX = new Map(EVENT_TYPES.map((t, i) => [t, i]));
const TS = new A.TimestampMillisecond('UTC');
const TYPE = new A.Dictionary(new A.Utf8(), new A.Int8(), 0);

/** Index of an event type in the log's `type` dictionary. */
export function logTypeIndex(type: SimEvent['type']): number {
  return TYPE_INDEX.get(type)!;
}

type TsColumn = 'start' | 'end';
type F64Column = 'open' | 'high' | 'low' | 'close' | 'volume';
type I32Column = 'ref_input' | 'ref_row' | 'minutes' | 'count';
type BoolColumn = 'late' | 'history';
type FieldColumn = TsColumn | F64Column | 'minutes' | 'count' | BoolColumn;
const TS_COLUMNS: readonly TsColumn[] = ['start', 'end'];
const F64_COLUMNS: readonly F64Column[] = ['open', 'high', 'low', 'close', 'volume'];
const I32_COLUMNS: readonly I32Column[] = ['ref_input', 'ref_row', 'minutes', 'count'];
const BOOL_COLUMNS: readonly BoolColumn[] = ['late', 'history'];

/**
 * The fields of the bulky event types that have typed columns (field -> column); every other
 * field goes to `data` as canonical JSON. A gap's first and last missing starts are its `start`
 * and `end`, its number of missing bars its `count`.
 */
const FIELD_COLUMNS: Partial<Record<SimEvent['type'], Readonly<Record<string, FieldColumn>>>> = {
  BarArrived: { start: 'start', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', late: 'late', history: 'history' },
  DerivedBarCompleted: { start: 'start', end: 'end', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', minutes: 'minutes', count: 'count' },
  GapDetected: { from: 'start', to: 'end', missing: 'count' },
};
const PRICE_FIELDS = new Set<string>(F64_COLUMNS);

function logSchema(manifest: LogManifest): A.Schema {
  return new A.Schema(
    [
      new A.Field('seq', new A.Int64(), false),
      new A.Field('time', TS, false),
      new A.Field('type', TYPE, false),
      new A.Field('symbol', new A.Utf8(), true),
      ...TS_COLUMNS.map((c) => new A.Field(c, TS, true)),
      // Logged by reference: no price columns. A bar has (ref_input, ref_row) instead, and a
      // derived bar's prices are recomputed from its bars on replay.
      ...(manifest.bars === 'full' ? F64_COLUMNS.map((c) => new A.Field(c, new A.Float64(), true)) : []),
      ...I32_COLUMNS.map((c) => new A.Field(c, new A.Int32(), true)),
      ...BOOL_COLUMNS.map((c) => new A.Field(c, new A.Bool(), true)),
      new A.Field('data', new A.Utf8(), true),
    ],
    new Map([['sessionsim.log_format', LOG_FORMAT_VERSION], ['sessionsim.manifest', JSON.stringify(manifest)]]),
  );
}

/** Writes batches straight to a file descriptor (the writer's own sink is an async queue). */
class FdStreamWriter extends A.RecordBatchStreamWriter {
  constructor(private readonly fd: number) {
    super();
  }

  protected override _write(chunk: unknown): this {
    if (this._started) {
      const view = chunk as ArrayBufferView;
      const buf = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      if (buf.byteLength > 0) {
        writeSync(this.fd, buf);
        this._position += buf.byteLength;
      }
    }
    return this;
  }
}

/** A nullable column of the batch being filled: values, and a validity byte per row. */
class F64Col {
  readonly values: Float64Array;
  readonly valid: Uint8Array;
  nonNull = 0;
  constructor(capacity: number) { this.values = new Float64Array(capacity); this.valid = new Uint8Array(capacity); }
  set(k: number, x: number): void { this.values[k] = x; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.nonNull = 0; }
}

class I32Col {
  readonly values: Int32Array;
  readonly valid: Uint8Array;
  nonNull = 0;
  constructor(capacity: number) { this.values = new Int32Array(capacity); this.valid = new Uint8Array(capacity); }
  set(k: number, x: number): void { this.values[k] = x; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.nonNull = 0; }
}

class BoolCol {
  readonly values: Uint8Array;
  readonly valid: Uint8Array;
  nonNull = 0;
  constructor(capacity: number) { this.values = new Uint8Array(capacity); this.valid = new Uint8Array(capacity); }
  set(k: number, b: boolean): void { this.values[k] = b ? 1 : 0; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.values.fill(0, 0, n); this.nonNull = 0; }
}

/**
 * The batch being filled, as columns; a row's nullable columns are null until set. Writers of
 * many rows (the `lazyRows` hook) fill rows through these columns without building events.
 */
export class LogBatch {
  n = 0;
  readonly seq: Float64Array;
  readonly time: Float64Array;
  readonly type: Int8Array;
  /** The symbol's id in the writer's symbol table (`symbolIds`), -1 for none. */
  readonly symbol: Int32Array;
  readonly data: (string | null)[];
  readonly start: F64Col; readonly end: F64Col;
  readonly open: F64Col; readonly high: F64Col; readonly low: F64Col; readonly close: F64Col; readonly volume: F64Col;
  readonly refInput: I32Col; readonly refRow: I32Col; readonly minutes: I32Col; readonly count: I32Col;
  readonly late: BoolCol; readonly history: BoolCol;
  /** Scratch for the int64 form of seq, time, start and end when a batch is written. */
  readonly int64: readonly [BigInt64Array, BigInt64Array, BigInt64Array, BigInt64Array];

  constructor(readonly capacity: number) {
    this.int64 = [new BigInt64Array(capacity), new BigInt64Array(capacity), new BigInt64Array(capacity), new BigInt64Array(capacity)];
    const f = () => new F64Col(capacity), i = () => new I32Col(capacity), b = () => new BoolCol(capacity);
    this.seq = new Float64Array(capacity); this.time = new Float64Array(capacity); this.type = new Int8Array(capacity);
    this.symbol = new Int32Array(capacity).fill(-1);
    this.data = new Array<string | null>(capacity).fill(null);
    this.start = f(); this.end = f();
    this.open = f(); this.high = f(); this.low = f(); this.close = f(); this.volume = f();
    this.refInput = i(); this.refRow = i(); this.minutes = i(); this.count = i();
    this.late = b(); this.history = b();
  }

  setPrices(k: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.open.set(k, open); this.high.set(k, high); this.low.set(k, low); this.close.set(k, close); this.volume.set(k, volume);
  }

  setRef(k: number, input: number, row: number): void {
    this.refInput.set(k, input); this.refRow.set(k, row);
  }

  /** Empties the batch (every nullable column back to null). */
  clear(): void {
    const n = this.n;
    this.n = 0;
    this.symbol.fill(-1, 0, n);
    this.data.fill(null, 0, n);
    for (const c of [this.start, this.end, this.open, this.high, this.low, this.close, this.volume]) c.clear(n);
    for (const c of [this.refInput, this.refRow, this.minutes, this.count]) c.clear(n);
    this.late.clear(n); this.history.clear(n);
  }
}

export interface LogWriterOptions {
  readonly batchSize?: number;
  /** false: keep no running hash of the events (hash() is null). */
  readonly hash?: boolean;
  /**
   * The inputs' sha256, asked for when the log is closed: each input listed in the manifest with
   * the PENDING_SHA256 placeholder gets its hash written over it. The run hashes each day file
   * as it reads it, instead of reading every file once more up front.
   */
  readonly finishInputs?: () => readonly (string | null)[];
  /** For `bars: 'ref'`: where a bar event's prices are; null stores the bar in full. */
  readonly refOf?: (event: SimEvent) => BarRef | null;
  /**
   * Writes elements [from, to) of a lazy slice as rows (`writer.row` then the batch's setters)
   * without building their objects, and returns true; false leaves them to the generic path.
   */
  readonly lazyRows?: (slice: LazySlice<SimEvent>, from: number, to: number, base: number, writer: ArrowLogWriter) => boolean;
}

/** Symbols as ids into a table of their UTF-8 bytes: a row stores an int, and a batch copies bytes. */
class SymbolTable {
  readonly bytes: Uint8Array[] = [];
  private readonly ids = new Map<string, number>();
  private readonly lists = new WeakMap<readonly string[], Int32Array>();

  id(symbol: string): number {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.bytes.length;
      this.bytes.push(Buffer.from(symbol));
      this.ids.set(symbol, id);
    }
    return id;
  }

  /** The ids of a list of symbols, found once per list. */
  idsOf(symbols: readonly string[]): Int32Array {
    let out = this.lists.get(symbols);
    if (out === undefined) { out = Int32Array.from(symbols, (s) => this.id(s)); this.lists.set(symbols, out); }
    return out;
  }
}

/** The symbol column of a batch from symbol ids (-1: null). */
function symbolData(ids: Int32Array, table: readonly Uint8Array[], n: number): A.Data<A.Utf8> {
  const offsets = new Int32Array(n + 1);
  let size = 0, nonNull = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id >= 0) { size += table[id]!.length; nonNull++; }
    offsets[i + 1] = size;
  }
  const data = new Uint8Array(size);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id < 0) continue;
    const b = table[id]!, at = offsets[i]!;
    // Symbols are a few bytes: a loop beats a set() call for them.
    if (b.length <= 16) for (let j = 0; j < b.length; j++) data[at + j] = b[j]!;
    else data.set(b, at);
  }
  const nullCount = n - nonNull;
  let nullBitmap: Uint8Array = new Uint8Array(0);
  if (nullCount > 0) {
    const valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = ids[i]! >= 0 ? 1 : 0;
    nullBitmap = packBits(valid, n);
  }
  return A.makeData({ type: new A.Utf8(), length: n, valueOffsets: offsets, data, nullCount, nullBitmap });
}

/** A UTF-8 column from strings kept as they came, encoded once per batch. */
function utf8Data(values: readonly (string | null)[], n: number): A.Data<A.Utf8> {
  const offsets = new Int32Array(n + 1);
  const valid = new Uint8Array(n);
  const bytes: (Uint8Array | null)[] = new Array(n);
  let size = 0, nonNull = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) { const b = Buffer.from(v); bytes[i] = b; valid[i] = 1; nonNull++; size += b.length; }
    else bytes[i] = null;
    offsets[i + 1] = size;
  }
  const data = new Uint8Array(size);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === null || b === undefined) continue;
    // Symbols are a few bytes: a loop beats a set() call for them.
    const at = offsets[i]!;
    if (b.length <= 16) for (let j = 0; j < b.length; j++) data[at + j] = b[j]!;
    else data.set(b, at);
  }
  const nullCount = n - nonNull;
  return A.makeData({ type: new A.Utf8(), length: n, valueOffsets: offsets, data, nullCount, nullBitmap: nullCount === 0 ? new Uint8Array(0) : packBits(valid, n) });
}

/** Whole-number float64 values as int64 into `out`, by 32-bit halves (no BigInt per value). */
function int64Of(values: Float64Array, n: number, out: BigInt64Array): BigInt64Array {
  const words = new Int32Array(out.buffer, out.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    words[2 * i] = v >>> 0;
    words[2 * i + 1] = Math.floor(v / 4294967296);
  }
  return out.subarray(0, n);
}

/**
 * The on-disk event log: an Arrow IPC stream written in record batches as the run goes, to
 * `<path>.partial`, renamed to `<path>` when the run closes it. A killed run leaves a readable
 * `.partial` that the reader reports as cut short. Rows are buffered as columns.
 */
export class ArrowLogWriter implements EventSink<SimEvent> {
  readonly path: string;
  readonly full: boolean;
  private readonly partial: string;
  private readonly fd: number;
  private readonly writer: FdStreamWriter;
  private readonly schema: A.Schema;
  private readonly refOf: ((event: SimEvent) => BarRef | null) | null;
  private readonly lazyRows: LogWriterOptions['lazyRows'] | null;
  /** Null when the run keeps no log hash (config log.hash false). */
  private readonly hasher: LogHasher | null;
  private closed = false;
  private count = 0;
  /** The batch being filled. */
  readonly batch: LogBatch;
  private readonly manifestInputs: readonly InputFile[];
  /** Symbol ids for `batch.symbol`. */
  readonly symbols = new SymbolTable();

  constructor(path: string, manifest: LogManifest, options: LogWriterOptions = {}) {
    this.path = path;
    this.partial = `${path}.partial`;
    this.full = manifest.bars === 'full';
    this.manifestInputs = manifest.inputs;
    this.refOf = this.full ? null : (options.refOf ?? null);
    this.lazyRows = options.lazyRows ?? null;
    this.hasher = options.hash === false ? null : new LogHasher();
    this.schema = logSchema(manifest);
    this.batch = new LogBatch(options.batchSize ?? 8192);
    try {
      this.fd = openSync(this.partial, 'w+');
    } catch (e) {
      throw new SimError('DATA_IO', `cannot write the event log ${path}: ${(e as Error).message}`, { file: path });
    }
    this.writer = new FdStreamWriter(this.fd);
    this.writer.reset(undefined, this.schema);
    this.headerBytes = fstatSync(this.fd).size;
    this.finishInputs = options.finishInputs ?? null;
  }

  /** Size of the schema message (which holds the manifest) at the start of the file. */
  private readonly headerBytes: number;
  private readonly finishInputs: (() => readonly (string | null)[]) | null;

  /**
   * Writes the inputs' hashes over their placeholders in the manifest (same length, so the
   * schema message stays valid): the k-th placeholder is the k-th input that has one.
   */
  private patchInputHashes(): void {
    if (this.finishInputs === null) return;
    const hashes = this.finishInputs();
    const header = Buffer.alloc(this.headerBytes);
    readSync(this.fd, header, 0, this.headerBytes, 0);
    const marker = Buffer.from(`"sha256":"${PENDING_SHA256}"`);
    const pending = this.manifestInputs.flatMap((input, i) => (input.sha256 === PENDING_SHA256 ? [i] : []));
    let from = 0;
    for (const i of pending) {
      const at = header.indexOf(marker, from);
      if (at < 0) break;
      from = at + marker.length;
      const sha = hashes[i];
      if (sha !== null && sha !== undefined && /^[0-9a-f]{64}$/.test(sha)) writeSync(this.fd, Buffer.from(sha), 0, 64, at + marker.length - 65);
    }
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
    const dropPrices = !this.full && (ref !== null || event.type === 'DerivedBarCompleted');
    const rest: Record<string, unknown> = {};
    let restEmpty = true;
    for (const [field, value] of Object.entries(event)) {
      if (field === 'type' || field === 'time' || field === 'seq' || value === undefined) continue;
      if (field === 'symbol' && typeof value === 'string') { b.symbol[k] = this.symbols.id(value); continue; }
      const price = PRICE_FIELDS.has(field);
      if (price && dropPrices) continue;
      const c = columns?.[field];
      if (c !== undefined) {
        if (c === 'start' || c === 'end') { if (Number.isSafeInteger(value)) { b[c].set(k, value as number); continue; } }
        else if (c === 'minutes' || c === 'count') { if (Number.isInteger(value) && (value as number) >= -0x80000000 && (value as number) <= 0x7fffffff) { b[c].set(k, value as number); continue; } }
        else if (c === 'late' || c === 'history') { if (typeof value === 'boolean') { b[c].set(k, value); continue; } }
        else if (this.full && typeof value === 'number') { b[c].set(k, value); continue; }
      }
      rest[field] = value;
      restEmpty = false;
    }
    if (ref !== null) b.setRef(k, ref.input, ref.row);
    if (!restEmpty) b.data[k] = canonical(tagNonFinite(rest));
  }

  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    if (from < to && this.lazyRows?.(slice, from, to, base, this)) {
      this.hasher?.updateLazy(slice, from, to, base);
      return;
    }
    for (let i = from; i < to; i++) this.append(slice.materialize(i, base + i));
  }

  /** Starts a row: returns its index in `batch`, whose nullable columns are null until set. */
  row(seq: number, time: number, typeIndex: number): number {
    const b = this.batch;
    if (b.n >= b.capacity) this.flush();
    const k = b.n++;
    b.seq[k] = seq; b.time[k] = time; b.type[k] = typeIndex;
    this.count++;
    return k;
  }

  /** Writes the buffered rows as one record batch. */
  flush(): void {
    const b = this.batch;
    const n = b.n;
    if (n === 0) return;
    // The batch's own arrays go into the record batch as views: writing is synchronous, and
    // they are reused only after it.
    const bitmap = (c: { valid: Uint8Array; nonNull: number }) => (c.nonNull === n ? new Uint8Array(0) : packBits(c.valid, n));
    const [seq64, time64, start64, end64] = b.int64;
    const ts = (c: F64Col, out: BigInt64Array) => A.makeData({ type: TS, length: n, data: c.nonNull === 0 ? out.fill(0n, 0, n).subarray(0, n) : int64Of(c.values, n, out), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const f64 = (c: F64Col) => A.makeData({ type: new A.Float64(), length: n, data: c.values.subarray(0, n), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const i32 = (c: I32Col) => A.makeData({ type: new A.Int32(), length: n, data: c.values.subarray(0, n), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const bool = (c: BoolCol) => A.makeData({ type: new A.Bool(), length: n, data: packBits(c.values, n), nullBitmap: bitmap(c), nullCount: n - c.nonNull });
    const children = [
      A.makeData({ type: new A.Int64(), length: n, data: int64Of(b.seq, n, seq64) }),
      A.makeData({ type: TS, length: n, data: int64Of(b.time, n, time64) }),
      A.makeData({ type: TYPE, length: n, data: b.type.subarray(0, n), dictionary: TYPE_DICT }),
      symbolData(b.symbol, this.symbols.bytes, n),
      ts(b.start, start64), ts(b.end, end64),
      ...(this.full ? [f64(b.open), f64(b.high), f64(b.low), f64(b.close), f64(b.volume)] : []),
      i32(b.refInput), i32(b.refRow), i32(b.minutes), i32(b.count),
      bool(b.late), bool(b.history),
      utf8Data(b.data, n),
    ];
    const batch = new A.RecordBatch(this.schema, A.makeData({ type: new A.Struct(this.schema.fields), length: n, nullCount: 0, children }));
    this.writer.write(batch);
    b.clear();
  }

  /** Flushes, writes the end-of-stream marker and renames the file to its real name. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.writer.finish();
    this.patchInputHashes();
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.partial, this.path);
  }
}

/**
 * JSON has no NaN or infinities (canonical text spells them as strings, which would read back as
 * strings): in `data` they are written as {"$n": "NaN"} and turned back into numbers on reading.
 */
function tagNonFinite(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $n: String(value) };
  if (Array.isArray(value)) return value.map(tagNonFinite);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = tagNonFinite(v);
    return out;
  }
  return value;
}

function untagNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$n') return Number((value as { $n: string }).$n);
  }
  return value;
}

/** Bytes of 0/1, the first n, as an LSB-first bitmap. */
function packBits(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  const whole = n >> 3;
  for (let j = 0, i = 0; j < whole; j++, i += 8) {
    out[j] = bytes[i]! | (bytes[i + 1]! << 1) | (bytes[i + 2]! << 2) | (bytes[i + 3]! << 3) | (bytes[i + 4]! << 4) | (bytes[i + 5]! << 5) | (bytes[i + 6]! << 6) | (bytes[i + 7]! << 7);
  }
  for (let i = whole << 3; i < n; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}


export interface LogContents {
  readonly manifest: LogManifest;
  /**
   * Events in the order they were handled, which is (time, rank, seq) order: replay folds them
   * in this order. Bars stored by reference come without prices (see `refs`).
   */
  readonly events: SimEvent[];
  /** Reference per event index, for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
  /** True when the log ends without its end-of-stream marker (a killed run). */
  readonly truncated: boolean;
  readonly path: string;
}

/** Reads a log (or its `.partial` when the run never closed it). */
export function readLog(path: string): LogContents {
  const file = existsSync(path) ? path : existsSync(`${path}.partial`) ? `${path}.partial` : path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SimError('DATA_IO', `cannot read the event log ${path}: ${(e as Error).message}`, { file: path });
  }
  if (bytes.length < 8 || !(bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)) {
    throw new SimError('LOG_CORRUPT', `${file} is not a sessionsim event log (no Arrow stream header)`, { file });
  }
  const hasEos = bytes.length >= 8 && bytes.subarray(bytes.length - 8).every((b, i) => (i < 4 ? b === 0xff : b === 0));
  let truncated = !hasEos;
  const events: SimEvent[] = [];
  const refs: (BarRef | null)[] = [];
  let schema: A.Schema | null = null;
  try {
    const reader = A.RecordBatchReader.from(bytes);
    reader.open();
    schema = reader.schema;
    for (const batch of reader) decodeBatch(batch, events, refs);
  } catch {
    truncated = true;
  }
  if (schema === null) throw new SimError('LOG_CORRUPT', `${file}: the log has no readable schema`, { file });
  const raw = schema.metadata.get('sessionsim.manifest');
  if (raw === undefined) throw new SimError('LOG_CORRUPT', `${file}: no sessionsim manifest in the log`, { file });
  const format = schema.metadata.get('sessionsim.log_format');
  if (format !== LOG_FORMAT_VERSION) {
    throw new SimError('LOG_CORRUPT', `${file}: log format ${JSON.stringify(format ?? null)} is not the format this version reads (${LOG_FORMAT_VERSION}); replay it with the sessionsim version that wrote it`, { file, value: format ?? null });
  }
  // The log is in handling order: its (time, rank, seq) keys strictly increase.
  const bad = events.findIndex((e, i) => i > 0 && !(compareKeys(events[i - 1]!, e) < 0));
  if (bad >= 0) throw new SimError('LOG_CORRUPT', `${file}: event ${bad} (seq ${events[bad]!.seq}) is out of (time, rank, seq) order`, { file, row: bad });
  return { manifest: JSON.parse(raw) as LogManifest, events, refs, truncated, path: file };
}

function compareKeys(a: SimEvent, b: SimEvent): number {
  return a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;
}

/** Per type, the columns its typed fields were written to (column -> field). */
const COLUMN_FIELDS = new Map(Object.entries(FIELD_COLUMNS).map(([type, m]) => [type, Object.entries(m!).map(([field, column]) => [column, field] as const)]));

function decodeBatch(batch: A.RecordBatch, events: SimEvent[], refs: (BarRef | null)[]): void {
  const col = (name: string) => batch.getChild(name);
  const seq = col('seq')!, time = col('time')!, type = col('type')!, symbol = col('symbol')!, data = col('data')!;
  const refInput = col('ref_input')!, refRow = col('ref_row')!;
  const typed = new Map<string, A.Vector>();
  for (const c of [...TS_COLUMNS, ...F64_COLUMNS, 'minutes', 'count', ...BOOL_COLUMNS]) { const v = col(c); if (v !== null) typed.set(c, v); }
  for (let i = 0; i < batch.numRows; i++) {
    const t = type.get(i);
    if (!isEventType(t)) throw new Error(`unknown event type ${String(t)}`);
    const e: Record<string, unknown> = { type: t, time: Number(time.get(i)), seq: Number(seq.get(i)) };
    const s = symbol.get(i);
    if (s !== null) e.symbol = s;
    for (const [column, field] of COLUMN_FIELDS.get(t) ?? []) {
      const vec = typed.get(column);
      if (vec === undefined) continue;
      const v = vec.get(i);
      if (v !== null) e[field] = typeof v === 'bigint' ? Number(v) : v;
    }
    const d = data.get(i);
    if (d !== null) Object.assign(e, JSON.parse(d as string, untagNonFinite) as Record<string, unknown>);
    const ri = refInput.get(i);
    refs.push(ri === null ? null : { input: ri as number, row: refRow.get(i) as number });
    events.push(e as unknown as SimEvent);
  }
}
