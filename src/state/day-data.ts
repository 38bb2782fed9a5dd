/**
 * A day of bars as handlers see it: columns sorted by (ts, symbol), `sym` indexing `symbols`.
 * Storage's DayBars has this shape; handlers never import storage (DESIGN.md section 12).
 */
export interface DayData {
  readonly symbols: readonly string[];
  readonly ts: Float64Array;
  readonly sym: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Duplicate (ts, symbol) rows dropped on read, per symbol index. */
  readonly duplicates: Int32Array;
  /** File row of each kept row (for log references). */
  readonly fileRow?: Int32Array;
}

export type LoadResult =
  | { readonly ok: true; readonly day: DayData }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/**
 * When and how each row of a day is delivered, computed once per day from the session and the
 * instant the data became visible (see the handlers' day-plan). Rows are in (ts, symbol) order,
 * arrival = ts + interval is monotone in it, and so is the delivery time max(arrival, readyAt):
 * row order is delivery order. The session inputs it was made from are kept with it.
 */
export interface DayPlan {
  readonly day: DayData;
  readonly open: number;
  readonly close: number;
  readonly breakStart: number;
  readonly breakEnd: number;
  readonly readyAt: number;
  /** Bars that had ended by then are history (a mid-session start). */
  readonly historyUntil: number;
  readonly deliverAt: Float64Array;
  /** Per day row, a DELIVERY kind (columnar/kinds.ts). */
  readonly kind: Uint8Array;
}
