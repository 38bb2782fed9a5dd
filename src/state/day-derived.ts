import type { DerivedSlice } from '../columnar/index.js';
import { PendingRun } from './pending-run.js';

const INITIAL_CAPACITY = 256;

function grown<T extends Float64Array | Int32Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

/**
 * The current day's derived bars, as columns in completion order. Like the day's bars, a run
 * folded from a columnar slice is remembered and copied only when somebody reads the columns;
 * the columns are kept from day to day.
 */
export class DerivedTable {
  private copied = 0;
  private symbols: string[] = [];
  private cols = {
    minutes: new Int32Array(INITIAL_CAPACITY), start: new Float64Array(INITIAL_CAPACITY), end: new Float64Array(INITIAL_CAPACITY),
    open: new Float64Array(INITIAL_CAPACITY), high: new Float64Array(INITIAL_CAPACITY), low: new Float64Array(INITIAL_CAPACITY),
    close: new Float64Array(INITIAL_CAPACITY), volume: new Float64Array(INITIAL_CAPACITY), n: new Int32Array(INITIAL_CAPACITY),
  };
  private readonly pending = new PendingRun<DerivedSlice>();

  /** Derived bars today. */
  get count(): number {
    return this.copied + this.pending.length;
  }

  get symbol(): readonly string[] { this.copy(); return this.symbols; }
  get minutes(): Int32Array { this.copy(); return this.cols.minutes.subarray(0, this.copied); }
  get start(): Float64Array { this.copy(); return this.cols.start.subarray(0, this.copied); }
  get end(): Float64Array { this.copy(); return this.cols.end.subarray(0, this.copied); }
  get open(): Float64Array { this.copy(); return this.cols.open.subarray(0, this.copied); }
  get high(): Float64Array { this.copy(); return this.cols.high.subarray(0, this.copied); }
  get low(): Float64Array { this.copy(); return this.cols.low.subarray(0, this.copied); }
  get close(): Float64Array { this.copy(); return this.cols.close.subarray(0, this.copied); }
  get volume(): Float64Array { this.copy(); return this.cols.volume.subarray(0, this.copied); }
  /** Minute bars in each derived bar. */
  get n(): Int32Array { this.copy(); return this.cols.n.subarray(0, this.copied); }

  /** Starts a new day. */
  reset(): void {
    this.copied = 0;
    this.symbols = [];
    this.pending.drop();
  }

  add(symbol: string, minutes: number, start: number, end: number, open: number, high: number, low: number, close: number, volume: number, n: number): void {
    this.copy();
    this.reserve(1);
    const i = this.copied++;
    const c = this.cols;
    this.symbols[i] = symbol; c.minutes[i] = minutes; c.start[i] = start; c.end[i] = end;
    c.open[i] = open; c.high[i] = high; c.low[i] = low; c.close[i] = close; c.volume[i] = volume; c.n[i] = n;
  }

  /** Appends elements [from, to) of a slice of derived bars, in its order. */
  addSlice(d: DerivedSlice, from: number, to: number): void {
    if (to <= from || this.pending.extend(d, from, to)) return;
    this.copy();
    this.pending.start(d, from, to);
  }

  private reserve(k: number): void {
    const need = this.copied + k;
    const c = this.cols;
    if (need <= c.start.length) return;
    let cap = c.start.length * 2;
    while (cap < need) cap *= 2;
    this.cols = {
      minutes: grown(c.minutes, cap), start: grown(c.start, cap), end: grown(c.end, cap), open: grown(c.open, cap), high: grown(c.high, cap),
      low: grown(c.low, cap), close: grown(c.close, cap), volume: grown(c.volume, cap), n: grown(c.n, cap),
    };
  }

  private copy(): void {
    const run = this.pending.take();
    if (run === null) return;
    const { slice: d, from, to } = run;
    this.reserve(to - from);
    const c = this.cols;
    const { rows, symbols, sym } = d;
    const { minutes, start, end, open, high, low, close, volume, count } = d.columns;
    let j = this.copied;
    for (let i = from; i < to; i++, j++) {
      const r = rows === null ? i : rows[i]!;
      this.symbols[j] = symbols[sym[r]!]!; c.minutes[j] = minutes[r]!; c.start[j] = start[r]!; c.end[j] = end[r]!;
      c.open[j] = open[r]!; c.high[j] = high[r]!; c.low[j] = low[r]!; c.close[j] = close[r]!; c.volume[j] = volume[r]!; c.n[j] = count[r]!;
    }
    this.copied = j;
  }
}
