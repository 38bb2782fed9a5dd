import { qualityRow, type DerivedRow, type SessionState } from './session-state.js';
import { bookRecord } from './book.js';

function derivedRows(s: SessionState): DerivedRow[] {
  const { symbol, minutes, start, end, open, high, low, close, volume, n } = s.derived;
  const out: DerivedRow[] = [];
  for (let i = 0; i < n.length; i++) {
    out.push({ date: s.date ?? '', symbol: symbol[i]!, minutes: minutes[i]!, start: start[i]!, end: end[i]!, open: open[i]!, high: high[i]!, low: low[i]!, close: close[i]!, volume: volume[i]!, count: n[i]! });
  }
  return out;
}

/** One symbol's bars in a snapshot: the live `bars.get(symbol)`'s fields, as plain arrays. */
export interface SnapshotSymbolBars {
  readonly symbol: string;
  readonly count: number;
  readonly start: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
  readonly kind: number[];
}

/** The readers a snapshot's bars share with the live table. */
export interface SnapshotBarReaders {
  /** One symbol's bars, or undefined before its first bar. */
  get(symbol: string): SnapshotSymbolBars | undefined;
  /** Symbols with bars, sorted. */
  symbols(): string[];
  /** Bars today, all symbols. */
  readonly count: number;
}

/**
 * A snapshot's bars of the day: one entry per symbol (`bars.SPY`, `Object.values(bars)`), and the
 * live table's readers, `get(symbol)`, `symbols()` and `count`, so that code written against a
 * callback's state reads a snapshot too. The readers are on the prototype, not own fields: JSON and
 * equality see the entries only, and a symbol may be named like any of them.
 */
export type SnapshotBars = { readonly [symbol: string]: SnapshotSymbolBars } & SnapshotBarReaders;

class BarsOfSnapshot {}
Object.defineProperties(BarsOfSnapshot.prototype, {
  get: { value(this: Record<string, SnapshotSymbolBars>, symbol: string) { return Object.hasOwn(this, symbol) ? this[symbol] : undefined; } },
  symbols: { value(this: object) { return Object.keys(this).sort(); } },
  count: { get(this: Record<string, SnapshotSymbolBars>) { return Object.values(this).reduce((n, d) => n + d.count, 0); } },
});

function snapshotBars(s: SessionState): SnapshotBars {
  const bars = new BarsOfSnapshot() as Record<string, SnapshotSymbolBars>;
  for (const symbol of s.bars.symbols()) {
    const d = s.bars.get(symbol)!;
    bars[symbol] = { symbol, count: d.count, start: Array.from(d.start), open: Array.from(d.open), high: Array.from(d.high), low: Array.from(d.low), close: Array.from(d.close), volume: Array.from(d.volume), kind: Array.from(d.kind) };
  }
  return bars as unknown as SnapshotBars;
}

/** A plain, detached copy of the state (typed arrays cut to their length). */
export function snapshot(s: SessionState) {
  const bars = snapshotBars(s);
  return {
    started: s.started, ended: s.ended, endReason: s.endReason, startDate: s.startDate, endDate: s.endDate,
    active: s.active, date: s.date, open: s.open, close: s.close, earlyClose: s.earlyClose, midSession: s.midSession,
    prefetch: s.prefetch, prefetchReason: s.prefetchReason, historyUntil: s.historyUntil, readyAt: s.readyAt,
    bars, derived: derivedRows(s), quality: s.quality.map((q) => qualityRow(q, q.reason)), sessions: s.sessions.map((r) => ({ ...r })), book: bookRecord(s.book),
    totalBars: s.totalBars, totalDerived: s.totalDerived, totalGaps: s.totalGaps, lastSeq: s.lastSeq, now: s.now,
  };
}

export type StateSnapshot = ReturnType<typeof snapshot>;
