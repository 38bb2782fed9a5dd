import { isSimError, SimError } from '../errors.js';
import type { DerivedBarCompleted, SimEvent } from '../events/index.js';
import { ColumnarSlice, type NumericColumn } from '../columnar/index.js';
import { OhlcvCells } from '../state/index.js';
import { checkInputHash, inputFile, sha256File, verifyInputs } from './inputs.js';
import type { LogRun } from './log-decode.js';
import type { BarRef, LogManifest } from './log-format.js';
import { readDay, type DayBars } from './read-day.js';

type Prices = { open: number; high: number; low: number; close: number; volume: number };

/**
 * Fills in the prices a log by reference leaves out, event by event in log order: a bar's from
 * its input row, a derived bar's by aggregating its bars of the day in time order, as the upkeep
 * does. Holds one input day and the day's bar prices as columns: memory for a day, not the log.
 * Each input file is read once, from inside the data root, and its bytes must hash as the log
 * pinned them (LOG_INPUT_CHANGED).
 */
export class RefResolver {
  private readonly rows: InputRows;
  private readonly today = new SessionBars();
  private readonly window = new OhlcvCells(1);

  /** `manifest`: with the inputs' pinned hashes. */
  constructor(private readonly manifest: LogManifest, private readonly root: string) {
    this.rows = new InputRows(manifest, root);
  }

  /** Event `i` of the log (its reference, if any) with its prices. */
  resolve(e: SimEvent, ref: BarRef | null, i: number): SimEvent {
    if (e.type === 'SessionActivated') this.today.clear();
    const filled = ref === null ? e : withPrices(e, this.rows.prices(ref, i));
    if (filled.type === 'BarArrived') {
      this.today.add(this.today.of(filled.symbol), filled.start, filled.open, filled.high, filled.low, filled.close, filled.volume);
    } else if (filled.type === 'DerivedBarCompleted' && (filled as { open?: number }).open === undefined) {
      return withPrices(filled, this.derivedPrices(filled, i));
    }
    return filled;
  }

  /**
   * A run of a log read with `refRuns` whose first event is event `i` of the log, as a slice with
   * its prices: a bar's from its input row, a derived bar's folded from the day's bars, as
   * `resolve` gives them event by event.
   */
  resolveRun(run: LogRun, i: number): ColumnarSlice {
    const { slice, unpriced } = run;
    if (unpriced === undefined) return slice;
    const n = slice.length;
    // One allocation for the five columns: a run is a minute's bars, and five arrays each cost more than filling them.
    const prices = new Float64Array(5 * n);
    const open = prices.subarray(0, n), high = prices.subarray(n, 2 * n), low = prices.subarray(2 * n, 3 * n), close = prices.subarray(3 * n, 4 * n), volume = prices.subarray(4 * n);
    const names = slice.symbols, sym = slice.sym, start = slice.column('start');
    const bars = this.today.listOf(names);
    if (unpriced !== null) {
      const rows = this.rows;
      for (let k = 0; k < n; k++) {
        const day = rows.day(unpriced.input[k]!, i + k), r = rows.index(unpriced.input[k]!, unpriced.row[k]!, i + k);
        open[k] = day.open[r]!; high[k] = day.high[r]!; low[k] = day.low[r]!; close[k] = day.close[r]!; volume[k] = day.volume[r]!;
        this.today.add(bars[sym[k]!] ?? this.today.enter(bars, names, sym[k]!), start[k]!, open[k]!, high[k]!, low[k]!, close[k]!, volume[k]!);
      }
    } else {
      const end = slice.column('end'), count = slice.column('count'), minutes = slice.column('minutes');
      const w = this.window;
      for (let k = 0; k < n; k++) {
        const p: Prices | null = this.foldWindow(bars[sym[k]!] ?? this.today.enter(bars, names, sym[k]!), start[k]!, end[k]!, count[k]!, names[sym[k]!]!, minutes[k]!, i + k) ? null : EMPTY_FOLD;
        if (p === null) { open[k] = w.open[0]!; high[k] = w.high[0]!; low[k] = w.low[0]!; close[k] = w.close[0]!; volume[k] = w.volume[0]!; }
        else { open[k] = p.open; high[k] = p.high; low[k] = p.low; close[k] = p.close; volume[k] = p.volume; }
      }
    }
    // Not `{ ...slice.columns, open, ... }`: see withPrices.
    const columns = Object.assign({}, slice.columns) as Record<string, NumericColumn>;
    columns.open = open; columns.high = high; columns.low = low; columns.close = close; columns.volume = volume;
    return new ColumnarSlice(slice.kind, { rows: slice.rows, length: n, columns, symbols: slice.symbols, sym, code: slice.code, text: slice.text, tails: slice.tails } as never);
  }

