import type { BarSlice } from '../columnar/index.js';
import { PendingRun } from './pending-run.js';

/**
 * One symbol's bars of the day as asked for: exact-length columns in arrival order (`count` of
 * each). The same shape as a snapshot's `bars.get(symbol)`. Ask again for the bars that came since.
 */
export interface SymbolBars {
  readonly symbol: string;
  readonly count: number;
  readonly start: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** A DELIVERY kind (live, late or history). */
  readonly kind: Uint8Array;
}

/** One symbol's bars of the current day, as growing columns (valid up to `count`): the table's own. */
interface SymbolDay {
  readonly symbol: string;
  count: number;
  start: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** A DELIVERY kind (live, late or history). */
  kind: Uint8Array;
}

const INITIAL_CAPACITY = 1024;
/** How many of the newest uncopied bars lastClose searches before it copies the day instead. */
const LAST_CLOSE_SEARCH = 8192;

function grown<T extends Float64Array | Int32Array | Uint8Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

function newSymbolDay(symbol: string, capacity: number): SymbolDay {
  const f = () => new Float64Array(capacity);
  return { symbol, count: 0, start: f(), open: f(), high: f(), low: f(), close: f(), volume: f(), kind: new Uint8Array(capacity) };
}

/**
 * The current day's delivered bars, all symbols together in arrival order. A run of bars folded
 * from a columnar slice is only remembered (which slice, which elements): the slice's columns are
 * immutable, so the bars are copied into the table's own columns only when somebody reads them,
 * or when bars come from elsewhere. A run that never looks at the day's bars never copies them;
 * the state is the same either way. The columns are kept from day to day (a new day resets the
 * count). `get(symbol)` gives one symbol's bars, brought up to date when asked for.
 */
export class DayBarTable {
  private copied = 0;
  private symbolNames: string[] = [];
  private cols = {
    sym: new Int32Array(INITIAL_CAPACITY),
    start: new Float64Array(INITIAL_CAPACITY),
    open: new Float64Array(INITIAL_CAPACITY),
    high: new Float64Array(INITIAL_CAPACITY),
    low: new Float64Array(INITIAL_CAPACITY),
    close: new Float64Array(INITIAL_CAPACITY),
    volume: new Float64Array(INITIAL_CAPACITY),
    kind: new Uint8Array(INITIAL_CAPACITY),
  };
  private index = new Map<string, number>();
  private perSymbol: SymbolDay[] = [];
  /** Rows already copied into `perSymbol`. */
  private synced = 0;
  /** Elements of a slice folded but not copied yet. */
  private readonly pending = new PendingRun<BarSlice>();
  /**
   * The table's index of each entry of the symbol list `indexed` (-1: not seen yet), for today:
   * kept per list, not per slice, since slices often share one (a log's runs share its dictionary).
   */
  private indexed: readonly string[] | null = null;
  private pendingIndex: Int32Array = new Int32Array(0);

  /** Bars today. */
  get count(): number {
    return this.copied + this.pending.length;
  }

  /** Symbols in order of first arrival today; `sym` indexes this. */
  get names(): readonly string[] { this.copy(); return this.symbolNames; }
  get sym(): Int32Array { this.copy(); return this.cols.sym.subarray(0, this.copied); }
  get start(): Float64Array { this.copy(); return this.cols.start.subarray(0, this.copied); }
  get open(): Float64Array { this.copy(); return this.cols.open.subarray(0, this.copied); }
  get high(): Float64Array { this.copy(); return this.cols.high.subarray(0, this.copied); }
  get low(): Float64Array { this.copy(); return this.cols.low.subarray(0, this.copied); }
  get close(): Float64Array { this.copy(); return this.cols.close.subarray(0, this.copied); }
  get volume(): Float64Array { this.copy(); return this.cols.volume.subarray(0, this.copied); }
  get kind(): Uint8Array { this.copy(); return this.cols.kind.subarray(0, this.copied); }

  /** Starts a new day. */
  reset(): void {
    this.copied = 0;
    this.symbolNames = [];
    this.index = new Map();
    this.perSymbol = [];
    this.views = [];
    this.synced = 0;
    this.pending.drop();
    this.indexed = null;
  }

  /** Appends one bar (kind: a DELIVERY kind). */
  add(symbol: string, start: number, open: number, high: number, low: number, close: number, volume: number, kind: number): void {
    this.copy();
    const k = this.symbolIndex(symbol);
    this.reserve(1);
    const i = this.copied++;
    const c = this.cols;
    c.sym[i] = k; c.start[i] = start; c.open[i] = open; c.high[i] = high; c.low[i] = low; c.close[i] = close; c.volume[i] = volume; c.kind[i] = kind;
  }

  /** Appends elements [from, to) of a slice of delivered bars, in its order. */
  addSlice(b: BarSlice, from: number, to: number): void {
    if (to <= from || this.pending.extend(b, from, to)) return;
    this.copy();
    if (this.indexed !== b.symbols) {
      this.indexed = b.symbols;
      this.pendingIndex = new Int32Array(b.symbols.length).fill(-1);
    }
    this.pending.start(b, from, to);
  }

  /** Symbols with bars today, sorted. */
  symbols(): string[] {
    return [...this.names].sort();
  }

  /** Number of symbols with bars today. */
  get size(): number {
    return this.names.length;
  }

