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
 * How a day row is delivered (`DeliveredBars.kind`, the state's bar `kind`): at its arrival
 * (live), at the instant the data became ready because it arrived before (late), at that
 * instant as the history before a mid-session start, or not at all (outside the session).
 */
export const DELIVERY = { LIVE: 0, LATE: 1, HISTORY: 2, NOT_DELIVERED: 255 } as const;
export type Delivery = (typeof DELIVERY)[keyof typeof DELIVERY];

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
  /** Per day row, a DELIVERY kind. */
  readonly kind: Uint8Array;
}

/** The columns a run of delivered bars is read from: `rows` index the day's rows in delivery order. */
export interface DeliveredBars {
  readonly day: DayData;
  readonly rows: Int32Array;
  /** Per day row, a DELIVERY kind. */
  readonly kind: Uint8Array;
}

/**
 * Delivered bars as columns, with each day row's delivery instant. The stream hands this to the
 * state without building an object per bar.
 */
export interface BarSliceData extends DeliveredBars {
  readonly deliverAt: Float64Array;
}

/** Derived bars as columns, in completion order (see the upkeep handler). */
export interface DerivedSliceData {
  readonly symbols: readonly string[];
  readonly time: Float64Array;
  readonly sym: Int32Array;
  readonly minutes: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly count: Int32Array;
}

/** A day's gaps as columns, in the order they become known (see the upkeep handler). */
export interface GapSliceData {
  readonly date: string;
  readonly symbols: readonly string[];
  readonly time: Float64Array;
  readonly sym: Int32Array;
  readonly from: Float64Array;
  readonly to: Float64Array;
  readonly missing: Int32Array;
}

/** The event kinds that travel as columns, told apart by their event type. */
export type ColumnarSlice =
  | (BarSliceData & { readonly type: 'BarArrived' })
  | (DerivedSliceData & { readonly type: 'DerivedBarCompleted' })
  | (GapSliceData & { readonly type: 'GapDetected' });

/**
 * The columns of a lazy slice of a columnar kind, else null (its events are then folded and
 * logged one by one). The handlers build every lazy slice of these types with these columns.
 */
export function columnarSlice(slice: { readonly type: string }): ColumnarSlice | null {
  const t = slice.type;
  return t === 'BarArrived' || t === 'DerivedBarCompleted' || t === 'GapDetected' ? (slice as ColumnarSlice) : null;
}
