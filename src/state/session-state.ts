import type { DerivedBarCompleted, QualityReport } from '../events/index.js';
import { DayBarTable } from './day-bars.js';
import { DerivedTable } from './day-derived.js';
import { Book } from './book.js';

/**
 * Why a day delivered none of its data: '' when its data was visible in session,
 * 'prefetch_failed' (a missing or unreadable day file), 'data_after_close' (the data became
 * visible only after the close).
 */
export type NoDataReason = '' | 'prefetch_failed' | 'data_after_close';

/** One symbol's quality for one day: a QualityReport's fields, and why the day had no data, if so. */
export type QualityRow = Omit<QualityReport, 'type' | 'time' | 'seq'> & { readonly reason: NoDataReason };

/**
 * A quality row as one literal of ten fields. The state keeps a row per symbol per session for the
 * whole run: built by rest and spread, a row took about 500 bytes of heap (the peak grew with the
 * sessions: 250 x 500 symbols held 64 MB); one literal of a fixed shape takes about 120 (15 MB).
 */
export function qualityRow(q: Omit<QualityRow, 'reason'>, reason: NoDataReason): QualityRow {
  return {
    date: q.date, symbol: q.symbol, expected: q.expected, received: q.received, missing: q.missing,
    duplicates: q.duplicates, outOfSession: q.outOfSession, late: q.late, pct: q.pct, reason,
  };
}

/** A day's prefetch: 'after-close' when its data became visible only after the close. */
export type PrefetchStatus = 'requested' | 'complete' | 'failed' | 'timeout' | 'after-close';

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
  prefetch: PrefetchStatus;
  /** The first session's wait for its data timed out (a warning: the data may have come later). */
  timedOut: boolean;
  /** Why the prefetch failed, timed out or came after the close; null otherwise. */
  prefetchReason: string | null;
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
  prefetch: 'none' | PrefetchStatus;
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
  /** The strategy's account: cash, positions, open orders (empty and unopened when the run has no strategy). */
  readonly book: Book;
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
    book: new Book(),
    totalBars: 0,
    totalDerived: 0,
    totalGaps: 0,
    lastSeq: -1,
    now: -Infinity,
  };
}
