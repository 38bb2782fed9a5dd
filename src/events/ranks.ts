import type { EventType } from './catalogue.js';

/**
 * Rank of each event type among events at the same instant, lowest first (DESIGN.md section 4).
 * The one place ranks are defined; the queue key is (time, rank, seq).
 */
export const RANKS: Readonly<Record<EventType, number>> = Object.freeze({
  BacktestStarted: 0,
  SessionActivated: 1,
  PrefetchRequested: 2,
  PrefetchComplete: 3,
  PrefetchFailed: 3,
  PrefetchTimeout: 3,
  BarArrived: 4,
  DerivedBarCompleted: 5,
  GapDetected: 6,
  QualityReport: 6,
  MarketClose: 7,
  SessionDeactivated: 8,
  DayAdvance: 9,
  BacktestEnded: 10,
});

export const EVENT_TYPES: readonly EventType[] = Object.freeze(
  (Object.keys(RANKS) as EventType[]).sort((a, b) => RANKS[a] - RANKS[b] || (a < b ? -1 : a > b ? 1 : 0)),
);

export function rankOf(type: EventType): number {
  return RANKS[type];
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANKS, value);
}
