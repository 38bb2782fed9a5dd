import type { ExchangeCalendar } from '../calendar/index.js';
import { columnar } from '../columnar/index.js';
import type { DerivedBarCompleted, GapDetected, SimEvent } from '../events/index.js';
import type { EventSink, LazySlice } from '../kernel/index.js';
import type { QualityRow, SessionState } from '../state/index.js';
import type { GapRow } from './pictures/input.js';
import { ResultTable } from './table.js';

export interface SessionResultRow {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly openLocal: string;
  readonly closeLocal: string;
  readonly earlyClose: boolean;
  readonly midSession: boolean;
  readonly prefetch: string;
  /** The first session's wait for its data timed out (the data may have come later, late). */
  readonly timedOut: boolean;
  /** Why the prefetch failed or came after the close ('' otherwise). */
  readonly prefetchReason: string;
  readonly bars: number;
  readonly late: number;
  readonly history: number;
  readonly derived: number;
  readonly gaps: number;
  readonly expected: number;
  readonly received: number;
  readonly pct: number;
}

/** A derived bar of the run: the event's fields, with its completion time as `completed`. */
export type DerivedResultRow = Omit<DerivedBarCompleted, 'type' | 'time' | 'seq'> & { readonly completed: number };

/**
 * Collects every derived bar of a run as it is handled (state keeps only the current day's).
 * Runs from a columnar slice are kept as (slice, from, to) — the slice is immutable — and turned
 * into rows only when the rows are asked for.
 */
export class DerivedCollector implements EventSink<SimEvent> {
  private readonly parts: ({ slice: LazySlice<SimEvent>; from: number; to: number; base: number } | DerivedResultRow)[] = [];
  private cached: DerivedResultRow[] | null = null;

  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    if (slice.type !== 'DerivedBarCompleted' || to <= from) return;
    this.cached = null;
    const last = this.parts[this.parts.length - 1];
    const sameSlice = last !== undefined && 'slice' in last && last.slice === slice;
    if (sameSlice && last.to === from) last.to = to;
    else {
      // Kept for the whole run: its arrays must not be recycled with its day.
      if (!sameSlice) (slice as { lease?: { retain(): void } | null }).lease?.retain();
      this.parts.push({ slice, from, to, base });
    }
  }

  append(e: SimEvent): void {
    if (e.type !== 'DerivedBarCompleted') return;
    this.cached = null;
    this.parts.push(rowOf(e as DerivedBarCompleted));
  }

  /** Derived bars collected so far (without building their rows). */
  get count(): number {
    let n = 0;
    for (const p of this.parts) n += 'slice' in p ? p.to - p.from : 1;
    return n;
  }

  get rows(): readonly DerivedResultRow[] {
    if (this.cached === null) {
      const out: DerivedResultRow[] = [];
      for (const p of this.parts) {
        if ('slice' in p) for (let i = p.from; i < p.to; i++) out.push(rowOf(p.slice.materialize(i, p.base + i) as DerivedBarCompleted));
        else out.push(p);
      }
      this.cached = out;
    }
    return this.cached;
  }

  /**
   * The rows of the symbols `keep` accepts, in order: a columnar run's elements are made into
   * rows only for those (a picture of 6 symbols out of 500 builds 6 symbols' rows). `limit`: only
   * the first `limit` derived bars are looked at (the ones collected when a result was taken).
   */
  rowsFor(keep: (symbol: string) => boolean, limit = Infinity): DerivedResultRow[] {
    const out: DerivedResultRow[] = [];
    let seen = 0;
    for (const p of this.parts) {
      if (!('slice' in p)) { if (seen++ < limit && keep(p.symbol)) out.push(p); continue; }
      const c = columnar(p.slice);
      for (let i = p.from; i < p.to && seen < limit; i++, seen++) {
        if (c !== null && !keep(c.symbols[c.sym[c.rows === null ? i : c.rows[i]!]!]!)) continue;
        const row = rowOf(p.slice.materialize(i, p.base + i) as DerivedBarCompleted);
        if (c !== null || keep(row.symbol)) out.push(row);
      }
    }
    return out;
  }
}

