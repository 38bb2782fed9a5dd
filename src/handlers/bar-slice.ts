import type { BarArrived, SimEvent } from '../events/index.js';
import { schemaFingerprint, type LazySlice, type RecordWriter } from '../kernel/index.js';
import { DELIVERY, type BarSliceData, type DayData } from '../state/index.js';
import { recordTail, TailCache } from './record-tail.js';

const FINGERPRINT = schemaFingerprint('BarArrived', {
  close: 'n', high: 'n', low: 'n', open: 'n', seq: 'n', start: 'n', time: 'n', volume: 'n', history: 'b', late: 'b', symbol: 's',
});
const { LATE, HISTORY } = DELIVERY;
const FP0 = FINGERPRINT[0]!, FP1 = FINGERPRINT[1]!;
/** Per symbol: the tails of a live, a late and a history bar (history, late, symbol). */
const TAILS = new TailCache((s) => [recordTail([false, false], [s]), recordTail([false, true], [s]), recordTail([true, false], [s])]);
/** Bytes before the tail: fingerprint and eight numbers. */
const HEAD_BYTES = 72;

/**
 * A day's delivered bars as one lazy slice: one BarArrived per row in delivery order, built as an
 * object only when someone needs it; the state folds and the log hashes straight from the columns.
 */
export class BarSlice implements LazySlice<SimEvent>, BarSliceData {
  readonly lazy = true;
  readonly type = 'BarArrived';

  /**
   * Per symbol and kind (live, late, history): the record's tail (history, late, symbol) as
   * words, flat with a fixed stride, and how many words each has.
   */
  private readonly tailWords: Uint32Array;
  private readonly tailLength: Uint8Array;
  private readonly stride: number;

  constructor(readonly day: DayData, readonly rows: Int32Array, readonly deliverAt: Float64Array, readonly kind: Uint8Array) {
    const tails = day.symbols.flatMap((s) => TAILS.of(s));
    this.stride = tails.reduce((m, t) => Math.max(m, t.length), 0);
    this.tailWords = new Uint32Array(tails.length * this.stride);
    this.tailLength = Uint8Array.from(tails, (t) => t.length);
    tails.forEach((t, j) => this.tailWords.set(t, j * this.stride));
  }

  get length(): number {
    return this.rows.length;
  }

  timeAt(i: number): number {
    return this.deliverAt[this.rows[i]!]!;
  }

  materialize(i: number, seq: number): BarArrived {
    const r = this.rows[i]!, d = this.day, k = this.kind[r];
    return {
      type: 'BarArrived', time: this.deliverAt[r]!, symbol: d.symbols[d.sym[r]!]!, start: d.ts[r]!,
      open: d.open[r]!, high: d.high[r]!, low: d.low[r]!, close: d.close[r]!, volume: d.volume[r]!,
      late: k === LATE, history: k === HISTORY, seq,
    };
  }

  /** Numbers in sorted key order: close, high, low, open, seq, start, time, volume. Values are finite (validated on read). */
  writeRecords(from: number, to: number, base: number, w: RecordWriter): void {
    const { rows, deliverAt, kind, tailWords, tailLength, stride } = this;
    const { sym, close, high, low, open, ts, volume } = this.day;
    const { u32, f64, limit } = w;
    let p = w.begin(), done = 0;
    for (let i = from; i < to; i++) {
      const r = rows[i]!;
      const j = sym[r]! * 3 + kind[r]!;
      const words = tailLength[j]!;
      const bytes = HEAD_BYTES + words * 4;
      if (p + bytes > limit) { p = w.spill(p, done); done = 0; }
      const q = p >> 2, f = p >> 3;
      u32[q] = FP0; u32[q + 1] = FP1;
      f64[f + 1] = close[r]!; f64[f + 2] = high[r]!; f64[f + 3] = low[r]!; f64[f + 4] = open[r]!;
      f64[f + 5] = base + i; f64[f + 6] = ts[r]!; f64[f + 7] = deliverAt[r]!; f64[f + 8] = volume[r]!;
      for (let t = 0, o = q + 18, a = j * stride; t < words; t++) u32[o + t] = tailWords[a + t]!;
      p += bytes;
      done++;
    }
    w.end(p, done);
  }
}
