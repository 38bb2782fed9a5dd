import type { DerivedBarCompleted, QualityReport } from '../events/index.js';
import { DayBarTable } from './day-bars.js';
import { DerivedTable } from './day-derived.js';

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
  /** Bars that ended by this instant (start + interval <= it) are the session's history (mid-session start). */
  historyUntil: number;
  /** When the day's data became visible (PrefetchComplete), NaN before. */
  readyAt: number;
  /** The current day's bars (all symbols in arrival order; `bars.get(symbol)` for one). */
  readonly bars: DayBarTable;
  /** Derived bars of the current day (columnar; `snapshot` gives rows). */
  readonly derived: DerivedTable;
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
    derived: new DerivedTable(),
    quality: [],
    sessions: [],
    totalBars: 0,
    totalDerived: 0,
    totalGaps: 0,
    lastSeq: -1,
    now: -Infinity,
  };
}
