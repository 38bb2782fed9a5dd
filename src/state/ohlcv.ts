import { FRESH, type ArrayAlloc } from './day-arena.js';
import type { DayData } from './day-data.js';

/** The columns of a day's rows the fold reads. */
type DayColumns = Pick<DayData, 'ts' | 'sym' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

/**
 * The aggregation a derived bar stands for (DESIGN.md section 6): first open, highest high,
 * lowest low, last close, summed volume and the number of bars, over bars added in time order.
 * The upkeep folds a whole day into it (one cell per window and symbol) and a log by reference
 * folds one window to get a derived bar's prices back; one fold for both, so that the replayed
 * prices are the run's, bit for bit (the volume is summed in the same order).
 * It lives in state because both the handlers and storage may import state, not each other.
 */
export class OhlcvCells {
  /** Bars in each cell; a cell with none has no meaningful prices. */
  readonly count: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(readonly cells: number, arrays: ArrayAlloc = FRESH) {
    this.count = arrays.i32(cells);
    this.open = arrays.f64(cells);
    this.high = arrays.f64(cells);
    this.low = arrays.f64(cells);
    this.close = arrays.f64(cells);
    this.volume = arrays.f64(cells);
  }

  /** Adds a bar later than every bar of the cell so far; true when it is the cell's first. */
  add(cell: number, open: number, high: number, low: number, close: number, volume: number): boolean {
    return this.addRun(cell, open, high, low, close, volume, 1);
  }

  /**
   * Adds a day's rows in time order, each to the cell of its window (window * symbols + symbol;
   * windows of `width` ms from `open`), skipping rows whose `kind` is `skip`. The same fold as
   * `add`, written out over the columns: a call per bar costs twice as much.
   */
  addRows(day: DayColumns, kind: Uint8Array, skip: number, open: number, width: number, symbols: number): { filled: number; volume: number; wholeVolumes: boolean } {
    const { ts, sym } = day, dOpen = day.open, dHigh = day.high, dLow = day.low, dClose = day.close, dVolume = day.volume;
    const count = this.count, cOpen = this.open, cHigh = this.high, cLow = this.low, cClose = this.close, cVolume = this.volume;
    let filled = 0, total = 0, whole = true;
    // Rows are in ts order: the window (a division) changes once per window, not per row.
    let windowEnd = -Infinity, base = 0;
    for (let i = 0; i < ts.length; i++) {
      if (kind[i] === skip) continue;
      const t = ts[i]!;
      if (t >= windowEnd) {
        const w = Math.floor((t - open) / width);
        windowEnd = open + (w + 1) * width;
        base = w * symbols;
      }
      const vol = dVolume[i]!;
      total += vol;
      if (vol !== Math.floor(vol)) whole = false;
      const cell = base + sym[i]!;
      if (count[cell] === 0) {
        cOpen[cell] = dOpen[i]!; cHigh[cell] = dHigh[i]!; cLow[cell] = dLow[i]!; cClose[cell] = dClose[i]!; cVolume[cell] = vol; count[cell] = 1;
        filled++;
        continue;
      }
      const h = dHigh[i]!, l = dLow[i]!;
      if (h > cHigh[cell]!) cHigh[cell] = h;
      if (l < cLow[cell]!) cLow[cell] = l;
      cClose[cell] = dClose[i]!;
      cVolume[cell] = cVolume[cell]! + vol;
      count[cell] = count[cell]! + 1;
    }
    return { filled, volume: total, wholeVolumes: whole };
  }

  /** Adds cell `from` of another aggregate (`n` bars, all later than this cell's so far); true when it is this cell's first. */
  addCell(cell: number, other: OhlcvCells, from: number): boolean {
    const n = other.count[from]!;
    if (n === 0) return false;
    return this.addRun(cell, other.open[from]!, other.high[from]!, other.low[from]!, other.close[from]!, other.volume[from]!, n);
  }

  private addRun(cell: number, open: number, high: number, low: number, close: number, volume: number, n: number): boolean {
    const count = this.count;
    if (count[cell] === 0) {
      // The first volume is taken as it is, not added to 0 (which would turn -0 into 0).
      this.open[cell] = open; this.high[cell] = high; this.low[cell] = low; this.close[cell] = close; this.volume[cell] = volume; count[cell] = n;
      return true;
    }
    if (high > this.high[cell]!) this.high[cell] = high;
    if (low < this.low[cell]!) this.low[cell] = low;
    this.close[cell] = close;
    this.volume[cell] = this.volume[cell]! + volume;
    count[cell] = count[cell]! + n;
    return false;
  }
}
