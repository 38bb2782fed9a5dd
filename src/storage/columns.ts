/** A day of bars as columns, rows sorted by (ts, symbol). `sym` indexes `symbols`, which is sorted. */
export interface BarColumns {
  readonly symbols: readonly string[];
  readonly ts: Float64Array;
  readonly sym: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** Compares two rows by (ts, symbol name); symbols are sorted, so the index order is the name order. */
export function compareRows(c: BarColumns, a: number, b: number): number {
  return c.ts[a]! - c.ts[b]! || c.sym[a]! - c.sym[b]!;
}

/** Builds sorted columns from unsorted row-wise input (importer and tests; not a hot path). */
export function columnsFromRows(rows: readonly { symbol: string; ts: number; open: number; high: number; low: number; close: number; volume: number }[]): BarColumns {
  const symbols = [...new Set(rows.map((r) => r.symbol))].sort(compareStrings);
  const index = new Map(symbols.map((s, i) => [s, i]));
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.ts - rows[b]!.ts || index.get(rows[a]!.symbol)! - index.get(rows[b]!.symbol)! || a - b);
  const n = rows.length;
  const c = { symbols, ts: new Float64Array(n), sym: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  order.forEach((r, i) => {
    const row = rows[r]!;
    c.ts[i] = row.ts; c.sym[i] = index.get(row.symbol)!; c.open[i] = row.open; c.high[i] = row.high; c.low[i] = row.low; c.close[i] = row.close; c.volume[i] = row.volume;
  });
  return c;
}

/** Code-unit order: the same everywhere, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