/** Collects a run's gaps (state keeps only their count): the pictures place them at their time of day. */
export class GapCollector implements EventSink<SimEvent> {
  readonly rows: GapRow[] = [];

  appendLazy(slice: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    if (slice.type !== 'GapDetected') return;
    for (let i = from; i < to; i++) this.append(slice.materialize(i, base + i));
  }

  append(e: SimEvent): void {
    if (e.type !== 'GapDetected') return;
    const g = e as GapDetected;
    this.rows.push({ date: g.date, symbol: g.symbol, from: g.from, to: g.to, missing: g.missing });
  }
}

function rowOf(d: DerivedBarCompleted): DerivedResultRow {
  return { symbol: d.symbol, minutes: d.minutes, start: d.start, end: d.end, open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume, count: d.count, completed: d.time };
}

export function sessionsTable(state: SessionState, cal: ExchangeCalendar): ResultTable<SessionResultRow> {
  const rows: SessionResultRow[] = state.sessions.map((s) => ({
    date: s.date, open: s.open, close: s.close, openLocal: cal.formatLocal(s.open), closeLocal: cal.formatLocal(s.close),
    earlyClose: s.earlyClose, midSession: s.midSession, prefetch: s.prefetch, timedOut: s.timedOut, prefetchReason: s.prefetchReason ?? '', bars: s.bars, late: s.late, history: s.history,
    derived: s.derived, gaps: s.gaps, expected: s.expected, received: s.received,
    pct: s.expected === 0 ? 0 : Math.round((s.received / s.expected) * 10_000) / 100,
  }));
  return new ResultTable<SessionResultRow>('sessions', [
    { name: 'date', kind: 'utf8' }, { name: 'open', kind: 'ts' }, { name: 'close', kind: 'ts' }, { name: 'openLocal', kind: 'utf8' }, { name: 'closeLocal', kind: 'utf8' },
    { name: 'earlyClose', kind: 'bool' }, { name: 'midSession', kind: 'bool' }, { name: 'prefetch', kind: 'utf8' }, { name: 'timedOut', kind: 'bool' }, { name: 'prefetchReason', kind: 'utf8' }, { name: 'bars', kind: 'i32' }, { name: 'late', kind: 'i32' },
    { name: 'history', kind: 'i32' }, { name: 'derived', kind: 'i32' }, { name: 'gaps', kind: 'i32' }, { name: 'expected', kind: 'i32' }, { name: 'received', kind: 'i32' }, { name: 'pct', kind: 'f64' },
  ], rows, undefined, (t) => cal.formatLocal(t));
}

export function qualityTable(rows: readonly QualityRow[]): ResultTable<QualityRow> {
  return new ResultTable<QualityRow>('quality', [
    { name: 'date', kind: 'utf8' }, { name: 'symbol', kind: 'utf8' }, { name: 'expected', kind: 'i32' }, { name: 'received', kind: 'i32' }, { name: 'missing', kind: 'i32' },
    { name: 'duplicates', kind: 'i32' }, { name: 'outOfSession', kind: 'i32' }, { name: 'late', kind: 'i32' }, { name: 'pct', kind: 'f64' }, { name: 'reason', kind: 'utf8' },
  ], rows);
}

export function derivedTable(rows: readonly DerivedResultRow[] | (() => readonly DerivedResultRow[]), length?: number, cal?: ExchangeCalendar): ResultTable<DerivedResultRow> {
  return new ResultTable<DerivedResultRow>('derived bars', [
    { name: 'symbol', kind: 'utf8' }, { name: 'minutes', kind: 'i32' }, { name: 'start', kind: 'ts' }, { name: 'end', kind: 'ts' }, { name: 'open', kind: 'f64' }, { name: 'high', kind: 'f64' },
    { name: 'low', kind: 'f64' }, { name: 'close', kind: 'f64' }, { name: 'volume', kind: 'f64' }, { name: 'count', kind: 'i32' }, { name: 'completed', kind: 'ts' },
  ], rows, length, cal === undefined ? undefined : (t) => cal.formatLocal(t));
}