  /** After the last event: the inputs no bar referred to must be unchanged too (the log stands for the run as a whole). */
  finish(): void {
    verifyInputs(this.root, this.manifest.inputs, this.rows.read);
  }

  /**
   * A derived bar's prices from its symbol's bars of the day that start in its window (delivered
   * before it, and in start order: the window is one run of the list), aggregated by the upkeep's
   * own fold; its bar count is checked.
   */
  private derivedPrices(d: DerivedBarCompleted, i: number): Prices {
    if (!this.foldWindow(this.today.of(d.symbol), d.start, d.end, d.count, d.symbol, d.minutes, i)) return EMPTY_FOLD;
    const w = this.window;
    return { open: w.open[0]!, high: w.high[0]!, low: w.low[0]!, close: w.close[0]!, volume: w.volume[0]! };
  }

  /**
   * Folds the bars of `bars` starting in [start, end) into cell 0 of `window`; true when there
   * were some. A count other than the derived bar's (event `i`) is LOG_CORRUPT.
   */
  private foldWindow(bars: SymbolBars, start: number, end: number, count: number, symbol: string, minutes: number, i: number): boolean {
    const w = this.window;
    w.count[0] = 0;
    this.today.fold(bars, start, end, w);
    const got = w.count[0]!;
    if (got !== count) throw new SimError('LOG_CORRUPT', `event ${i}: derived bar ${symbol} ${minutes}m has ${count} bars in the log, found ${got}`, { row: i });
    return got > 0;
  }
}

/** A window of no bars (a log that says so) has the prices of an empty fold, as it always had. */
const EMPTY_FOLD: Prices = Object.freeze({ open: NaN, high: -Infinity, low: Infinity, close: NaN, volume: 0 });

/**
 * The event with its prices, keys in the same order as the event's then the prices'. Not
 * `{ ...e, ...p }`: V8 gave every object built by that spread a hidden class of its own once a
 * price field had held both an integer and a fraction (a day's bars then held 20 MB of classes).
 */
function withPrices(e: SimEvent, p: Prices): SimEvent {
  const o = Object.assign({}, e) as unknown as Record<string, unknown>;
  o.open = p.open; o.high = p.high; o.low = p.low; o.close = p.close; o.volume = p.volume;
  return o as unknown as SimEvent;
}

/** A session's bars by symbol: start and prices in arrival (start) order, six numbers a bar; buffers kept across sessions. */
class SessionBars {
  private readonly bySymbol = new Map<string, SymbolBars>();
  /** A run's symbol list (the same array while the log's dictionary is) -> its symbols' entries by id. */
  private readonly byList = new WeakMap<readonly string[], (SymbolBars | undefined)[]>();

  clear(): void {
    for (const b of this.bySymbol.values()) b.n = 0;
  }

  of(symbol: string): SymbolBars {
    let b = this.bySymbol.get(symbol);
    if (b === undefined) { b = { n: 0, cols: new Float64Array(6 * 512) }; this.bySymbol.set(symbol, b); }
    return b;
  }

  /** The entries of a run's symbols by id (filled in by `enter`): no look-up by name per bar. */
  listOf(names: readonly string[]): (SymbolBars | undefined)[] {
    let list = this.byList.get(names);
    if (list === undefined) { list = []; this.byList.set(names, list); }
    return list;
  }

  enter(list: (SymbolBars | undefined)[], names: readonly string[], id: number): SymbolBars {
    return (list[id] = this.of(names[id]!));
  }

