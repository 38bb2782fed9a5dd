import type { ExchangeCalendar } from '../calendar/index.js';
import type { DayLoader } from '../state/index.js';

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
  readonly loader: DayLoader;
  readonly upkeep: { readonly enabled: boolean; readonly derivedMinutes: readonly number[] };
  readonly prefetch: { readonly latencyMs: number; readonly timeoutMs: number };
}
