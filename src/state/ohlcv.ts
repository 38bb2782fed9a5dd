import { FRESH, type ArrayAlloc } from './day-arena.js';

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
