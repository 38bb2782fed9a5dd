import type { ExchangeCalendar } from '../calendar/index.js';
import { evolve, foldSlice, initialState, type SessionState } from '../state/index.js';
import { LogHasher } from '../kernel/index.js';
import type { ResolvedConfig } from './config.js';
import { chosenSymbols, type PictureInput, type PictureOptions } from './pictures/index.js';
import type { ColumnarSlice } from '../columnar/index.js';
import type { SimEvent } from '../events/index.js';
import { DerivedCollector, GapCollector, type DerivedResultRow } from './results.js';
import { StrategyCollector, type StrategyResult } from './strategy-results.js';

/** A span of a log's columnar rows (replay.ts's LogSpan: declared here too, so neither file imports the other). */
interface LogSpan {
  readonly slice: ColumnarSlice;
  readonly base: number;
  readonly from: number;
  readonly to: number;
}
type LogPiece = SimEvent | LogSpan;

/** What a saved log's pictures and report are drawn from, read in one pass. */
export interface LogPictures {
  readonly input: PictureInput;
  /** The state at the log's end (sessions, quality, totals). */
  readonly state: SessionState;
  readonly events: number;
  /** The log hash (equals the live run's). */
  readonly hash: string;
  /** The strategy's results (null: the run had no strategy). */
  readonly strategy: StrategyResult | null;
}

/**
 * Reads a log once, a batch at a time: the state folded to the end, the gaps, the strategy's
 * results, and the derived bars of only the symbols the prices picture shows (a log of 500
 * symbols keeps the rows of the 6 drawn, not the rest).
 */
export function readLogPictures(pieces: Iterable<LogPiece>, config: ResolvedConfig, calendar: ExchangeCalendar, options: PictureOptions = {}): LogPictures {
  const keep = new Set(chosenSymbols(config.symbols, options.symbols));
  const wanted = (s: string) => keep.has(s);
  const derived: DerivedResultRow[] = [];
  const gaps = new GapCollector();
  const trading = new StrategyCollector();
  const hasher = new LogHasher();
  let st = initialState(), events = 0, opened = false;
  for (const p of pieces) {
    if ((p as LogSpan).slice !== undefined) {
      const span = p as LogSpan;
      hasher.updateLazy(span.slice, span.from, span.to, span.base);
      st = foldSlice(st, span.slice, span.from, span.to, span.base);
      events += span.to - span.from;
      gaps.appendLazy(span.slice, span.from, span.to, span.base);
      trading.appendLazy(span.slice, span.from, span.to, span.base);
      if (span.slice.type === 'DerivedBarCompleted') {
        const one = new DerivedCollector();
        one.appendLazy(span.slice, span.from, span.to, span.base);
        for (const r of one.rowsFor(wanted)) derived.push(r);
      }
      continue;
    }
    const e = p as Exclude<LogPiece, LogSpan>;
    hasher.update(e);
    st = evolve(st, e);
    events++;
    gaps.append(e);
    trading.append(e);
    if (e.type === 'AccountOpened') opened = true;
    if (e.type === 'DerivedBarCompleted' && keep.has(e.symbol)) {
      const one = new DerivedCollector();
      one.append(e);
      derived.push(...one.rows);
    }
  }
  trading.close();
  const input: PictureInput = {
    calendar, symbols: config.symbols, sessions: st.sessions, quality: st.quality, gaps: gaps.rows,
    barMs: config.interval === '1s' ? 1000 : 60_000,
    derived: (k) => derived.filter((r) => k(r.symbol)),
  };
  return { input, state: st, events, hash: hasher.digest(), strategy: opened ? trading.result(calendar) : null };
}
