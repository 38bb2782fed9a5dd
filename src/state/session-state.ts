import type { DerivedBarCompleted, QualityReport } from '../events/index.js';
import { DayBarTable } from './day-bars.js';

/** One symbol's quality for one day: a QualityReport's fields. */
export type QualityRow = Omit<QualityReport, 'type' | 'time' | 'seq'>;

export interface SessionRow {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly earlyClose: boolean;
  readonly midSession: boolean;
  bars: number;
  late: number;
  history: number;
  derived: number;
  gaps: number;
  expected: number;
  received: number;
  prefetch: 'requested' | 'complete' | 'failed' | 'timeout';
}

/** A derived bar of the day: the event's fields without type, time and seq, plus its date. */
export type DerivedRow = { readonly date: string } & Omit<DerivedBarCompleted, 'type' | 'time' | 'seq'>;

/** A day's derived bars as growable columns. */
export interface DerivedDay {
  count: number;
  symbol: string[];
  minutes: Int32Array;
  start: Float64Array;
  end: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  n: Int32Array;
}

export function newDerivedDay(capacity = 256): DerivedDay {
  const f = () => new Float64Array(capacity);
  return { count: 0, symbol: [], minutes: new Int32Array(capacity), start: f(), end: f(), open: f(), high: f(), low: f(), close: f(), volume: f(), n: new Int32Array(capacity) };
}

/** Makes room for n more derived bars. */
export function reserveDerived(d: DerivedDay, n: number): void {
  const need = d.count + n;
  if (need <= d.start.length) return;
  let cap = d.start.length * 2;
  while (cap < need) cap *= 2;
  const g = <T extends Float64Array | Int32Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(cap); b.set(a); return b; };
  d.minutes = g(d.minutes); d.start = g(d.start); d.end = g(d.end); d.open = g(d.open); d.high = g(d.high); d.low = g(d.low); d.close = g(d.close); d.volume = g(d.volume); d.n = g(d.n);
}

export function pushDerived(d: DerivedDay, symbol: string, minutes: number, start: number, end: number, open: number, high: number, low: number, close: number, volume: number, n: number): void {
  reserveDerived(d, 1);
  const i = d.count++;
  d.symbol[i] = symbol; d.minutes[i] = minutes; d.start[i] = start; d.end[i] = end;
  d.open[i] = open; d.high[i] = high; d.low[i] = low; d.close[i] = close; d.volume[i] = volume; d.n[i] = n;
}

/** Starts a new day, keeping the columns (a run allocates them once). */
export function resetDerived(d: DerivedDay): void {
  d.count = 0;
  d.symbol = [];
}

/**
 * The session state, folded from events only (evolve). Mutated in place by evolve inside the
 * kernel's ownership; users get snapshots.
 */
export interface SessionState {
  started: boolean;
  ended: boolean;
  endReason: string | null;
  startDate: string | null;
  endDate: string | null;
  active: boolean;
  date: string | null;
  open: number;
  close: number;
  earlyClose: boolean;
  midSession: boolean;
  prefetch: 'none' | 'requested' | 'complete' | 'failed' | 'timeout';
  prefetchReason: string | null;
  /** Bars starting before this instant are the session's history (mid-session start). */
  historyUntil: number;
  /** When the day's data became visible (PrefetchComplete), NaN before. */
  readyAt: number;
  /** The current day's bars (all symbols in arrival order; `bars.get(symbol)` for one). */
  readonly bars: DayBarTable;
  /** Derived bars of the current day (columnar; `snapshot` gives rows). */
  readonly derived: DerivedDay;
  /** Quality of every finished day. */
  quality: QualityRow[];
  sessions: SessionRow[];
  totalBars: number;
  totalDerived: number;
  totalGaps: number;
  lastSeq: number;
  now: number;
}

export function initialState(): SessionState {
  return {
    started: false,
    ended: false,
    endReason: null,
    startDate: null,
    endDate: null,
    active: false,
    date: null,
    open: NaN,
    close: NaN,
    earlyClose: false,
    midSession: false,
    prefetch: 'none',
    prefetchReason: null,
    historyUntil: NaN,
    readyAt: NaN,
    bars: new DayBarTable(),
    derived: newDerivedDay(),
    quality: [],
    sessions: [],
    totalBars: 0,
    totalDerived: 0,
    totalGaps: 0,
    lastSeq: -1,
    now: -Infinity,
  };
}
