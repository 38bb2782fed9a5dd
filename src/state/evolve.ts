import { assertNever, type SimEvent } from '../events/index.js';
import type { BarSliceData, DerivedSliceData } from './day-data.js';
import { newDerivedDay, pushDerived, type SessionState, type SymbolDay } from './session-state.js';

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

/** kind: 0 live, 1 late, 2 history. */
function addBar(s: SessionState, symbol: string, start: number, open: number, high: number, low: number, close: number, volume: number, kind: number): void {
  let d = s.bars.get(symbol);
  if (d === undefined) { d = newSymbolDay(symbol); s.bars.set(symbol, d); }
  if (d.count === d.start.length) grow(d);
  const i = d.count++;
  d.start[i] = start; d.open[i] = open; d.high[i] = high; d.low[i] = low; d.close[i] = close; d.volume[i] = volume;
  d.kind[i] = kind;
  s.totalBars++;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) {
    row.bars++;
    if (kind === 1) row.late++;
    if (kind === 2) row.history++;
  }
}

/**
 * Each day symbol's SymbolDay in the state's current bars map, found once per slice rather than
 * once per bar. Valid while the map is the same (a new session makes a new map).
 */
const symbolDays = new WeakMap<BarSliceData, { bars: Map<string, SymbolDay>; days: (SymbolDay | undefined)[] }>();

function daysOf(s: SessionState, b: BarSliceData): (SymbolDay | undefined)[] {
  let hit = symbolDays.get(b);
  if (hit === undefined || hit.bars !== s.bars) {
    hit = { bars: s.bars, days: b.day.symbols.map((name) => s.bars.get(name)) };
    symbolDays.set(b, hit);
  }
  return hit.days;
}

/**
 * Folds bars [from, to) of a columnar slice (bar i has seq base + i): the same state change as
 * evolve() of each BarArrived it stands for, in turn (the stream's hot path, without objects).
 */
export function foldBar(s: SessionState, b: BarSliceData, from: number, to: number, base: number): SessionState {
  if (to <= from) return s;
  const { rows, deliverAt, kind } = b;
  const { sym, ts, open, high, low, close, volume, symbols } = b.day;
  const days = daysOf(s, b);
  let late = 0, history = 0;
  for (let i = from; i < to; i++) {
    const r = rows[i]!, k = sym[r]!;
    let d = days[k];
    if (d === undefined) {
      d = s.bars.get(symbols[k]!);
      if (d === undefined) { d = newSymbolDay(symbols[k]!); s.bars.set(symbols[k]!, d); }
      days[k] = d;
    }
    if (d.count === d.start.length) grow(d);
    const j = d.count++;
    const kd = kind[r]!;
    d.start[j] = ts[r]!; d.open[j] = open[r]!; d.high[j] = high[r]!; d.low[j] = low[r]!; d.close[j] = close[r]!; d.volume[j] = volume[r]!;
    d.kind[j] = kd;
    if (kd === 1) late++;
    else if (kd === 2) history++;
  }
  const n = to - from;
  s.totalBars += n;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) { row.bars += n; row.late += late; row.history += history; }
  s.lastSeq = base + to - 1;
  s.now = deliverAt[rows[to - 1]!]!;
  return s;
}

function addDerived(s: SessionState, symbol: string, minutes: number, start: number, end: number, open: number, high: number, low: number, close: number, volume: number, count: number): void {
  pushDerived(s.derived, symbol, minutes, start, end, open, high, low, close, volume, count);
  s.totalDerived++;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) row.derived++;
}

/** Folds derived bars [from, to) of a columnar slice: the same change as evolve() of each DerivedBarCompleted. */
export function foldDerived(s: SessionState, d: DerivedSliceData, from: number, to: number, base: number): SessionState {
  if (to <= from) return s;
  for (let i = from; i < to; i++) {
    pushDerived(s.derived, d.symbols[d.sym[i]!]!, d.minutes[i]!, d.start[i]!, d.end[i]!, d.open[i]!, d.high[i]!, d.low[i]!, d.close[i]!, d.volume[i]!, d.count[i]!);
  }
  const n = to - from;
  s.totalDerived += n;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) row.derived += n;
  s.lastSeq = base + to - 1;
  s.now = d.time[to - 1]!;
  return s;
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
      s.derived = newDerivedDay();
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
      addBar(s, e.symbol, e.start, e.open, e.high, e.low, e.close, e.volume, e.history ? 2 : e.late ? 1 : 0);
      break;
    case 'DerivedBarCompleted':
      addDerived(s, e.symbol, e.minutes, e.start, e.end, e.open, e.high, e.low, e.close, e.volume, e.count);
      break;
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
