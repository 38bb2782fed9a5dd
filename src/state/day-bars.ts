/** One symbol's bars of the current day, as columns in arrival order (valid up to `count`). */
export interface SymbolDay {
  readonly symbol: string;
  count: number;
  start: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** 1 = delivered late, 2 = history (mid-session start), 0 = live. */
  kind: Uint8Array;
}

const INITIAL_CAPACITY = 1024;

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
 * The current day's delivered bars, all symbols together in arrival order: a bar is appended to
 * one set of columns, so folding a run of bars writes memory in sequence, whatever the number of
 * symbols. The columns are kept from day to day (a new day resets the count), so a run allocates
 * them once. `get(symbol)` gives one symbol's bars; the per-symbol columns are brought up to date
 * only when asked for, so a run that never asks never builds them.
 */
export class DayBarTable {
  count = 0;
  /** Changes whenever the table is reset (a new day), for caches keyed on the table. */
  generation = 0;
  /** Symbols in order of first arrival today; `sym` indexes this. */
  names: string[] = [];
  sym = new Int32Array(INITIAL_CAPACITY);
  start = new Float64Array(INITIAL_CAPACITY);
  open = new Float64Array(INITIAL_CAPACITY);
  high = new Float64Array(INITIAL_CAPACITY);
  low = new Float64Array(INITIAL_CAPACITY);
  close = new Float64Array(INITIAL_CAPACITY);
  volume = new Float64Array(INITIAL_CAPACITY);
  kind = new Uint8Array(INITIAL_CAPACITY);
  private index = new Map<string, number>();
  private perSymbol: SymbolDay[] = [];
  /** Rows already copied into `perSymbol`. */
  private synced = 0;

  /** Starts a new day. */
  reset(): void {
    this.count = 0;
    this.generation++;
    this.names = [];
    this.index = new Map();
    this.perSymbol = [];
    this.synced = 0;
  }

  /** The table's index of a symbol, added on first sight. */
  symbolIndex(symbol: string): number {
    let k = this.index.get(symbol);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(symbol);
      this.index.set(symbol, k);
    }
    return k;
  }

  /** Makes room for n more rows. */
  reserve(n: number): void {
    const need = this.count + n;
    if (need <= this.sym.length) return;
    let cap = this.sym.length * 2;
    while (cap < need) cap *= 2;
    this.sym = grown(this.sym, cap); this.kind = grown(this.kind, cap);
    this.start = grown(this.start, cap); this.open = grown(this.open, cap); this.high = grown(this.high, cap);
    this.low = grown(this.low, cap); this.close = grown(this.close, cap); this.volume = grown(this.volume, cap);
  }

  /** Appends one bar (kind: 0 live, 1 late, 2 history). */
  add(symbol: string, start: number, open: number, high: number, low: number, close: number, volume: number, kind: number): void {
    const k = this.symbolIndex(symbol);
    this.reserve(1);
    const i = this.count++;
    this.sym[i] = k; this.start[i] = start; this.open[i] = open; this.high[i] = high; this.low[i] = low; this.close[i] = close; this.volume[i] = volume; this.kind[i] = kind;
  }

  /** Symbols with bars today, sorted. */
  symbols(): string[] {
    return [...this.names].sort();
  }

  /** Number of symbols with bars today. */
  get size(): number {
    return this.names.length;
  }

  /** One symbol's bars today (a live view: it grows as bars arrive), or undefined before its first bar. */
  get(symbol: string): SymbolDay | undefined {
    const k = this.index.get(symbol);
    if (k === undefined) return undefined;
    this.sync();
    return this.perSymbol[k];
  }

  private sync(): void {
    for (let i = this.synced; i < this.count; i++) {
      const k = this.sym[i]!;
      let d = this.perSymbol[k];
      if (d === undefined) { d = newSymbolDay(this.names[k]!, 512); this.perSymbol[k] = d; }
      if (d.count === d.start.length) {
        const cap = d.count * 2;
        d.start = grown(d.start, cap); d.open = grown(d.open, cap); d.high = grown(d.high, cap); d.low = grown(d.low, cap);
        d.close = grown(d.close, cap); d.volume = grown(d.volume, cap); d.kind = grown(d.kind, cap);
      }
      const j = d.count++;
      d.start[j] = this.start[i]!; d.open[j] = this.open[i]!; d.high[j] = this.high[i]!; d.low[j] = this.low[i]!;
      d.close[j] = this.close[i]!; d.volume[j] = this.volume[i]!; d.kind[j] = this.kind[i]!;
    }
    this.synced = this.count;
  }
}
