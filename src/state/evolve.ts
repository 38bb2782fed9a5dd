import { assertNever, type BarArrived, type SimEvent } from '../events/index.js';
import type { SessionState, SymbolDay } from './session-state.js';

const INITIAL_CAPACITY = 512;

function newSymbolDay(symbol: string): SymbolDay {
  const f = () => new Float64Array(INITIAL_CAPACITY);
  return { symbol, count: 0, start: f(), open: f(), high: f(), low: f(), close: f(), volume: f(), kind: new Uint8Array(INITIAL_CAPACITY) };
}

function grow(d: SymbolDay): void {
  const cap = d.start.length * 2;
  const g = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
  d.start = g(d.start); d.open = g(d.open); d.high = g(d.high); d.low = g(d.low); d.close = g(d.close); d.volume = g(d.volume);
  const k = new Uint8Array(cap); k.set(d.kind); d.kind = k;
}

function addBar(s: SessionState, e: BarArrived): void {
  let d = s.bars.get(e.symbol);
  if (d === undefined) { d = newSymbolDay(e.symbol); s.bars.set(e.symbol, d); }
  if (d.count === d.start.length) grow(d);
  const i = d.count++;
  d.start[i] = e.start; d.open[i] = e.open; d.high[i] = e.high; d.low[i] = e.low; d.close[i] = e.close; d.volume[i] = e.volume;
  d.kind[i] = e.history ? 2 : e.late ? 1 : 0;
  s.totalBars++;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) {
    row.bars++;
    if (e.late) row.late++;
    if (e.history) row.history++;
  }
}

/** Folds one event into the state. The only place state changes; replay is this over the log. */
export function evolve(s: SessionState, e: SimEvent): SessionState {
  s.lastSeq = e.seq;
  s.now = e.time;
  switch (e.type) {
    case 'BacktestStarted':
      s.started = true;
      s.startDate = e.startDate;
      s.endDate = e.endDate;
      break;
    case 'SessionActivated':
      s.active = true;
      s.date = e.date;
      s.open = e.open;
      s.close = e.close;
      s.earlyClose = e.earlyClose;
      s.midSession = e.midSession;
      s.prefetch = 'none';
      s.prefetchReason = null;
      s.historyUntil = NaN;
      s.readyAt = NaN;
      s.bars = new Map();
      s.derived = [];
      s.sessions.push({ date: e.date, open: e.open, close: e.close, earlyClose: e.earlyClose, midSession: e.midSession, bars: 0, late: 0, history: 0, derived: 0, gaps: 0, expected: 0, received: 0, prefetch: 'requested' });
      break;
    case 'PrefetchRequested':
      s.prefetch = 'requested';
      s.historyUntil = e.historyUntil;
      break;
    case 'PrefetchComplete':
    case 'PrefetchFailed':
    case 'PrefetchTimeout': {
      const status = e.type === 'PrefetchComplete' ? 'complete' : e.type === 'PrefetchFailed' ? 'failed' : 'timeout';
      s.prefetch = status;
      if (e.type === 'PrefetchComplete') s.readyAt = e.time;
      s.prefetchReason = e.type === 'PrefetchFailed' ? `${e.code}: ${e.reason}` : e.type === 'PrefetchTimeout' ? `no data within ${e.timeoutMs} ms` : null;
      const row = s.sessions[s.sessions.length - 1];
      if (row !== undefined) row.prefetch = status;
      break;
    }
    case 'BarArrived':
      addBar(s, e);
      break;
    case 'DerivedBarCompleted': {
      s.derived.push({ date: s.date ?? '', symbol: e.symbol, minutes: e.minutes, start: e.start, end: e.end, open: e.open, high: e.high, low: e.low, close: e.close, volume: e.volume, count: e.count });
      s.totalDerived++;
      const row = s.sessions[s.sessions.length - 1];
      if (row !== undefined) row.derived++;
      break;
    }
    case 'GapDetected': {
      s.totalGaps++;
      const row = s.sessions[s.sessions.length - 1];
      if (row !== undefined) row.gaps++;
      break;
    }
    case 'QualityReport': {
      const { type: _t, time: _ti, seq: _s, ...q } = e;
      s.quality.push(q);
      const row = s.sessions[s.sessions.length - 1];
      if (row !== undefined) { row.expected += e.expected; row.received += e.received; }
      break;
    }
    case 'MarketClose':
      break;
    case 'SessionDeactivated':
      s.active = false;
      break;
    case 'DayAdvance':
      break;
    case 'BacktestEnded':
      s.ended = true;
      s.active = false;
      s.endReason = e.reason;
      break;
    default:
      assertNever(e);
  }
  return s;
}
