import * as A from 'apache-arrow';
import { SYMBOL } from './log-format.js';

// The event log's batch being filled, as columns, and how its columns become Arrow data.
// The three column classes are separate on purpose: each call site then sees one typed-array kind.

/**
 * A nullable column of the batch being filled: values, and a validity byte per row. A null row's
 * value is 0, so that a compressed log stores a column's null rows (the fields other kinds of
 * event do not have) in next to no bytes.
 */
export class F64Col {
  nonNull = 0;
  constructor(readonly values: Float64Array, readonly valid: Uint8Array) {}
  set(k: number, x: number): void { this.values[k] = x; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.values.fill(0, 0, n); this.nonNull = 0; }
}

export class I32Col {
  nonNull = 0;
  constructor(readonly values: Int32Array, readonly valid: Uint8Array) {}
  set(k: number, x: number): void { this.values[k] = x; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.values.fill(0, 0, n); this.nonNull = 0; }
}

export class BoolCol {
  nonNull = 0;
  constructor(readonly values: Uint8Array, readonly valid: Uint8Array) {}
  set(k: number, b: boolean): void { this.values[k] = b ? 1 : 0; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.values.fill(0, 0, n); this.nonNull = 0; }
}

/** Bytes of a batch's one buffer at `capacity` rows (see LogBatch): 13 words of 8 bytes, 6 of 4 and 17 of 1 per row. */
export function batchBytes(capacity: number): number {
  return capacity * (13 * 8 + 6 * 4 + 17);
}

/**
 * The batch being filled, as columns; a row's nullable columns are null until set. Writers of
 * many rows (log-rows.ts) fill rows through these columns without building events.
 */
export class LogBatch {
  n = 0;
  /** Events in the batch's rows: more than `n` where a row stands for a run (RUN_COLUMN). Kept by the writer. */
  events = 0;
  readonly seq: Float64Array;
  readonly time: Float64Array;
  readonly type: Int8Array;
  /** The symbol's id in the writer's symbol table (`symbolIds`), -1 for none. */
  readonly symbol: Int32Array;
  readonly data: (string | null)[];
  readonly start: F64Col; readonly end: F64Col;
  readonly open: F64Col; readonly high: F64Col; readonly low: F64Col; readonly close: F64Col; readonly volume: F64Col;
  readonly refInput: I32Col; readonly refRow: I32Col; readonly minutes: I32Col; readonly count: I32Col;
  /** A log by reference's run lengths (RUN_COLUMN): null for a row of one event. */
  readonly run: I32Col;
  readonly late: BoolCol; readonly history: BoolCol;
  /** Scratch for the int64 form of seq, time, start and end when a batch is written. */
  readonly int64: readonly [BigInt64Array, BigInt64Array, BigInt64Array, BigInt64Array];

  /**
   * Every column is a view of one buffer (`buffer`), so that a batch can be handed to the log
   * thread and back as a single transferable; `buffer` given: the columns of a batch that came back
   * (cleared), else a new one.
   */
  readonly buffer: ArrayBuffer;

  constructor(readonly capacity: number, buffer?: ArrayBuffer, data?: (string | null)[]) {
    this.buffer = buffer ?? new ArrayBuffer(batchBytes(capacity));
    const fresh = buffer === undefined;
    let at = 0;
    const f64 = () => { const a = new Float64Array(this.buffer, at, capacity); at += 8 * capacity; return a; };
    const i64 = () => { const a = new BigInt64Array(this.buffer, at, capacity); at += 8 * capacity; return a; };
    const i32 = () => { const a = new Int32Array(this.buffer, at, capacity); at += 4 * capacity; return a; };
    const u8 = () => { const a = new Uint8Array(this.buffer, at, capacity); at += capacity; return a; };
    this.seq = f64(); this.time = f64();
    const startV = f64(), endV = f64(), openV = f64(), highV = f64(), lowV = f64(), closeV = f64(), volumeV = f64();
    this.int64 = [i64(), i64(), i64(), i64()];
    this.symbol = i32();
    const refInputV = i32(), refRowV = i32(), minutesV = i32(), countV = i32(), runV = i32();
    this.type = new Int8Array(this.buffer, at, capacity); at += capacity;
    this.start = new F64Col(startV, u8()); this.end = new F64Col(endV, u8());
    this.open = new F64Col(openV, u8()); this.high = new F64Col(highV, u8()); this.low = new F64Col(lowV, u8()); this.close = new F64Col(closeV, u8()); this.volume = new F64Col(volumeV, u8());
    this.refInput = new I32Col(refInputV, u8()); this.refRow = new I32Col(refRowV, u8()); this.minutes = new I32Col(minutesV, u8()); this.count = new I32Col(countV, u8());
    this.run = new I32Col(runV, u8());
    this.late = new BoolCol(u8(), u8()); this.history = new BoolCol(u8(), u8());
    if (at !== this.buffer.byteLength) throw new RangeError(`a batch of ${capacity} rows needs ${at} bytes, not ${this.buffer.byteLength}`);
    if (fresh) this.symbol.fill(-1);
    this.data = data ?? new Array<string | null>(capacity).fill(null);
  }

