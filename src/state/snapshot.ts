import { canonical } from '../kernel/canonical.js';
import { createHash } from 'node:crypto';
import type { SessionState } from './session-state.js';

/** A plain, detached copy of the state (typed arrays cut to their length). */
export function snapshot(s: SessionState) {
  const bars: Record<string, { start: number[]; open: number[]; high: number[]; low: number[]; close: number[]; volume: number[]; kind: number[] }> = {};
  for (const symbol of [...s.bars.keys()].sort()) {
    const d = s.bars.get(symbol)!;
    const cut = (a: Float64Array | Uint8Array) => Array.from(a.subarray(0, d.count));
    bars[symbol] = { start: cut(d.start), open: cut(d.open), high: cut(d.high), low: cut(d.low), close: cut(d.close), volume: cut(d.volume), kind: cut(d.kind) };
  }
  return {
    started: s.started, ended: s.ended, endReason: s.endReason, startDate: s.startDate, endDate: s.endDate,
    active: s.active, date: s.date, open: s.open, close: s.close, earlyClose: s.earlyClose, midSession: s.midSession,
    prefetch: s.prefetch, prefetchReason: s.prefetchReason, historyUntil: s.historyUntil, readyAt: s.readyAt,
    bars, derived: s.derived.map((d) => ({ ...d })), quality: s.quality.map((q) => ({ ...q })), sessions: s.sessions.map((r) => ({ ...r })),
    totalBars: s.totalBars, totalDerived: s.totalDerived, totalGaps: s.totalGaps, lastSeq: s.lastSeq, now: s.now,
  };
}

export type StateSnapshot = ReturnType<typeof snapshot>;

/** sha256 of the state's canonical encoding: equal states, equal hashes. */
export function stateHash(s: SessionState): string {
  return createHash('sha256').update(canonical(snapshot(s))).digest('hex');
}
