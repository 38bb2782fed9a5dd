import type { ExchangeCalendar } from '../calendar/index.js';
import type { ArrayAlloc, DayPlan, LoadResult } from '../state/index.js';

/**
 * A run's days, owned by the run (a port: storage implements it, the api hands it over): each
 * day's bars read once, and its delivery plan made once and kept beside them, for the prefetch,
 * stream and upkeep handlers alike. It must give the same answer every time it is asked.
 */
export interface DayStore {
  /** The day's bars, or why there are none. */
  load(date: string): LoadResult;
  /** The plan kept for the day, if one was made (and the day is still kept). */
  planOf(date: string): DayPlan | undefined;
  keepPlan(date: string, plan: DayPlan): void;
  /**
   * Where the day's plans, row lists and derived bars get their arrays: recycled when the store
   * lets the day go (state/day-arena.ts), or allocated (FRESH) by a store that does not recycle.
   * Arrays of another `part` of the day are leased apart: a collector that keeps the derived bars
   * retains only theirs.
   */
  arraysOf(date: string, part?: 'derived'): ArrayAlloc;
}

/** What handlers know of a run besides state and event: fixed for the whole run. */
export interface RunContext {
  readonly calendar: ExchangeCalendar;
  /** Bar length in ms (60 000 for 1m, 1 000 for 1s). */
  readonly intervalMs: number;
  /** The start instant (epoch ms) and the exchange-local end date (inclusive). */
  readonly start: number;
  readonly startDate: string;
  readonly endDate: string;
  /** The last date that has a day file (the data runs out after it); null when there is none. */
  readonly dataEnd: string | null;
  /** The symbol universe, sorted. */
  readonly symbols: readonly string[];
  readonly days: DayStore;
  readonly upkeep: { readonly enabled: boolean; readonly derivedMinutes: readonly number[] };
  readonly prefetch: { readonly latencyMs: number; readonly timeoutMs: number };
}
