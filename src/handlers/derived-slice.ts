import type { DerivedBarCompleted, SimEvent } from '../events/index.js';
import { encodeText, recordHeader, type LazySlice, type RecordWriter } from '../kernel/index.js';
import type { DerivedSliceData } from '../state/index.js';

const HEADER = recordHeader(['type', 'time', 'seq', 'symbol', 'minutes', 'start', 'end', 'open', 'high', 'low', 'close', 'volume', 'count']);
const TYPE = encodeText('DerivedBarCompleted');

/** A day's derived bars as one lazy slice, in completion order (time, then interval, then symbol). */
export class DerivedSlice implements LazySlice<SimEvent>, DerivedSliceData {
  readonly lazy = true;
  readonly type = 'DerivedBarCompleted';
  private readonly symbolBytes: readonly Uint8Array[];

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
    this.symbolBytes = symbols.map(encodeText);
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

  /** Sorted keys: close, count, end, high, low, minutes, open, seq, start, symbol, time, type, volume. */
  writeRecord(i: number, seq: number, w: RecordWriter): void {
    w.begin(HEADER);
    w.num(this.close[i]!); w.num(this.count[i]!); w.num(this.end[i]!); w.num(this.high[i]!); w.num(this.low[i]!); w.num(this.minutes[i]!);
    w.num(this.open[i]!); w.num(seq); w.num(this.start[i]!); w.encoded(this.symbolBytes[this.sym[i]!]!); w.num(this.time[i]!); w.encoded(TYPE); w.num(this.volume[i]!);
  }
}
