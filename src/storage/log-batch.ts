import * as A from 'apache-arrow';

// The event log's batch being filled, as columns, and how its columns become Arrow data.
// The three column classes are separate on purpose: each call site then sees one typed-array kind.

/** A nullable column of the batch being filled: values, and a validity byte per row. */
export class F64Col {
  readonly values: Float64Array;
  readonly valid: Uint8Array;
  nonNull = 0;
  constructor(capacity: number) { this.values = new Float64Array(capacity); this.valid = new Uint8Array(capacity); }
  set(k: number, x: number): void { this.values[k] = x; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.nonNull = 0; }
}

export class I32Col {
  readonly values: Int32Array;
  readonly valid: Uint8Array;
  nonNull = 0;
  constructor(capacity: number) { this.values = new Int32Array(capacity); this.valid = new Uint8Array(capacity); }
  set(k: number, x: number): void { this.values[k] = x; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.nonNull = 0; }
}

export class BoolCol {
  readonly values: Uint8Array;
  readonly valid: Uint8Array;
  nonNull = 0;
  constructor(capacity: number) { this.values = new Uint8Array(capacity); this.valid = new Uint8Array(capacity); }
  set(k: number, b: boolean): void { this.values[k] = b ? 1 : 0; if (this.valid[k] === 0) { this.valid[k] = 1; this.nonNull++; } }
  clear(n: number): void { this.valid.fill(0, 0, n); this.values.fill(0, 0, n); this.nonNull = 0; }
}

/**
 * The batch being filled, as columns; a row's nullable columns are null until set. Writers of
 * many rows (log-rows.ts) fill rows through these columns without building events.
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

/** Symbols as ids into a table of their UTF-8 bytes: a row stores an int, and a batch copies bytes. */
export class SymbolTable {
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
export function symbolData(ids: Int32Array, table: readonly Uint8Array[], n: number): A.Data<A.Utf8> {
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
