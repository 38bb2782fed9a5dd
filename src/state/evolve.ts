import { assertNever, type SimEvent } from '../events/index.js';
import { columnar, DELIVERY, type BarSlice } from '../columnar/index.js';
import { qualityRow, type NoDataReason, type PrefetchStatus, type SessionState } from './session-state.js';
import { foldAccount } from './book.js';

const { LATE, HISTORY } = DELIVERY;

/** The current session's row, if a session was activated. */
function sessionRow(s: SessionState): SessionState['sessions'][number] | undefined {
  return s.sessions[s.sessions.length - 1];
}

// The counts of each columnar kind: one home for the event-by-event fold and the columnar one.

function countBars(s: SessionState, n: number, late: number, history: number): void {
  s.totalBars += n;
  const row = sessionRow(s);
  if (row !== undefined) { row.bars += n; row.late += late; row.history += history; }
}

function countDerived(s: SessionState, n: number): void {
  s.totalDerived += n;
  const row = sessionRow(s);
  if (row !== undefined) row.derived += n;
}

function countGaps(s: SessionState, n: number): void {
  s.totalGaps += n;
  const row = sessionRow(s);
  if (row !== undefined) row.gaps += n;
}

/** Bars [from, to) of a bar slice: the day's table remembers them, the counts grow. */
function foldBars(s: SessionState, b: BarSlice, from: number, to: number): void {
  s.bars.addSlice(b, from, to);
  const { rows, code } = b;
  let late = 0, history = 0;
  for (let i = from; i < to; i++) {
    const kd = code![rows === null ? i : rows[i]!]!;
    if (kd === LATE) late++;
    else if (kd === HISTORY) history++;
  }
  countBars(s, to - from, late, history);
}

/** Many events of one type kept as columns: the kernel's lazy slice, as far as the state needs it. */
export interface EventSlice {
  readonly type: string;
  materialize(i: number, seq: number): SimEvent;
}

/**
 * Folds elements [from, to) of a lazy slice (element i has seq base + i): the same state change
 * as evolve() of each event it stands for, in turn. A columnar kind folds from its columns (the
 * stream's hot path, without objects), dispatched on its type; any other slice event by event.
 * The kernel's `foldLazy`.
 */
export function foldSlice(s: SessionState, slice: EventSlice, from: number, to: number, base: number): SessionState {
  if (to <= from) return s;
  const c = columnar(slice);
  if (c === null) {
    for (let i = from; i < to; i++) s = evolve(s, slice.materialize(i, base + i));
    return s;
  }
  switch (c.type) {
    case 'BarArrived': foldBars(s, c, from, to); break;
    case 'DerivedBarCompleted': s.derived.addSlice(c, from, to); countDerived(s, to - from); break;
    case 'GapDetected': countGaps(s, to - from); break;
    default: assertNever(c);
  }
  s.lastSeq = base + to - 1;
  s.now = c.timeAt(to - 1);
  return s;
}

function setPrefetch(s: SessionState, status: PrefetchStatus, reason: string | null): void {
  s.prefetch = status;
  s.prefetchReason = reason;
  const row = sessionRow(s);
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
      const row = sessionRow(s);
      if (row !== undefined) row.timedOut = true;
      break;
    }
    case 'BarArrived': {
      const kind = e.history ? HISTORY : e.late ? LATE : DELIVERY.LIVE;
      s.bars.add(e.symbol, e.start, e.open, e.high, e.low, e.close, e.volume, kind);
      countBars(s, 1, kind === LATE ? 1 : 0, kind === HISTORY ? 1 : 0);
      break;
    }
    case 'DerivedBarCompleted':
      s.derived.add(e.symbol, e.minutes, e.start, e.end, e.open, e.high, e.low, e.close, e.volume, e.count);
      countDerived(s, 1);
      break;
    case 'GapDetected':
      countGaps(s, 1);
      break;
    case 'QualityReport': {
      s.quality.push(qualityRow(e, noDataReason(s)));
      const row = sessionRow(s);
      if (row !== undefined) { row.expected += e.expected; row.received += e.received; }
      break;
    }
    case 'MarketClose':
      // Still waiting at the close: the day's data becomes visible only after it.
      if (s.prefetch === 'requested' || s.prefetch === 'timeout') setPrefetch(s, 'after-close', 'the data became visible only after the close');
      if (s.book.opened) markPositions(s);
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
    case 'AccountOpened':
    case 'TimerFired':
    case 'OrderSubmitted':
    case 'OrderAccepted':
    case 'OrderRejected':
    case 'OrderTriggered':
    case 'OrderFilled':
    case 'OrderCancelRequested':
    case 'OrderCancelRejected':
    case 'OrderCanceled':
    case 'OrderExpired':
      foldAccount(s.book, e);
      break;
    default:
      assertNever(e);
  }
  return s;
}

/** At the close, each position's price is the day's last close of its symbol (when it traded that day). */
function markPositions(s: SessionState): void {
  for (const [symbol, p] of s.book.positions) {
    if (p.quantity === 0) continue;
    const close = s.bars.lastClose(symbol);
    if (!Number.isNaN(close)) s.book.marks.set(symbol, close);
  }
}