  /**
   * One symbol's bars so far today, exact-length (no copy: views of the table's columns, kept until
   * more bars of the symbol come), or undefined before its first bar.
   */
  get(symbol: string): SymbolBars | undefined {
    this.copy();
    const k = this.index.get(symbol);
    if (k === undefined) return undefined;
    this.sync();
    const d = this.perSymbol[k]!;
    let v = this.views[k];
    if (v === undefined || v.count !== d.count || v.start.buffer !== d.start.buffer) {
      const n = d.count;
      v = { symbol, count: n, start: d.start.subarray(0, n), open: d.open.subarray(0, n), high: d.high.subarray(0, n), low: d.low.subarray(0, n), close: d.close.subarray(0, n), volume: d.volume.subarray(0, n), kind: d.kind.subarray(0, n) };
      this.views[k] = v;
    }
    return v;
  }

  /** The exact-length views handed out, by symbol index, while they are current. */
  private views: (SymbolBars | undefined)[] = [];

  /**
   * A symbol's last close today (NaN: no bar yet), without copying the day's bars when it can: the
   * newest bars are searched first, where a traded symbol is found within an instant or two (a
   * strategy asks for prices often; the plain run never copies its bars). A long search copies once.
   */
  lastClose(symbol: string): number {
    const run = this.pending.peek();
    if (run !== null) {
      const { slice, from, to } = run;
      const id = this.idIn(slice.symbols, symbol);
      if (id >= 0) {
        const { rows, sym } = slice;
        const close = slice.columns.close;
        const stop = Math.max(from, to - LAST_CLOSE_SEARCH);
        for (let i = to - 1; i >= stop; i--) {
          const r = rows === null ? i : rows[i]!;
          if (sym[r] === id) return close[r]!;
        }
      }
      if (id >= 0 && to - from > LAST_CLOSE_SEARCH) this.copy();
    }
    const k = this.index.get(symbol);
    if (k === undefined) return NaN;
    this.sync();
    const d = this.perSymbol[k];
    return d === undefined || d.count === 0 ? NaN : d.close[d.count - 1]!;
  }

  /** A symbol's id in a slice's symbol list (-1: not in it), by a map kept per list. */
  private idIn(symbols: readonly string[], symbol: string): number {
    if (this.idsFor !== symbols) {
      this.idsFor = symbols;
      this.ids = new Map(symbols.map((s, i) => [s, i]));
    }
    return this.ids.get(symbol) ?? -1;
  }

  private idsFor: readonly string[] | null = null;
  private ids = new Map<string, number>();

  private symbolIndex(symbol: string): number {
    let k = this.index.get(symbol);
    if (k === undefined) {
      k = this.symbolNames.length;
      this.symbolNames.push(symbol);
      this.index.set(symbol, k);
    }
    return k;
  }

  private reserve(n: number): void {
    const need = this.copied + n;
    const c = this.cols;
    if (need <= c.sym.length) return;
    let cap = c.sym.length * 2;
    while (cap < need) cap *= 2;
    this.cols = {
      sym: grown(c.sym, cap), start: grown(c.start, cap), open: grown(c.open, cap), high: grown(c.high, cap),
      low: grown(c.low, cap), close: grown(c.close, cap), volume: grown(c.volume, cap), kind: grown(c.kind, cap),
    };
  }

  /** Copies the pending run of slice bars into the columns. */
  private copy(): void {
    const run = this.pending.take();
    if (run === null) return;
    const { slice: b, from, to } = run;
    this.reserve(to - from);
    const { rows, code: kind, sym, symbols } = b;
    const { start: ts, open, high, low, close, volume } = b.columns;
    const index = this.pendingIndex;
    const c = this.cols;
    let j = this.copied;
    for (let i = from; i < to; i++, j++) {
      const r = rows === null ? i : rows[i]!, k = sym[r]!;
      let ti = index[k]!;
      if (ti < 0) { ti = this.symbolIndex(symbols[k]!); index[k] = ti; }
      c.sym[j] = ti; c.start[j] = ts[r]!; c.open[j] = open[r]!; c.high[j] = high[r]!; c.low[j] = low[r]!; c.close[j] = close[r]!; c.volume[j] = volume[r]!; c.kind[j] = kind![r]!;
    }
    this.copied = j;
  }

  private sync(): void {
    const c = this.cols;
    for (let i = this.synced; i < this.copied; i++) {
      const k = c.sym[i]!;
      let d = this.perSymbol[k];
      if (d === undefined) { d = newSymbolDay(this.symbolNames[k]!, 512); this.perSymbol[k] = d; }
      if (d.count === d.start.length) {
        const cap = d.count * 2;
        d.start = grown(d.start, cap); d.open = grown(d.open, cap); d.high = grown(d.high, cap); d.low = grown(d.low, cap);
        d.close = grown(d.close, cap); d.volume = grown(d.volume, cap); d.kind = grown(d.kind, cap);
      }
      const j = d.count++;
      d.start[j] = c.start[i]!; d.open[j] = c.open[i]!; d.high[j] = c.high[i]!; d.low[j] = c.low[i]!;
      d.close[j] = c.close[i]!; d.volume[j] = c.volume[i]!; d.kind[j] = c.kind[i]!;
    }
    this.synced = this.copied;
  }
}
