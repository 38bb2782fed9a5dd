import type { BinaryHasher, TailCache } from '../kernel/index.js';
import { tailCache, THREAD_SLOTS } from '../kernel/index.js';
import type { ColumnarKind, NumericColumn } from './kind.js';
import type { AnySlice } from './kinds.js';
import { COLUMNAR_KINDS } from './kinds.js';
import { ColumnarSlice } from './slice.js';

/**
 * The messages a run sends its hash thread, in shared memory: one ring of bytes written by the
 * run and read by the thread, and a small control block. A message is the records' bytes
 * (encoded on the run's thread), a columnar slice's elements as copies of their columns (the
 * thread writes their records, byte for byte what the run would: same generated writers), a
 * slice's symbols, or the hash's state to go on from. The thread hashes the messages in order and,
 * after each, publishes the hash's state and how far it got: a run whose thread dies goes on from
 * there itself, with the messages still in the ring. Both sides apply a message with `RingReader.apply`.
 */

/** Control block slots (Int32), after thread-control's (ready, dead). */
export const CTL_WRITTEN = THREAD_SLOTS; // messages the run has put in the ring
export const CTL_CONSUMED = THREAD_SLOTS + 1; // messages the thread has hashed (its state published after each)
export const CTL_CONSUMED_AT = THREAD_SLOTS + 2; // where the next message to hash starts
export const CTL_STATE_LENGTH = THREAD_SLOTS + 3; // bytes of the published state
export const CTL_EXIT_AT = THREAD_SLOTS + 4; // tests: the thread exits before this message (counting from 1)
export const CTL_THREAD_SLEEPING = THREAD_SLOTS + 5; // 1 while the thread waits for messages (the run wakes it)
export const CTL_MAIN_SLEEPING = THREAD_SLOTS + 6; // 1 while a run waits for the thread (the thread wakes it)
export const CTL_STOP = THREAD_SLOTS + 7; // 1: the thread exits before its next message or publication (a run takes the hash back)
/** The published state's bytes start here in the control block. */
export const CTL_STATE_AT = 64;
export const CTL_BYTES = CTL_STATE_AT + 1024;

export const MSG_WRAP = 1; // the next message is at the ring's start
export const MSG_STATE = 2; // go on from this hash state
export const MSG_RAW = 3; // records' bytes
export const MSG_SYMBOLS = 4; // a symbols list, by id
export const MSG_SLICE = 5; // elements of a columnar slice

/** A message header: kind, total bytes (a multiple of 8), then kind-specific words. */
const SLICE_HEAD = 48;
const RAW_HEAD = 16;

const pad8 = (n: number): number => (n + 7) & ~7;
const NO_TEXT: Readonly<Record<string, string>> = {};
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const NUMBER_FIELDS = new WeakMap<ColumnarKind, readonly string[]>();

/** The number fields of a kind, in declaration order: the columns a slice message carries. */
export function numberFields(kind: ColumnarKind): readonly string[] {
  let names = NUMBER_FIELDS.get(kind);
  if (names === undefined) NUMBER_FIELDS.set(kind, (names = Object.entries(kind.fields).filter(([, s]) => s === 'number').map(([n]) => n)));
  return names;
}

/** Bytes of a slice message of n elements of `kind` with text `textBytes` long. */
export function sliceMessageBytes(kind: ColumnarKind, n: number, textBytes: number): number {
  return SLICE_HEAD + pad8(textBytes) + numberFields(kind).length * 8 * n + pad8(4 * n) + (kind.codes > 0 ? pad8(n) : 0);
}

export function rawMessageBytes(n: number): number {
  return RAW_HEAD + pad8(n);
}

/** Views of one ring, for writing and reading messages at 8-aligned offsets. */
export class RingViews {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  constructor(readonly ring: SharedArrayBuffer) {
    this.u8 = new Uint8Array(ring);
    this.i32 = new Int32Array(ring);
    this.f64 = new Float64Array(ring);
  }
}

export function writeWrap(v: RingViews, at: number): void {
  v.i32[at >> 2] = MSG_WRAP;
  v.i32[(at >> 2) + 1] = 8;
}

/** A message of bytes: records (MSG_RAW: the run counts them itself), a state (MSG_STATE) or symbols (MSG_SYMBOLS, with their id as `word`). */
export function writeBytesMessage(v: RingViews, at: number, kind: number, bytes: Uint8Array, word: number): number {
  const size = RAW_HEAD + pad8(bytes.length);
  v.i32[at >> 2] = kind;
  v.i32[(at >> 2) + 1] = size;
  v.i32[(at >> 2) + 2] = bytes.length;
  v.i32[(at >> 2) + 3] = word;
  v.u8.set(bytes, at + RAW_HEAD);
  return size;
}

export function encodeSymbols(symbols: readonly string[]): Uint8Array {
  return encoder.encode(JSON.stringify(symbols));
}

/**
 * Elements [from, to) of a slice as a message at `at`: its number columns, symbols and codes
 * gathered by row (a run of consecutive rows is one copy); element `from` has seq `base`. `text` is the slice's text fields as
 * JSON bytes. Returns the message's size.
 */
