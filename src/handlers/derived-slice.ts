import type { DerivedBarCompleted, SimEvent } from '../events/index.js';
import { schemaFingerprint, type LazySlice, type RecordWriter } from '../kernel/index.js';
import type { DerivedSliceData } from '../state/index.js';
import { recordTail, TailCache } from './record-tail.js';

const FINGERPRINT = schemaFingerprint('DerivedBarCompleted', {
  close: 'n', count: 'n', end: 'n', high: 'n', low: 'n', minutes: 'n', open: 'n', seq: 'n', start: 'n', time: 'n', volume: 'n', symbol: 's',
});
const FP0 = FINGERPRINT[0]!, FP1 = FINGERPRINT[1]!;
const TAILS = new TailCache((s) => recordTail([], [s]));
/** Bytes before the tail: fingerprint and eleven numbers. */
const HEAD_BYTES = 96;

/** A day's derived bars as one lazy slice, in completion order (time, then interval, then symbol). */
export class DerivedSlice implements LazySlice<SimEvent>, DerivedSliceData {
  readonly lazy = true;
  readonly type = 'DerivedBarCompleted';
  private readonly tails: readonly Uint32Array[];

  constructor(
    readonly symbols: readonly string[],
    readonly time: Float64Array,
    readonly sym: Int32Array,
    readonly minutes: Int32Array,
    readonly start: Float64Array,
    readonly end: Float64Array,
    readonly open: Float64Array,
    readonly high: Float64Array,
    readonly low: Float64Array,
    readonly close: Float64Array,
    readonly volume: Float64Array,
    readonly count: Int32Array,
  ) {
    this.tails = symbols.map((s) => TAILS.of(s));
  }

  get length(): number {
    return this.time.length;
  }

  timeAt(i: number): number {
    return this.time[i]!;
  }

  materialize(i: number, seq: number): DerivedBarCompleted {
    return {
      type: 'DerivedBarCompleted', time: this.time[i]!, symbol: this.symbols[this.sym[i]!]!, minutes: this.minutes[i]!, start: this.start[i]!, end: this.end[i]!,
      open: this.open[i]!, high: this.high[i]!, low: this.low[i]!, close: this.close[i]!, volume: this.volume[i]!, count: this.count[i]!, seq,
    };
  }

  /** Numbers in sorted key order: close, count, end, high, low, minutes, open, seq, start, time, volume. */
  writeRecords(from: number, to: number, base: number, w: RecordWriter): void {
    const { u32, f64, limit } = w;
    let p = w.begin(), done = 0;
    for (let i = from; i < to; i++) {
      const tail = this.tails[this.sym[i]!]!;
      const bytes = HEAD_BYTES + tail.length * 4;
      if (p + bytes > limit) { p = w.spill(p, done); done = 0; }
      const q = p >> 2, f = p >> 3;
      u32[q] = FP0; u32[q + 1] = FP1;
      f64[f + 1] = this.close[i]!; f64[f + 2] = this.count[i]!; f64[f + 3] = this.end[i]!; f64[f + 4] = this.high[i]!;
      f64[f + 5] = this.low[i]!; f64[f + 6] = this.minutes[i]!; f64[f + 7] = this.open[i]!; f64[f + 8] = base + i;
      f64[f + 9] = this.start[i]!; f64[f + 10] = this.time[i]!; f64[f + 11] = this.volume[i]!;
      for (let t = 0, o = q + 24; t < tail.length; t++) u32[o + t] = tail[t]!;
      p += bytes;
      done++;
    }
    w.end(p, done);
  }
}
