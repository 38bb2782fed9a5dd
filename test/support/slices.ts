import type { DayData } from '../../src/state/index.js';
import { BAR_ARRIVED, ColumnarSlice, DERIVED_BAR_COMPLETED, GAP_DETECTED, type BarSlice, type DerivedSlice, type GapSlice } from '../../src/columnar/index.js';

/** A day's columns as the reader gives them (only what a bar slice reads). */
export type DayColumns = Pick<DayData, 'symbols' | 'ts' | 'sym' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'fileRow'>;

/** A bar slice as the stream handler builds one: day rows `rows`, each delivered at deliverAt[r] as code[r]. */
export function barSlice(day: DayColumns, rows: Int32Array, deliverAt: Float64Array, code: Uint8Array): BarSlice {
  return new ColumnarSlice(BAR_ARRIVED, {
    rows, length: rows.length, symbols: day.symbols, sym: day.sym, code, text: {}, inputRow: day.fileRow ?? null,
    columns: { time: deliverAt, start: day.ts, open: day.open, high: day.high, low: day.low, close: day.close, volume: day.volume },
  });
}

export interface DerivedColumns {
  readonly symbols: readonly string[];
  readonly time: Float64Array; readonly sym: Int32Array; readonly minutes: Int32Array; readonly start: Float64Array; readonly end: Float64Array;
  readonly open: Float64Array; readonly high: Float64Array; readonly low: Float64Array; readonly close: Float64Array; readonly volume: Float64Array; readonly count: Int32Array;
}

export function derivedSlice(d: DerivedColumns): DerivedSlice {
  const { symbols, sym, ...columns } = d;
  return new ColumnarSlice(DERIVED_BAR_COMPLETED, { rows: null, length: d.time.length, symbols, sym, code: null, text: {}, columns });
}

export function gapSlice(date: string, symbols: readonly string[], time: Float64Array, sym: Int32Array, from: Float64Array, to: Float64Array, missing: Int32Array): GapSlice {
  return new ColumnarSlice(GAP_DETECTED, { rows: null, length: time.length, symbols, sym, code: null, text: { date }, columns: { time, from, to, missing } });
}