  add(b: SymbolBars, start: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (6 * (b.n + 1) > b.cols.length) { const grown = new Float64Array(2 * b.cols.length); grown.set(b.cols); b.cols = grown; }
    const c = b.cols, at = 6 * b.n++;
    c[at] = start; c[at + 1] = open; c[at + 2] = high; c[at + 3] = low; c[at + 4] = close; c[at + 5] = volume;
  }

  /** Folds the bars of `b` starting in [from, to) into cell 0 of `w`, in order. */
  fold(b: SymbolBars, from: number, to: number, w: OhlcvCells): void {
    const c = b.cols;
    let lo = 0, hi = b.n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (c[6 * mid]! < from) lo = mid + 1; else hi = mid; }
    for (let j = lo; j < b.n && c[6 * j]! < to; j++) {
      const at = 6 * j;
      w.add(0, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!);
    }
  }
}

/** A symbol's bars of the session: start and prices, six numbers a bar, `n` of them. */
interface SymbolBars { n: number; cols: Float64Array }

/** Fills in the prices of a whole log in memory (see RefResolver). */
export function resolveRefs(manifest: LogManifest, events: SimEvent[], refs: readonly (BarRef | null)[], root: string): void {
  const r = new RefResolver(manifest, root);
  events.forEach((e, i) => { events[i] = r.resolve(e, refs[i] ?? null, i); });
  r.finish();
}

/** Input day files, read one day at a time (references come in day order). */
class InputRows {
  /** `rowOf[fileRow]`: the bar's index in `day`, -1 for a row that is not a valid bar. */
  private cached: { input: number; day: DayBars; rowOf: Int32Array } | null = null;
  private readonly interval: '1m' | '1s';
  /** The inputs read (and checked against their pinned hash). */
  readonly read = new Set<number>();

  constructor(private readonly manifest: LogManifest, private readonly root: string) {
    this.interval = (manifest.config as { interval?: '1m' | '1s' }).interval ?? '1m';
  }

  /** The prices of a referenced row; event `i` is named in errors. */
  prices(ref: BarRef, i: number): Prices {
    const day = this.day(ref.input, i), k = this.index(ref.input, ref.row, i);
    return { open: day.open[k]!, high: day.high[k]!, low: day.low[k]!, close: day.close[k]!, volume: day.volume[k]! };
  }

  /** Input `input`'s bars, read (and checked against its pinned hash) when first referred to; event `i` is named in errors. */
  day(input: number, i: number): DayBars {
    if (this.cached?.input !== input) this.load(input, i);
    return this.cached!.day;
  }

  /** The index in `day(input)` of the input's file row `row`; a row that is not a valid bar is LOG_CORRUPT naming event `i`. */
  index(input: number, row: number, i: number): number {
    if (this.cached?.input !== input) this.load(input, i);
    const rowOf = this.cached!.rowOf;
    const k = row >= 0 && row < rowOf.length ? rowOf[row]! : -1;
    if (k < 0) throw new SimError('LOG_CORRUPT', `event ${i} refers to row ${row} of ${this.manifest.inputs[input]!.path}, which is not a valid bar`, { row: i });
    return k;
  }

  private load(index: number, i: number): void {
    const input = this.manifest.inputs[index];
    if (input === undefined) throw new SimError('LOG_CORRUPT', `event ${i} refers to input ${index}, which the manifest does not list`, { row: i });
    const { file, real } = inputFile(this.root, input, index);
    let day: DayBars;
    try {
      day = readDay(file, { interval: this.interval, root: this.root, hash: true });
    } catch (e) {
      // A file gone or no longer readable is a changed input when the log pinned its hash.
      if (isSimError(e) && e.code !== 'DATA_OUTSIDE_ROOT') checkInputHash(this.root, input, real === null ? null : sha256File(real));
      throw e;
    }
    checkInputHash(this.root, input, day.sha256);
    this.read.add(index);
    let rows = 0;
    for (const r of day.fileRow) if (r >= rows) rows = r + 1;
    const rowOf = new Int32Array(rows).fill(-1);
    day.fileRow.forEach((r, k) => { rowOf[r] = k; });
    this.cached = { input: index, day, rowOf };
  }
}
