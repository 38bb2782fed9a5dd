import type { ExchangeCalendar, MarketSchedule, TimeInput } from '../calendar/index.js';
import type { BarArrived, DerivedBarCompleted, JsonValue, MarketClose, OrderEvent, OrderSide, OrderType, SessionActivated, TimeInForce, TimerFired } from '../events/index.js';
import type { OpenOrder, SessionState } from '../state/index.js';

/** An order as a strategy asks for it. */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  /** Whole shares, 1 or more. */
  readonly quantity: number;
  /** Default 'market'. */
  readonly type?: OrderType;
  /** For 'limit' and 'stop-limit'. */
  readonly limitPrice?: number;
  /** For 'stop' and 'stop-limit'. */
  readonly stopPrice?: number;
  /** Default 'day'. */
  readonly tif?: TimeInForce;
  /** A label of the strategy's own, kept with the order. */
  readonly tag?: string;
}

export interface PositionView {
  readonly symbol: string;
  readonly quantity: number;
  readonly averagePrice: number;
  readonly realized: number;
  /** The last price known (NaN before any). */
  readonly price: number;
  readonly value: number;
}

/** The account, read-only, as of the instant a hook runs. */
export interface PortfolioView {
  readonly initialCash: number;
  readonly cash: number;
  /** Cash plus every position at its last known price. */
  readonly equity: number;
  /** Signed quantity held (0: none). */
  position(symbol: string): number;
  positions(): PositionView[];
  /** Open orders (of one symbol, or all), oldest first. */
  openOrders(symbol?: string): Readonly<OpenOrder>[];
}

/** What a hook is given: the state as of now (read-only), and the ways to act. */
export interface StrategyContext {
  /** The instant, epoch ms. */
  readonly now: number;
  readonly state: Readonly<SessionState>;
  readonly calendar: ExchangeCalendar;
  readonly portfolio: PortfolioView;
  /** Numbers in [0, 1) from the config's `strategy_seed`: the same run gives the same numbers. */
  random(): number;
  /**
   * A timer: at one instant (epoch ms, a Date, ISO text: exchange-local without an offset), or on
   * every session in market terms (`{ at: 'open', minutes: 5 }`, `{ at: 'close', minutes: 5 }`,
   * `{ at: 'time', time: '11:00' }`, with `sessions: 'last-of-week'` and so on). It comes back to
   * `onTimer` as a TimerFired event with this name and payload.
   */
  schedule(at: TimeInput | MarketSchedule, name: string, payload?: JsonValue): void;
  /** Sends an order; returns its id (the broker's answer comes to `onOrder`). */
  submit(order: OrderRequest): number;
  /** Asks to cancel an open order (the answer, OrderCanceled or OrderCancelRejected, comes to `onOrder`). */
  cancel(orderId: number): void;
}

/**
 * A strategy: a plain object with any of these hooks. A hook at time t sees only what has
 * arrived by t; what it does (timers, orders, cancels) becomes events in the run's log, so a
 * replay reproduces every order and fill without the strategy.
 */
export interface Strategy {
  readonly name?: string;
  /** Once, when the account has opened (before the first session). */
  onStart?(ctx: StrategyContext): void;
  onSessionOpen?(session: SessionActivated, ctx: StrategyContext): void;
  /** Every bar delivered, live or late (history bars before a mid-session start are in the state, not here). */
  onBar?(bar: BarArrived, ctx: StrategyContext): void;
  onDerivedBar?(bar: DerivedBarCompleted, ctx: StrategyContext): void;
  onTimer?(timer: TimerFired, ctx: StrategyContext): void;
  /** The broker's answers: accepted, rejected, triggered, filled, canceled, cancel rejected, expired. */
  onOrder?(event: OrderEvent, ctx: StrategyContext): void;
  onSessionClose?(close: MarketClose, ctx: StrategyContext): void;
  /** Once, at the end: the context can be read, no longer acted on. */
  onEnd?(ctx: StrategyContext): void;
}

export const HOOKS = ['onStart', 'onSessionOpen', 'onBar', 'onDerivedBar', 'onTimer', 'onOrder', 'onSessionClose', 'onEnd'] as const;
