import type { BarArrived, SimEvent } from '../events/index.js';
import { encodeText, recordHeader, type LazySlice, type RecordWriter } from '../kernel/index.js';
import type { BarSliceData, DayData } from '../state/index.js';
import { HISTORY, LATE } from './day-plan.js';

const HEADER = recordHeader(['type', 'time', 'seq', 'symbol', 'start', 'open', 'high', 'low', 'close', 'volume', 'late', 'history']);
const TYPE = encodeText('BarArrived');

/**
 * A day's delivered bars as one lazy slice: one BarArrived per row in delivery order, built as an
 * object only when someone needs it; the state folds and the log hashes straight from the columns.
 */
export class BarSlice implements LazySlice<SimEvent>, BarSliceData {
  readonly lazy = true;
  readonly type = 'BarArrived';

  /** Each symbol's UTF-8 bytes, encoded once per day rather than once per bar. */
  private readonly symbolBytes: readonly Uint8Array[];

  constructor(readonly day: DayData, readonly rows: Int32Array, readonly deliverAt: Float64Array, readonly kind: Uint8Array) {
    this.symbolBytes = day.symbols.map(encodeText);
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

  /** Keys in sorted order: close, high, history, late, low, open, seq, start, symbol, time, type, volume. */
  writeRecord(i: number, seq: number, w: RecordWriter): void {
    const r = this.rows[i]!, d = this.day, k = this.kind[r];
    w.begin(HEADER);
    w.num(d.close[r]!); w.num(d.high[r]!); w.bool(k === HISTORY); w.bool(k === LATE); w.num(d.low[r]!); w.num(d.open[r]!);
    w.num(seq); w.num(d.ts[r]!); w.encoded(this.symbolBytes[d.sym[r]!]!); w.num(this.deliverAt[r]!); w.encoded(TYPE); w.num(d.volume[r]!);
  }
}
