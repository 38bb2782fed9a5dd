import type { DerivedRow, SessionState } from './session-state.js';
import { bookRecord } from './book.js';

function derivedRows(s: SessionState): DerivedRow[] {
  const { symbol, minutes, start, end, open, high, low, close, volume, n } = s.derived;
  const out: DerivedRow[] = [];
  for (let i = 0; i < n.length; i++) {
    out.push({ date: s.date ?? '', symbol: symbol[i]!, minutes: minutes[i]!, start: start[i]!, end: end[i]!, open: open[i]!, high: high[i]!, low: low[i]!, close: close[i]!, volume: volume[i]!, count: n[i]! });
  }
  return out;
}

/** A plain, detached copy of the state (typed arrays cut to their length). */
export function snapshot(s: SessionState) {
  const bars: Record<string, { start: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[]; kind: number[] }> = {};
  for (const symbol of s.bars.symbols()) {
    const d = s.bars.get(symbol)!;
    const cut = (a: Float64Array | Uint8Array) => Array.from(a.subarray(0, d.count));
    bars[symbol] = { start: cut(d.start), open: cut(d.open), high: cut(d.high), low: cut(d.low), close: cut(d.close), volume: cut(d.volume), kind: cut(d.kind) };
  }
  return {
    started: s.started, ended: s.ended, endReason: s.endReason, startDate: s.startDate, endDate: s.endDate,
    active: s.active, date: s.date, open: s.open, close: s.close, earlyClose: s.earlyClose, midSession: s.midSession,
    prefetch: s.prefetch, prefetchReason: s.prefetchReason, historyUntil: s.historyUntil, readyAt: s.readyAt,
    bars, derived: derivedRows(s), quality: s.quality.map((q) => ({ ...q })), sessions: s.sessions.map((r) => ({ ...r })), book: bookRecord(s.book),
    totalBars: s.totalBars, totalDerived: s.totalDerived, totalGaps: s.totalGaps, lastSeq: s.lastSeq, now: s.now,
  };
}

export type StateSnapshot = ReturnType<typeof snapshot>;
