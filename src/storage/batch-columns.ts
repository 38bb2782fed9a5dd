import * as A from 'apache-arrow';
import { numericArray } from './arrow-numbers.js';
import { bitAt, stringValues, textAt } from './arrow-text.js';

// A record batch's columns as views of their buffers: values as typed arrays, validity as the
// batch's own bitmaps, strings decoded only for the rows asked for. A decode that reads millions
// of rows tests bits in place instead of expanding each column into a byte or an object per row.

/** Which rows of a column hold a value: bit `off + i` of `bits` for row i; null when every row does. */
export interface Validity {
  readonly bits: Uint8Array | null;
  readonly off: number;
}

export function has(v: Validity, i: number): boolean {
  return v.bits === null || bitAt(v.bits, v.off + i) === 1;
}

const ALL: Validity = { bits: null, off: 0 };

/** Sets bits at .. at + n - 1 of `to` where bits off .. off + n - 1 of `from` are set (`to` starts cleared). */
function copyBits(from: Uint8Array, off: number, to: Uint8Array, at: number, n: number): void {
  for (let i = 0; i < n; i++) if (bitAt(from, off + i) === 1) to[(at + i) >> 3]! |= 1 << ((at + i) & 7);
}

/** A bitmap of n rows starting at bit 0 (bit `off + i` of `bits` moved to bit i); null stays null. */
function aligned(bits: Uint8Array | null, off: number, n: number): Uint8Array | null {
  if (bits === null || off === 0) return bits;
  const out = new Uint8Array((n + 7) >> 3);
  copyBits(bits, off, out, 0, n);
  return out;
}

/**
 * A bitmap of n rows, all set to begin with, narrowed a column at a time: `and` keeps the rows
 * where a column is valid (or true), `andNot` those where it is not; byte by byte, so that a
 * condition over many columns costs a few operations per eight rows.
 */
export class RowMask {
  readonly bits: Uint8Array;
  constructor(readonly n: number) { this.bits = new Uint8Array((n + 7) >> 3).fill(0xff); }
  and(bits: Uint8Array | null, off = 0): this {
    const b = aligned(bits, off, this.n), m = this.bits;
    if (b !== null) for (let k = 0; k < m.length; k++) m[k]! &= b[k]!;
    return this;
  }
  andNot(bits: Uint8Array | null, off = 0): this {
    const b = aligned(bits, off, this.n), m = this.bits;
    if (b === null) m.fill(0);
    else for (let k = 0; k < m.length; k++) m[k]! &= ~b[k]!;
    return this;
  }
  /** Keeps the rows where not both bitmaps are set. */
  andNotBoth(x: Uint8Array, xoff: number, y: Uint8Array, yoff: number): this {
    const a = aligned(x, xoff, this.n)!, b = aligned(y, yoff, this.n)!, m = this.bits;
    for (let k = 0; k < m.length; k++) m[k]! &= ~(a[k]! & b[k]!);
    return this;
  }
  has(i: number): boolean {
    return bitAt(this.bits, i) === 1;
  }
}

/** A chunk's validity (a batch's column is one chunk; a vector of several is packed into one bitmap). */
export function validityOf(vec: A.Vector): Validity {
  if (vec.data.length === 1) {
    const d = vec.data[0]!;
    return d.nullCount === 0 ? ALL : { bits: d.nullBitmap!, off: d.offset };
  }
  if (vec.nullCount === 0) return ALL;
  const bits = new Uint8Array((vec.length + 7) >> 3);
  let at = 0;
  for (const d of vec.data) {
    if (d.nullCount === 0) for (let i = 0; i < d.length; i++) bits[(at + i) >> 3]! |= 1 << ((at + i) & 7);
    else copyBits(d.nullBitmap!, d.offset, bits, at, d.length);
    at += d.length;
  }
  return { bits, off: 0 };
}

/** A numeric column: float64 and 64-bit integers as Float64Array (see numericValues), 32-bit integers as they are. */
export interface NumberColumn extends Validity {
  readonly values: Float64Array | Int32Array;
}

export function numberColumn(vec: A.Vector): NumberColumn {
  const only = vec.data.length === 1 ? vec.data[0]! : null;
  const values = only !== null && only.values instanceof Int32Array && A.DataType.isInt(only.type) && (only.type as A.Int).bitWidth === 32 && (only.type as A.Int).isSigned && only.values.length >= only.length
    ? only.values.subarray(0, only.length)
    : numericArray(vec);
  return { values, ...validityOf(vec) };
}

/** A boolean column: its values' bitmap (bit `voff + i`) and its validity. */
export interface BoolColumn extends Validity {
  readonly valueBits: Uint8Array;
  readonly voff: number;
}

export function boolColumn(vec: A.Vector): BoolColumn {
  if (vec.data.length === 1) {
    const d = vec.data[0]!;
    return { valueBits: d.values as Uint8Array, voff: d.offset, ...validityOf(vec) };
  }
  const bits = new Uint8Array((vec.length + 7) >> 3);
  let at = 0;
  for (const d of vec.data) {
    copyBits(d.values as Uint8Array, d.offset, bits, at, d.length);
    at += d.length;
  }
  return { valueBits: bits, voff: 0, ...validityOf(vec) };
}

export function boolAt(c: BoolColumn, i: number): boolean {
  return bitAt(c.valueBits, c.voff + i) === 1;
}

/** A dictionary column: the dictionary's names and each row's index into them (-1: null). */
export interface DictColumn {
  readonly names: readonly (string | null)[];
  readonly ids: Int32Array;
}

export function dictColumn(vec: A.Vector): DictColumn {
  const ids = new Int32Array(vec.length).fill(-1);
  let names: readonly (string | null)[] = [];
  let at = 0;
  for (const d of vec.data) {
    if (A.DataType.isDictionary(d.type)) {
      names = dictionaryNames(d.dictionary!);
      const idx = d.values as ArrayLike<number>, v = validityOf(new A.Vector([d]));
      if (v.bits === null) for (let i = 0; i < d.length; i++) ids[at + i] = idx[i]!;
      else for (let i = 0; i < d.length; i++) if (has(v, i)) ids[at + i] = idx[i]!;
    }
    at += d.length;
  }
  return { names, ids };
}

/**
 * A dictionary's names, decoded once per dictionary: a stream reader hands every batch the same
 * dictionary vector until a delta extends it (a log's 500 symbols were decoded again per batch).
 */
const NAMES = new WeakMap<A.Vector, readonly (string | null)[]>();
function dictionaryNames(dictionary: A.Vector): readonly (string | null)[] {
  let names = NAMES.get(dictionary);
  if (names === undefined) NAMES.set(dictionary, (names = stringValues(dictionary)));
  return names;
}

/** A Utf8 column, each row's text decoded when asked for (a dictionary's few names: see dictColumn). */
export class TextColumn {
  private readonly chunk: A.Data | null;
  private readonly all: (string | null)[] | null;
  /** Which rows are not null. */
  readonly valid: Validity;

  constructor(vec: A.Vector) {
    this.chunk = vec.data.length === 1 && !A.DataType.isDictionary(vec.data[0]!.type) ? vec.data[0]! : null;
    this.all = this.chunk === null ? stringValues(vec) : null;
    this.valid = validityOf(vec);
  }

  /** Row i's text, null where null. */
  at(i: number): string | null {
    if (this.all !== null) return this.all[i] ?? null;
    if (!has(this.valid, i)) return null;
    const d = this.chunk!;
    const offsets = d.valueOffsets as Int32Array;
    return textAt(d.values as Uint8Array, offsets[i]!, offsets[i + 1]!);
  }
}
