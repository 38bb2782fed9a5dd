import { describe, expect, it } from 'vitest';
import { LogHasher, type LazySlice } from '../src/kernel/index.js';
import type { SimEvent } from '../src/events/index.js';
import { DELIVERY } from '../src/columnar/index.js';
import { recordTail } from '../src/kernel/index.js';
import { barSlice, derivedSlice, gapSlice } from './support/slices.js';

const { HISTORY, LATE, LIVE } = DELIVERY;

/**
 * The slices' columnar log records: hashing a slice from its columns, in any pieces, across the
 * hash buffer's end, must give the hash of its events built as objects, for symbols whose records
 * end in tails of every length.
 */

const SYMBOLS = ['A', 'BRK.B', 'ÉTÉ', 'LONGER-SYMBOL-NAME', 'X1234567', 'Q'];
const N = 7000;

function hashPieces(slice: LazySlice<SimEvent>, pieces: readonly number[], base: number): { columns: string; objects: string; count: number } {
  const cols = new LogHasher(), objs = new LogHasher();
  // Something already in the buffer, so the slice starts mid-buffer.
  for (const h of [cols, objs]) h.update({ type: 'Marker', n: 1 });
  let from = 0;
  for (const to of [...pieces, slice.length]) {
    cols.updateLazy(slice, from, to, base);
    for (let i = from; i < to; i++) objs.update(slice.materialize(i, base + i));
    from = to;
  }
  return { columns: cols.digest(), objects: objs.digest(), count: cols.length };
}

describe('columnar log records of the slices', () => {
  it('bars of every kind and symbol', () => {
    const ts = Float64Array.from({ length: N }, (_, i) => 1e12 + Math.floor(i / SYMBOLS.length) * 60_000);
    const sym = Int32Array.from({ length: N }, (_, i) => i % SYMBOLS.length);
    const price = (k: number) => Float64Array.from({ length: N }, (_, i) => 100 + ((i * 37 + k) % 1000) / 8);
    const day = { symbols: SYMBOLS, ts, sym, open: price(1), high: price(2), low: price(3), close: price(4), volume: price(5), duplicates: new Int32Array(SYMBOLS.length) };
    const kind = Uint8Array.from({ length: N }, (_, i) => [LIVE, LATE, HISTORY][(i * 7) % 3]!);
    const rows = Int32Array.from({ length: N - 5 }, (_, i) => i + 5);
    const deliverAt = Float64Array.from(ts, (t) => t + 60_000);
    const slice = barSlice(day, rows, deliverAt, kind);
    const h = hashPieces(slice, [1, 2, 1000, 4000], 17);
    expect(h.columns).toBe(h.objects);
    expect(h.count).toBe(1 + rows.length);
    const e = slice.materialize(1, 9) as Extract<SimEvent, { type: 'BarArrived' }>;
    expect([e.symbol, e.start, e.time, e.late, e.history, e.seq]).toEqual([SYMBOLS[6 % 6], ts[6], ts[6]! + 60_000, kind[6] === LATE, kind[6] === HISTORY, 9]);
  });

  it('derived bars', () => {
    const f = (k: number) => Float64Array.from({ length: N }, (_, i) => (i * 31 + k) % 997);
    const slice = derivedSlice({
      symbols: SYMBOLS, time: f(0), sym: Int32Array.from({ length: N }, (_, i) => (i * 5) % SYMBOLS.length), minutes: Int32Array.from({ length: N }, (_, i) => [5, 15, 60][i % 3]!),
      start: f(1), end: f(2), open: f(3), high: f(4), low: f(5), close: f(6), volume: f(7), count: Int32Array.from({ length: N }, (_, i) => i % 17),
    });
    const h = hashPieces(slice, [3, 3, 2500], 40);
    expect(h.columns).toBe(h.objects);
    expect(h.count).toBe(1 + N);
  });

  it('gaps, with the date in every record', () => {
    const f = (k: number) => Float64Array.from({ length: N }, (_, i) => (i * 13 + k) % 401);
    for (const date of ['2024-01-10', 'd']) {
      const slice = gapSlice(date, SYMBOLS, f(0), Int32Array.from({ length: N }, (_, i) => (i * 3) % SYMBOLS.length), f(1), f(2), Int32Array.from({ length: N }, (_, i) => i % 9));
      const h = hashPieces(slice, [4000, 4001], 3);
      expect(h.columns).toBe(h.objects);
      expect(h.count).toBe(1 + N);
    }
  });

  it('more distinct tails than a writer keeps: the cache is dropped and rebuilt, never wrong', () => {
    // 6,000 symbols x 2 dates: more tails than the writer keeps (16,384 words), each written twice.
    const many = Array.from({ length: 6000 }, (_, i) => `S${i}`);
    const n = many.length * 2;
    const f = (k: number) => Float64Array.from({ length: n }, (_, i) => (i * 13 + k) % 401);
    const sym = Int32Array.from({ length: n }, (_, i) => (i * 7) % many.length);
    for (const date of ['2024-01-10', '2024-01-11', '2024-01-10']) {
      const slice = gapSlice(date, many, f(0), sym, f(1), f(2), Int32Array.from({ length: n }, (_, i) => i % 9));
      const h = hashPieces(slice, [1, 5000], 11);
      expect(h.columns).toBe(h.objects);
    }
    const kind = Uint8Array.from({ length: n }, (_, i) => [LIVE, LATE, HISTORY][i % 3]!);
    const ts = f(3);
    const day = { symbols: many, ts, sym, open: f(4), high: f(5), low: f(6), close: f(7), volume: f(8), duplicates: new Int32Array(many.length) };
    const h = hashPieces(barSlice(day, Int32Array.from({ length: n }, (_, i) => i), ts, kind), [9000], 2);
    expect(h.columns).toBe(h.objects);
  });

  it('a record tail is its booleans, then its strings, zero-padded to 8 bytes', () => {
    const bytes = (t: Uint32Array) => Array.from(new Uint8Array(t.buffer));
    expect(bytes(recordTail([true, false], ['AB']))).toEqual([1, 0, 2, 65, 66, 0, 0, 0]);
    expect(bytes(recordTail([], ['ABCDEFG']))).toEqual([7, 65, 66, 67, 68, 69, 70, 71]);
    expect(bytes(recordTail([false], ['ABCDEFG']))).toEqual([0, 7, 65, 66, 67, 68, 69, 70, 71, 0, 0, 0, 0, 0, 0, 0]);
    expect(bytes(recordTail([], ['A', 'B']))).toEqual([1, 65, 1, 66, 0, 0, 0, 0]);
  });
});