  /** The nonNull counts of the nullable columns, in the order `setNonNull` takes them. */
  nonNullCounts(): number[] {
    return this.nullable().map((c) => c.nonNull);
  }

  setNonNull(counts: readonly number[]): void {
    this.nullable().forEach((c, i) => { c.nonNull = counts[i]!; });
  }

  private nullable(): (F64Col | I32Col | BoolCol)[] {
    return [this.start, this.end, this.open, this.high, this.low, this.close, this.volume, this.refInput, this.refRow, this.minutes, this.count, this.run, this.late, this.history];
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
    this.events = 0;
    this.symbol.fill(-1, 0, n);
    this.data.fill(null, 0, n);
    for (const c of this.nullable()) c.clear(n);
  }
}

/**
 * Symbols as ids into the log's symbol dictionary: a row stores an int. The dictionary goes out
 * in chunks: the first with the first batch, and each later one (an Arrow delta dictionary) with
 * the batch whose rows first use its symbols.
 */
export class SymbolTable {
  /** The symbols by id. */
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly lists = new WeakMap<readonly string[], Int32Array>();
  private readonly chunks: A.Data<A.Utf8>[] = [];
  private inChunks = 0;

  /** `known`: the symbols the dictionary starts with, in this order (ids 0, 1, ...). */
  constructor(known: readonly string[] = []) {
    for (const s of known) this.id(s);
  }

  id(symbol: string): number {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(symbol);
      this.ids.set(symbol, id);
    }
    return id;
  }

  /**
   * The ids of a list of symbols, kept per list: -1 for a symbol the table has not met yet, which
   * `idIn` gives its id when a row first uses it (ids go in the order rows use them, however the
   * rows were written).
   */
  idsOf(symbols: readonly string[]): Int32Array {
    let out = this.lists.get(symbols);
    if (out === undefined) { out = Int32Array.from(symbols, (s) => this.ids.get(s) ?? -1); this.lists.set(symbols, out); }
    return out;
  }

  /** The id of `symbols[k]`, through its list's ids (see idsOf). */
  idIn(symbols: readonly string[], ids: Int32Array, k: number): number {
    const id = ids[k]!;
    return id >= 0 ? id : (ids[k] = this.id(symbols[k]!));
  }

  /**
   * The dictionary as a vector of its chunks, with a new chunk for the symbols added since the
   * last call (and an empty first chunk when there are none yet): the Arrow writer writes the
   * chunks it has not written as deltas, as long as the earlier chunks are the same objects.
   */
  dictionary(): A.Vector<A.Utf8> {
    const n = this.names.length;
    if (n > this.inChunks || this.chunks.length === 0) {
      this.chunks.push(utf8Data(this.names.slice(this.inChunks, n), n - this.inChunks));
      this.inChunks = n;
    }
    return new A.Vector([...this.chunks]);
  }
}

/** The symbol column of a batch: its rows' dictionary ids (-1: null) over the table's dictionary. */
export function symbolColumn(ids: Int32Array, table: SymbolTable, n: number): A.Data<A.Dictionary<A.Utf8, A.Int32>> {
  let nonNull = 0;
  for (let i = 0; i < n; i++) if (ids[i]! >= 0) nonNull++;
  const nullCount = n - nonNull;
  let nullBitmap: Uint8Array = new Uint8Array(0);
  let indices = ids.subarray(0, n);
  if (nullCount > 0) {
    const valid = new Uint8Array(n);
    indices = new Int32Array(n);
    for (let i = 0; i < n; i++) { const id = ids[i]!; valid[i] = id >= 0 ? 1 : 0; indices[i] = id >= 0 ? id : 0; }
    nullBitmap = packBits(valid, n);
  }
  return A.makeData({ type: SYMBOL, length: n, data: indices, nullCount, nullBitmap, dictionary: table.dictionary() });
}

/** A UTF-8 column from strings kept as they came, encoded once per batch. */
export function utf8Data(values: readonly (string | null)[], n: number): A.Data<A.Utf8> {
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
export function int64Of(values: Float64Array, n: number, out: BigInt64Array): BigInt64Array {
  const words = new Int32Array(out.buffer, out.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    words[2 * i] = v >>> 0;
    words[2 * i + 1] = Math.floor(v / 4294967296);
  }
  return out.subarray(0, n);
}

/** Bytes of 0/1, the first n, as an LSB-first bitmap. */
export function packBits(bytes: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  const whole = n >> 3;
  for (let j = 0, i = 0; j < whole; j++, i += 8) {
    out[j] = bytes[i]! | (bytes[i + 1]! << 1) | (bytes[i + 2]! << 2) | (bytes[i + 3]! << 3) | (bytes[i + 4]! << 4) | (bytes[i + 5]! << 5) | (bytes[i + 6]! << 6) | (bytes[i + 7]! << 7);
  }
  for (let i = whole << 3; i < n; i++) if (bytes[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}
