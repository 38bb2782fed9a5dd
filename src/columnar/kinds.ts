import { defineKind, type ColumnarKind } from './kind.js';
import { ColumnarSlice } from './slice.js';

/**
 * How a day row is delivered (a bar slice's `code`, the state's bar `kind`): at its arrival
 * (live), at the instant the data became ready because it arrived before (late), at that
 * instant as the history before a mid-session start, or not at all (outside the session).
 */
export const DELIVERY = { LIVE: 0, LATE: 1, HISTORY: 2, NOT_DELIVERED: 255 } as const;
export type Delivery = (typeof DELIVERY)[keyof typeof DELIVERY];

/** A minute bar delivered: `time` its delivery instant, `code` its DELIVERY kind. */
export const BAR_ARRIVED = defineKind({
  type: 'BarArrived',
  fields: {
    time: 'number', symbol: 'symbol', start: 'number', open: 'number', high: 'number', low: 'number', close: 'number', volume: 'number',
    late: { flag: DELIVERY.LATE }, history: { flag: DELIVERY.HISTORY },
  },
  prices: 'input-row',
});

/** A derived bar at its window's end, in completion order (time, then interval, then symbol). */
export const DERIVED_BAR_COMPLETED = defineKind({
  type: 'DerivedBarCompleted',
  fields: {
    time: 'number', symbol: 'symbol', minutes: 'number', start: 'number', end: 'number',
    open: 'number', high: 'number', low: 'number', close: 'number', volume: 'number', count: 'number',
  },
  prices: 'aggregate',
});

/** A gap in a symbol's bars, in the order gaps become known (time, then universe order). */
export const GAP_DETECTED = defineKind({
  type: 'GapDetected',
  fields: { time: 'number', date: 'text', symbol: 'symbol', from: 'number', to: 'number', missing: 'number' },
});

export type BarSlice = ColumnarSlice<typeof BAR_ARRIVED>;
export type DerivedSlice = ColumnarSlice<typeof DERIVED_BAR_COMPLETED>;
export type GapSlice = ColumnarSlice<typeof GAP_DETECTED>;
/** Every columnar kind's slice, told apart by `type`. */
export type AnySlice = BarSlice | DerivedSlice | GapSlice;

/** Every shipped columnar kind; a kind's index here names it in the hash thread's messages. */
export const COLUMNAR_KINDS: readonly ColumnarKind[] = [BAR_ARRIVED, DERIVED_BAR_COMPLETED, GAP_DETECTED] as ColumnarKind[];

/** Every columnar kind, by its event type. */
const KINDS: ReadonlyMap<string, ColumnarKind> = new Map(COLUMNAR_KINDS.map((k) => [k.type, k]));

/** The columnar kind of an event type, or undefined for a type that never travels as columns. */
export function kindOf(type: string): ColumnarKind | undefined {
  return KINDS.get(type);
}

/**
 * A lazy slice of one of the shipped kinds (above), else null: what consumers that dispatch on
 * the kind's type (the state's fold) take. Any other slice is folded event by event.
 */
export function columnar(slice: { readonly type: string }): AnySlice | null {
  return slice instanceof ColumnarSlice && KINDS.get(slice.type) === slice.kind ? (slice as AnySlice) : null;
}

/** A lazy slice of any declared kind, else null: what consumers that work from the declaration alone (the log's rows) take. */
export function anyColumnar(slice: { readonly type: string }): ColumnarSlice | null {
  return slice instanceof ColumnarSlice ? slice : null;
}
