import { assertNever, type SimEvent } from '../events/index.js';
import { columnarSlice, DELIVERY, type BarSliceData, type DerivedSliceData } from './day-data.js';
import type { NoDataReason, PrefetchStatus, SessionState } from './session-state.js';

const { LATE, HISTORY } = DELIVERY;

/** kind: a DELIVERY kind. */
function addBar(s: SessionState, symbol: string, start: number, open: number, high: number, low: number, close: number, volume: number, kind: number): void {
  s.bars.add(symbol, start, open, high, low, close, volume, kind);
  s.totalBars++;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) {
    row.bars++;
    if (kind === LATE) row.late++;
    if (kind === HISTORY) row.history++;
  }
}

/**
 * Folds bars [from, to) of a columnar slice (bar i has seq base + i): the same state change as
 * evolve() of each BarArrived it stands for, in turn (the stream's hot path, without objects).
 */
export function foldBar(s: SessionState, b: BarSliceData, from: number, to: number, base: number): SessionState {
  if (to <= from) return s;
  const { rows, deliverAt, kind } = b;
  s.bars.addSlice(b, from, to);
  let late = 0, history = 0;
  for (let i = from; i < to; i++) {
    const kd = kind[rows[i]!]!;
    if (kd === LATE) late++;
    else if (kd === HISTORY) history++;
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
  s.derived.add(symbol, minutes, start, end, open, high, low, close, volume, count);
  s.totalDerived++;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) row.derived++;
}

/** Folds derived bars [from, to) of a columnar slice: the same change as evolve() of each DerivedBarCompleted. */
export function foldDerived(s: SessionState, d: DerivedSliceData, from: number, to: number, base: number): SessionState {
  if (to <= from) return s;
  s.derived.addSlice(d, from, to);
  const n = to - from;
  s.totalDerived += n;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) row.derived += n;
  s.lastSeq = base + to - 1;
  s.now = d.time[to - 1]!;
  return s;
}

/** Folds n gaps handled together, the last at `time` with seq `lastSeq`: the same change as evolve() of each GapDetected. */
export function foldGaps(s: SessionState, n: number, time: number, lastSeq: number): SessionState {
  if (n <= 0) return s;
  s.totalGaps += n;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) row.gaps += n;
  s.lastSeq = lastSeq;
  s.now = time;
  return s;
}

/** Many events of one type kept as columns: the kernel's lazy slice, as far as the state needs it. */
export interface EventSlice {
  readonly type: string;
  materialize(i: number, seq: number): SimEvent;
}

/**
 * Folds elements [from, to) of a lazy slice (element i has seq base + i): a columnar kind straight
 * from its columns, any other one event by event. The kernel's `foldLazy`.
 */
export function foldSlice(s: SessionState, slice: EventSlice, from: number, to: number, base: number): SessionState {
  const c = columnarSlice(slice);
  switch (c?.type) {
    case 'BarArrived': return foldBar(s, c, from, to, base);
    case 'DerivedBarCompleted': return foldDerived(s, c, from, to, base);
    case 'GapDetected': return foldGaps(s, to - from, c.time[to - 1]!, base + to - 1);
    default:
      for (let i = from; i < to; i++) s = evolve(s, slice.materialize(i, base + i));
      return s;
  }
}

function setPrefetch(s: SessionState, status: PrefetchStatus, reason: string | null): void {
  s.prefetch = status;
  s.prefetchReason = reason;
  const row = s.sessions[s.sessions.length - 1];
  if (row !== undefined) { row.prefetch = status; row.prefetchReason = reason; }
}

/**
 * Why the current day has no data, as its quality comes (at the close, before MarketClose): the
 * prefetch still waiting then means the data comes only after the close.
 */
function noDataReason(s: SessionState): NoDataReason {
  return s.prefetch === 'failed' ? 'prefetch_failed' : s.prefetch === 'requested' || s.prefetch === 'timeout' ? 'data_after_close' : '';
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
      s.bars.reset();
      s.derived.reset();
      s.sessions.push({ date: e.date, open: e.open, close: e.close, earlyClose: e.earlyClose, midSession: e.midSession, bars: 0, late: 0, history: 0, derived: 0, gaps: 0, expected: 0, received: 0, prefetch: 'requested', timedOut: false, prefetchReason: null });
      break;
    case 'PrefetchRequested':
      s.prefetch = 'requested';
      s.historyUntil = e.historyUntil;
      break;
    case 'PrefetchComplete':
      s.readyAt = e.time;
      setPrefetch(s, 'complete', null);
      break;
    case 'PrefetchFailed':
      setPrefetch(s, 'failed', `${e.code}: ${e.reason}`);
      break;
    case 'PrefetchTimeout': {
      setPrefetch(s, 'timeout', `no data within ${e.timeoutMs} ms`);
      const row = s.sessions[s.sessions.length - 1];
      if (row !== undefined) row.timedOut = true;
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
      s.quality.push({ ...q, reason: noDataReason(s) });
      const row = s.sessions[s.sessions.length - 1];
      if (row !== undefined) { row.expected += e.expected; row.received += e.received; }
      break;
    }
    case 'MarketClose':
      // Still waiting at the close: the day's data becomes visible only after it.
      if (s.prefetch === 'requested' || s.prefetch === 'timeout') setPrefetch(s, 'after-close', 'the data became visible only after the close');
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
