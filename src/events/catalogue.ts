/**
 * The event catalogue (DESIGN.md section 4): the product's vocabulary.
 * Every event is a readonly object `{ type, time, seq, ...data }`; `time` is epoch ms UTC,
 * `seq` the kernel's scheduling counter (the replay authority).
 */

interface Base<T extends string> {
  readonly type: T;
  /** Simulated time the event happens at, epoch milliseconds UTC. */
  readonly time: number;
  /** Scheduling counter; unique and increasing in scheduling order. */
  readonly seq: number;
}

export type BacktestEndReason = 'end-date' | 'data-exhausted' | 'calendar-end';

export interface BacktestStarted extends Base<'BacktestStarted'> {
  /** First exchange-local date of the run (YYYY-MM-DD). */
  readonly startDate: string;
  readonly endDate: string;
}

export interface SessionActivated extends Base<'SessionActivated'> {
  readonly date: string;
  readonly open: number;
  readonly close: number;
  readonly earlyClose: boolean;
  /** True when the run starts after this session's open (a mid-session start). */
  readonly midSession: boolean;
}

export interface PrefetchRequested extends Base<'PrefetchRequested'> {
  readonly date: string;
  /** Bars that ended by `historyUntil` (start + interval <= it) are history (mid-session start); equals open otherwise. */
  readonly historyUntil: number;
}

export interface PrefetchComplete extends Base<'PrefetchComplete'> {
  readonly date: string;
  /** Rows in the day file for the requested symbols, in and out of session. */
  readonly rows: number;
}

export interface PrefetchFailed extends Base<'PrefetchFailed'> {
  readonly date: string;
  readonly code: string;
  readonly reason: string;
}

export interface PrefetchTimeout extends Base<'PrefetchTimeout'> {
  readonly date: string;
  readonly timeoutMs: number;
}

export interface BarArrived extends Base<'BarArrived'> {
  readonly symbol: string;
  /** Bar start (as stored); the bar arrives at start + interval unless late or history. */
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Arrived before its data was ready: delivered at the PrefetchComplete instant. */
  readonly late: boolean;
  /** Before a mid-session start: part of the session's history, not a live bar. */
  readonly history: boolean;
}

export interface DerivedBarCompleted extends Base<'DerivedBarCompleted'> {
  readonly symbol: string;
  readonly minutes: number;
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Number of base bars aggregated. */
  readonly count: number;
}

export interface GapDetected extends Base<'GapDetected'> {
  readonly date: string;
  readonly symbol: string;
  /** Start of the first missing bar. */
  readonly from: number;
  /** Start of the last missing bar (inclusive). */
  readonly to: number;
  readonly missing: number;
}

export interface QualityReport extends Base<'QualityReport'> {
  readonly date: string;
  readonly symbol: string;
  readonly expected: number;
  readonly received: number;
  readonly missing: number;
  readonly duplicates: number;
  readonly outOfSession: number;
  readonly late: number;
  /** received / expected * 100, rounded to 2 decimals; 0 when nothing was expected. */
  readonly pct: number;
}

export interface MarketClose extends Base<'MarketClose'> {
  readonly date: string;
}

export interface SessionDeactivated extends Base<'SessionDeactivated'> {
  readonly date: string;
}

export interface DayAdvance extends Base<'DayAdvance'> {
  readonly from: string;
  readonly to: string;
}

export interface BacktestEnded extends Base<'BacktestEnded'> {
  readonly reason: BacktestEndReason;
}

// What a strategy does, and what the simulated broker answers (src/broker, src/strategy): events
// like every other, so that a replay shows why each fill happened without running the strategy.

/** A JSON value: what a timer may carry (it is logged and hashed). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit';
/** 'day': expires at the close of the session it was accepted in (or the next one, when accepted between sessions); 'gtc': until filled or canceled. */
export type TimeInForce = 'day' | 'gtc';
export type RejectReason = 'unknown-symbol' | 'market-closed' | 'insufficient-cash' | 'no-position';

/** The account a strategy trades from, opened when the run starts. */
export interface AccountOpened extends Base<'AccountOpened'> {
  readonly cash: number;
}

/** A timer a strategy set (`ctx.schedule`): its name and payload, as given. */
export interface TimerFired extends Base<'TimerFired'> {
  readonly name: string;
  readonly payload: JsonValue;
}

/** An order as the strategy sent it; ids count from 1 in the order of submission. */
export interface OrderSubmitted extends Base<'OrderSubmitted'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly orderType: OrderType;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly tif: TimeInForce;
  readonly tag: string | null;
}

export interface OrderAccepted extends Base<'OrderAccepted'> {
  readonly orderId: number;
  readonly symbol: string;
}

export interface OrderRejected extends Base<'OrderRejected'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly reason: RejectReason;
  /** The reason in words, with the values that decided it. */
  readonly detail: string;
}

/** A stop-limit order's stop was reached by the bar starting at `barStart`: from the next bar on it works as a limit order. */
export interface OrderTriggered extends Base<'OrderTriggered'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly barStart: number;
}

/** A fill against the bar that started at `barStart` (the fill is known when that bar is, at its end). */
export interface OrderFilled extends Base<'OrderFilled'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
  readonly barStart: number;
  /** Quantity still open after this fill (0: the order is done). */
  readonly remaining: number;
}

export interface OrderCancelRequested extends Base<'OrderCancelRequested'> {
  readonly orderId: number;
  readonly symbol: string;
}

export interface OrderCanceled extends Base<'OrderCanceled'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly remaining: number;
  /** 'requested': the strategy canceled it; 'insufficient-cash': a fill found too little cash to buy even one share. */
  readonly reason: 'requested' | 'insufficient-cash';
}

/** A cancel that came too late (the order was already filled, canceled or expired: 'not-open'), or a second one for the same order ('already-canceled'). */
export interface OrderCancelRejected extends Base<'OrderCancelRejected'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly reason: 'not-open' | 'already-canceled';
}

/** A day order still open at its session's close. */
export interface OrderExpired extends Base<'OrderExpired'> {
  readonly orderId: number;
  readonly symbol: string;
  readonly remaining: number;
}

export type SimEvent =
  | BacktestStarted
  | SessionActivated
  | PrefetchRequested
  | PrefetchComplete
  | PrefetchFailed
  | PrefetchTimeout
  | BarArrived
  | DerivedBarCompleted
  | GapDetected
  | QualityReport
  | MarketClose
  | SessionDeactivated
  | DayAdvance
  | BacktestEnded
  | AccountOpened
  | TimerFired
  | OrderSubmitted
  | OrderAccepted
  | OrderRejected
  | OrderTriggered
  | OrderFilled
  | OrderCancelRequested
  | OrderCanceled
  | OrderCancelRejected
  | OrderExpired;

/** The events of orders, by which a strategy hears of its orders (`onOrder`). */
export type OrderEvent = OrderSubmitted | OrderAccepted | OrderRejected | OrderTriggered | OrderFilled | OrderCancelRequested | OrderCanceled | OrderCancelRejected | OrderExpired;

export type EventType = SimEvent['type'];
export type EventOf<T extends EventType> = Extract<SimEvent, { type: T }>;

/** An event before the kernel gives it a `seq`. */
export type Draft<E> = E extends unknown ? Omit<E, 'seq'> : never;
export type SimDraft = Draft<SimEvent>;
