import type { GapDetected, SimEvent } from '../events/index.js';
import { schemaFingerprint, type LazySlice, type RecordWriter } from '../kernel/index.js';
import type { GapSliceData } from '../state/index.js';
import { recordTail } from './record-tail.js';

const FINGERPRINT = schemaFingerprint('GapDetected', { from: 'n', missing: 'n', seq: 'n', time: 'n', to: 'n', date: 's', symbol: 's' });
const FP0 = FINGERPRINT[0]!, FP1 = FINGERPRINT[1]!;
/** Bytes before the tail: fingerprint and five numbers. */
const HEAD_BYTES = 48;

/** A day's gaps as one lazy slice, in the order they become known (time, then universe order). */
export class GapSlice implements LazySlice<SimEvent>, GapSliceData {
  readonly lazy = true;
  readonly type = 'GapDetected';
  /** Built on first use: most symbols have no gap on most days. */
  private readonly tails: (Uint32Array | undefined)[];

  constructor(
    readonly date: string,
    readonly symbols: readonly string[],
    readonly time: Float64Array,
    readonly sym: Int32Array,
    readonly from: Float64Array,
    readonly to: Float64Array,
    readonly missing: Int32Array,
  ) {
    this.tails = new Array<Uint32Array | undefined>(symbols.length);
  }

  get length(): number {
    return this.time.length;
  }

  timeAt(i: number): number {
    return this.time[i]!;
  }

  materialize(i: number, seq: number): GapDetected {
    return { type: 'GapDetected', time: this.time[i]!, date: this.date, symbol: this.symbols[this.sym[i]!]!, from: this.from[i]!, to: this.to[i]!, missing: this.missing[i]!, seq };
  }

  /** Numbers in sorted key order: from, missing, seq, time, to; then date and symbol. */
  writeRecords(from: number, to: number, base: number, w: RecordWriter): void {
    const { u32, f64, limit } = w;
    let p = w.begin(), done = 0;
    for (let i = from; i < to; i++) {
      const k = this.sym[i]!;
      const tail = this.tails[k] ??= recordTail([], [this.date, this.symbols[k]!]);
      const bytes = HEAD_BYTES + tail.length * 4;
      if (p + bytes > limit) { p = w.spill(p, done); done = 0; }
      const q = p >> 2, f = p >> 3;
      u32[q] = FP0; u32[q + 1] = FP1;
      f64[f + 1] = this.from[i]!; f64[f + 2] = this.missing[i]!; f64[f + 3] = base + i; f64[f + 4] = this.time[i]!; f64[f + 5] = this.to[i]!;
      for (let t = 0, o = q + 12; t < tail.length; t++) u32[o + t] = tail[t]!;
      p += bytes;
      done++;
    }
    w.end(p, done);
  }
}