export function writeSliceMessage(v: RingViews, at: number, kindIndex: number, s: AnySlice, from: number, to: number, base: number, symbolsId: number, text: Uint8Array): number {
  const kind = COLUMNAR_KINDS[kindIndex]!;
  const n = to - from;
  const size = sliceMessageBytes(kind, n, text.length);
  const w = at >> 2;
  const names = numberFields(kind);
  v.i32[w] = MSG_SLICE;
  v.i32[w + 1] = size;
  v.i32[w + 2] = kindIndex;
  v.i32[w + 3] = n;
  v.i32[w + 4] = symbolsId;
  v.i32[w + 5] = text.length;
  v.f64[(at >> 3) + 3] = base;
  v.u8.set(text, at + SLICE_HEAD);
  let p = at + SLICE_HEAD + pad8(text.length);
  // Rows from..to consecutive (bars of one instant, in file order): copies rather than a gather.
  const rows = s.rows;
  let first = from;
  if (rows !== null) {
    first = rows[from]!;
    for (let i = from + 1; i < to; i++) if (rows[i] !== first + (i - from)) { first = -1; break; }
  }
  const columns = s.columns as Readonly<Record<string, NumericColumn>>;
  for (const name of names) {
    const dst = new Float64Array(v.ring, p, n);
    gather(dst, columns[name]!, rows, from, to, first);
    p += 8 * n;
  }
  gather(new Int32Array(v.ring, p, n), s.sym, rows, from, to, first);
  p += pad8(4 * n);
  if (kind.codes > 0) gather(new Uint8Array(v.ring, p, n), s.code!, rows, from, to, first);
  return size;
}

function gather(dst: Float64Array | Int32Array | Uint8Array, src: NumericColumn | Int32Array | Uint8Array, rows: Int32Array | null, from: number, to: number, first: number): void {
  if (first >= 0) {
    dst.set(src.subarray(first, first + (to - from)));
    return;
  }
  for (let i = from, j = 0; i < to; i++, j++) dst[j] = src[rows![i]!]!;
}

/** What a reader of the ring keeps between messages: the symbols lists and tail caches by id. */
export class RingReader {
  private readonly symbols = new Map<number, readonly string[]>();
  private readonly tails = new Map<string, TailCache>();

  /** A symbols list sent before the messages this reader starts from. */
  knowSymbols(id: number, list: readonly string[]): void {
    this.symbols.set(id, list);
  }

  /** Applies the message at `at` to `hasher`; returns where the next one starts (0 after a wrap). */
  apply(v: RingViews, at: number, hasher: BinaryHasher): number {
    const w = at >> 2;
    const kind = v.i32[w]!, size = v.i32[w + 1]!;
    switch (kind) {
      case MSG_WRAP:
        return 0;
      case MSG_STATE:
        // A stream starts: its symbols ids are its own.
        this.symbols.clear();
        this.tails.clear();
        hasher.loadState(v.u8.slice(at + RAW_HEAD, at + RAW_HEAD + v.i32[w + 2]!));
        break;
      case MSG_RAW:
        hasher.updateBytes(v.u8.subarray(at + RAW_HEAD, at + RAW_HEAD + v.i32[w + 2]!));
        break;
      case MSG_SYMBOLS:
        this.symbols.set(v.i32[w + 3]!, JSON.parse(decoder.decode(v.u8.slice(at + RAW_HEAD, at + RAW_HEAD + v.i32[w + 2]!))) as string[]);
        break;
      case MSG_SLICE:
        this.applySlice(v, at, hasher);
        break;
      default:
        throw new Error(`hash ring: no message kind ${kind} at ${at}`);
    }
    const next = at + size;
    return next === v.ring.byteLength ? 0 : next;
  }

  private applySlice(v: RingViews, at: number, hasher: BinaryHasher): void {
    const w = at >> 2;
    const kindIndex = v.i32[w + 2]!, n = v.i32[w + 3]!, symbolsId = v.i32[w + 4]!, textLength = v.i32[w + 5]!;
    const base = v.f64[(at >> 3) + 3]!;
    const kind = COLUMNAR_KINDS[kindIndex]!;
    const textJson = textLength === 2 ? '{}' : decoder.decode(v.u8.subarray(at + SLICE_HEAD, at + SLICE_HEAD + textLength));
    const text = textLength === 2 ? NO_TEXT : (JSON.parse(textJson) as Record<string, string>);
    const symbols = this.symbols.get(symbolsId);
    if (symbols === undefined) throw new Error(`hash ring: symbols ${symbolsId} not sent`);
    let p = at + SLICE_HEAD + pad8(textLength);
    const cols: Record<string, Float64Array> = {};
    for (const name of numberFields(kind)) {
      cols[name] = new Float64Array(v.ring, p, n);
      p += 8 * n;
    }
    const key = new Int32Array(v.ring, p, n);
    p += pad8(4 * n);
    const code = kind.codes > 0 ? new Uint8Array(v.ring, p, n) : null;
    const tailCodes = Math.max(kind.codes, 1);
    const cacheKey = `${kindIndex}|${symbolsId}|${textJson}`;
    let tails = this.tails.get(cacheKey);
    if (tails === undefined) {
      if (this.tails.size >= 1024) this.tails.clear();
      this.tails.set(cacheKey, (tails = tailCache(symbols.length * tailCodes)));
    }
    // The slice the run would have hashed, over the ring's copies of its columns.
    const slice = new ColumnarSlice(kind, { rows: null, length: n, symbols, sym: key, code, text, columns: cols, tails } as never);
    slice.writeRecords(0, n, base, hasher);
  }
}
