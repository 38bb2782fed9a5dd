import { encodedString, schemaFingerprint, type RecordWriter, type ValueKind } from './binary-hash.js';

/**
 * Records written straight from columns, byte for byte what hashing each record as an object
 * writes (see binary-hash): the one place outside BinaryHasher that knows the record layout.
 *
 * A record's numbers come from columns indexed by row; its `seq` is base + i. Its booleans and
 * strings (the record's tail) must be decided by two small integers per row, `tailKey[r]` and
 * `tailCode[r]` (a symbol index and a code, say): a tail is encoded once per such pair and copied
 * as words after that.
 */
export interface RecordColumns {
  /** Row of element i; null: element i is row i. */
  readonly rows: Int32Array | null;
  /** The column of a number field (every one but seq), indexed by row. */
  column(name: string): ArrayLike<number>;
  /** The value of a boolean or string field at row r (asked once per distinct tail). */
  valueAt(name: string, r: number): boolean | string;
  readonly tailKey: Int32Array;
  /** Null: the tail depends on tailKey alone. */
  readonly tailCode: Uint8Array | null;
  /** Codes per key: tails are cached at tailKey[r] * tailCodes + tailCode[r]. */
  readonly tailCodes: number;
  /** The cache of encoded tails, filled as records are written (one per slice; made by `tailCache`). */
  readonly tails: TailCache;
}

/** How many words of encoded tails a writer keeps across slices (about 4,000 tails). */
const KNOWN_WORDS = 1 << 14;

/** Words that grow by doubling, appended to and read by offset. */
class Words {
  words = new Uint32Array(256);
  used = 0;

  /** Appends n words of `src` from `from`; returns where they start. */
  add(src: Uint32Array, from: number, n: number): number {
    if (this.used + n > this.words.length) {
      const grown = new Uint32Array(Math.max(this.words.length * 2, this.used + n));
      grown.set(this.words.subarray(0, this.used));
      this.words = grown;
    }
    const at = this.used;
    for (let j = 0; j < n; j++) this.words[at + j] = src[from + j]!;
    this.used += n;
    return at;
  }

  /** Appends one word; returns where it is. */
  push(word: number): number {
    WORD[0] = word;
    return this.add(WORD, 0, 1);
  }
}

const WORD = new Uint32Array(1);

/**
 * The encoded tails of a slice (or of slices sharing symbols and text), by tail index. Kept in
 * typed arrays, so that building one allocates no object and the writer copies one without reading
 * an object per record: two-word tails (the usual, a short symbol and its flags) as their two
 * words, others in a pool of words by offset.
 */
export class TailCache {
  /** Words of tail t, plus one; 0: not built yet. */
  readonly size: Uint32Array;
  readonly w0: Uint32Array;
  readonly w1: Uint32Array;
  /** Where a tail of another length starts in `pool.words`. */
  readonly at: Int32Array;
  readonly pool = new Words();

  constructor(n: number) {
    this.size = new Uint32Array(n);
    this.w0 = new Uint32Array(n);
    this.w1 = new Uint32Array(n);
    this.at = new Int32Array(n);
  }

  /** Tails it has room for. */
  get length(): number {
    return this.size.length;
  }

  /** Keeps as tail t the n words of `src` from `from`; returns n plus one. */
  put(t: number, src: Uint32Array, from: number, n: number): number {
    if (n === 2) { this.w0[t] = src[from]!; this.w1[t] = src[from + 1]!; }
    else this.at[t] = this.pool.add(src, from, n);
    return (this.size[t] = n + 1);
  }
}

/** An empty cache of tails for n keys. */
export function tailCache(n: number): TailCache {
  return new TailCache(n);
}

/** Writes records of elements [from, to) of `src` (element i with seq base + i) into `w`. */
export type ColumnRecordWriter = (src: RecordColumns, from: number, to: number, base: number, w: RecordWriter) => void;

let scratch = new Uint32Array(64);
let scratchBytes = new Uint8Array(scratch.buffer);

/** Encodes a record's tail into `scratch` (grown as needed); returns its words. */
function encodeTail(bools: readonly boolean[], strings: readonly string[]): number {
  let used = bools.length;
  for (let k = 0; k < strings.length; k++) used += encodedString(strings[k]!).length;
  const words = ((used + 7) & ~7) >> 2;
  if (words > scratch.length) {
    scratch = new Uint32Array(words * 2);
    scratchBytes = new Uint8Array(scratch.buffer);
  }
  scratch.fill(0, 0, words);
  for (let k = 0; k < bools.length; k++) scratchBytes[k] = bools[k] ? 1 : 0;
  let at = bools.length;
  for (let k = 0; k < strings.length; k++) { const e = encodedString(strings[k]!); scratchBytes.set(e, at); at += e.length; }
  return words;
}

/** The record's tail: its boolean bytes, then its strings, padded to 8 bytes, as uint32 words. */
export function recordTail(bools: readonly boolean[], strings: readonly string[]): Uint32Array {
  return scratch.slice(0, encodeTail(bools, strings));
}

/**
 * The record writer of one record type, from its fields' kinds ('n', 'b' or 's'; `seq` among the
 * numbers). It is generated as code for that layout, one store per number: a record of a bar is
 * written at the speed of hand-written stores, and no other module writes a byte offset.
 */
