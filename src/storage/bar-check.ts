import { PRICE_COLUMNS } from './layout.js';

/**
 * What makes a bar's numbers invalid, written once for the two places bars enter: the day file
 * reader (a bad row is flagged and skipped) and the CSV importer (a bad row is rejected). Each
 * reports the fault in its own terms (its row, its column's name, its value as the user wrote it).
 */

export type PriceColumn = (typeof PRICE_COLUMNS)[number];
export type BarFaultReason = 'non-finite' | 'high-below-low' | 'outside-range' | 'negative-volume';

/** The first rule a bar breaks, and the column it shows in. */
export interface BarFault {
  readonly reason: BarFaultReason;
  readonly column: PriceColumn;
}

// Shared and frozen: checking a valid bar allocates nothing, and neither does finding a fault.
const fault = (reason: BarFaultReason, column: PriceColumn): BarFault => Object.freeze({ reason, column });
const NON_FINITE = PRICE_COLUMNS.map((c) => fault('non-finite', c));
const HIGH_BELOW_LOW = fault('high-below-low', 'high');
const OPEN_OUTSIDE = fault('outside-range', 'open');
const CLOSE_OUTSIDE = fault('outside-range', 'close');
const NEGATIVE_VOLUME = fault('negative-volume', 'volume');

/**
 * The first rule the bar breaks, in this order, or null for a valid bar: every value finite (the
 * first one that is not), high not below low, open and close within [low, high], volume not
 * negative.
 */
export function barFault(open: number, high: number, low: number, close: number, volume: number): BarFault | null {
  // x - x is 0 for every finite x and NaN otherwise: one test for all five values.
  if ((open - open) + (high - high) + (low - low) + (close - close) + (volume - volume) !== 0) {
    return NON_FINITE[[open, high, low, close, volume].findIndex((x) => !Number.isFinite(x))]!;
  }
  if (high < low) return HIGH_BELOW_LOW;
  if (open < low || open > high) return OPEN_OUTSIDE;
  if (close < low || close > high) return CLOSE_OUTSIDE;
  if (volume < 0) return NEGATIVE_VOLUME;
  return null;
}

/** A bar start on the interval's grid (a whole number of intervals since the epoch). */
export function onGrid(start: number, step: number): boolean {
  return start % step === 0;
}
