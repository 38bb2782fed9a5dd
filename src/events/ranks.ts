import type { EventType } from './catalogue.js';

/**
 * Rank of each event type among events at the same instant, lowest first (DESIGN.md section 4).
 * The one place ranks are defined; the queue key is (time, rank, seq).
 */
export const RANKS: Readonly<Record<EventType, number>> = Object.freeze({
  BacktestStarted: 0,
  // The account is there before anything can trade.
  AccountOpened: 0,
  SessionActivated: 1,
  PrefetchRequested: 2,
  PrefetchComplete: 3,
  PrefetchFailed: 3,
  PrefetchTimeout: 3,
  BarArrived: 4,
  // Fills are decided by the instant's bars and come after all of them, before anything computed
  // from them: derived bars, timers and hooks of the instant see the fills.
  OrderTriggered: 5,
  OrderFilled: 5,
  DerivedBarCompleted: 6,
  GapDetected: 7,
  QualityReport: 7,
  // A timer sees everything that arrived by its instant, and the session still open at its close instant.
  TimerFired: 8,
  MarketClose: 9,
  // Day orders end with their session's close.
  OrderExpired: 10,
  // What a strategy does at an instant comes after every event of that instant its hooks can be
  // called on (up to the close), so a rank never goes backwards: an order sent from onBar,
  // a timer or onSessionClose alike is handled at (now, 11), with the broker's answer.
  OrderSubmitted: 11,
  OrderAccepted: 11,
  OrderRejected: 11,
  OrderCancelRequested: 11,
  OrderCanceled: 11,
  OrderCancelRejected: 11,
  SessionDeactivated: 12,
  DayAdvance: 13,
  BacktestEnded: 14,
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