export function columnRecordWriter(type: string, fields: Readonly<Record<string, ValueKind>>): ColumnRecordWriter {
  const [fp0, fp1] = schemaFingerprint(type, fields);
  const names = Object.keys(fields).sort();
  for (const n of names) {
    if (fields[n] !== 'n' && fields[n] !== 'b' && fields[n] !== 's') throw new Error(`${type}.${n}: a columnar record holds numbers, booleans and strings, not ${fields[n]}`);
  }
  if (fields.seq !== 'n') throw new Error(`${type}: a columnar record needs a number field seq`);
  const numbers = names.filter((n) => fields[n] === 'n');
  const bools = names.filter((n) => fields[n] === 'b');
  const strings = names.filter((n) => fields[n] === 's');
  // Tails repeat from slice to slice (a symbol's, day after day): kept per writer by their values,
  // in maps keyed by each string value in turn (a string's hash is kept in the string, so a look-up
  // builds nothing) and then by the booleans as bits. Bounded small: a tail that holds a date (a
  // gap's) never repeats, and 65,536 of them held 15 MB for the whole run; a miss costs one
  // encoding per key per slice, not per record. A known tail is its word count, then its words, at
  // an offset in `kept` (its leaf holds the offset).
  type Level = Map<string, Level | (number | undefined)[]>;
  let known: Level = new Map(), kept = new Words();
  const b: boolean[] = new Array<boolean>(bools.length).fill(false);
  const t: string[] = new Array<string>(strings.length).fill('');
  /** Builds tail `at` of `cache` from row r's values (encoded once per distinct values); returns its words plus one. */
  const tailOf = (src: RecordColumns, r: number, cache: TailCache, at: number): number => {
    let bits = 0;
    for (let k = 0; k < bools.length; k++) if ((b[k] = src.valueAt(bools[k]!, r) as boolean)) bits |= 1 << k;
    for (let k = 0; k < strings.length; k++) t[k] = src.valueAt(strings[k]!, r) as string;
    if (kept.used >= KNOWN_WORDS) { known = new Map(); kept = new Words(); }
    let level = known;
    for (let k = 0; k < strings.length - 1; k++) {
      let next = level.get(t[k]!) as Level | undefined;
      if (next === undefined) level.set(t[k]!, (next = new Map()));
      level = next;
    }
    const leafKey = strings.length === 0 ? '' : t[strings.length - 1]!;
    let leaf = level.get(leafKey) as (number | undefined)[] | undefined;
    if (leaf === undefined) level.set(leafKey, (leaf = []));
    let off = leaf[bits];
    if (off === undefined) {
      const words = encodeTail(b, t);
      off = leaf[bits] = kept.push(words);
      kept.add(scratch, 0, words);
    }
    return cache.put(at, kept.words, off + 1, kept.words[off]!);
  };
  const columns = numbers.filter((n) => n !== 'seq');
  // Values start after the 8-byte fingerprint (float64 slot 1); the tail after the numbers.
  const stores = numbers.map((n, k) => `f64[f + ${k + 1}] = ${n === 'seq' ? 'base + i' : `c${columns.indexOf(n)}[r]`};`);
  const head = 8 + 8 * numbers.length;
  // The columns of the last source written, looked up again only for another source: a run of
  // one element at a time (an observed stream) then costs no look-up per record.
  const body = `
    if (src !== last) {
      last = src;
      ${columns.map((n, k) => `l${k} = src.column(${JSON.stringify(n)});`).join('\n      ')}
    }
    const rows = src.rows, key = src.tailKey, code = src.tailCode, codes = src.tailCodes, cache = src.tails;
    const size = cache.size, w0 = cache.w0, w1 = cache.w1;
    ${columns.map((_, k) => `const c${k} = l${k};`).join(' ')}
    const u32 = w.u32, f64 = w.f64, limit = w.limit;
    let p = w.begin(), done = 0;
    for (let i = from; i < to; i++) {
      const r = rows === null ? i : rows[i];
      const t = code === null ? key[r] : key[r] * codes + code[r];
      let n = size[t];
      if (n === 0) n = tailOf(src, r, cache, t);
      const bytes = ${head - 4} + n * 4;
      if (p + bytes > limit) { p = w.spill(p, done); done = 0; }
      const q = p >> 2, f = p >> 3;
      u32[q] = ${fp0}; u32[q + 1] = ${fp1};
      ${stores.join('\n      ')}
      if (n === 3) { u32[q + ${head / 4}] = w0[t]; u32[q + ${head / 4 + 1}] = w1[t]; }
      else { const words = cache.pool.words, a = cache.at[t]; for (let j = 0, o = q + ${head / 4}; j < n - 1; j++) u32[o + j] = words[a + j]; }
      p += bytes;
      done++;
    }
    w.end(p, done);`;
  const make = new Function('tailOf', `'use strict'; let last = null${columns.map((_, k) => `, l${k} = null`).join('')}; return function write_${type.replace(/\W/g, '_')}(src, from, to, base, w) {${body}\n  };`) as (tailOf: (src: RecordColumns, r: number, cache: TailCache, at: number) => number) => ColumnRecordWriter;
  return make(tailOf);
}
