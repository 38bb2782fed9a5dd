import { isSimError, showValue, SimError } from '../errors.js';
import { marketSchedule, type ExchangeCalendar, type MarketSchedule, type TimeInput } from '../calendar/index.js';
import { make, rankOf, type JsonValue, type OrderEvent, type SimDraft, type SimEvent } from '../events/index.js';
import type { HandlerTable } from '../kernel/index.js';
import { lastPrice, readonlyView, type SessionState } from '../state/index.js';
import { seededRandom } from './random.js';
import { HOOKS, type OrderRequest, type PortfolioView, type PositionView, type Strategy, type StrategyContext } from './strategy.js';

const ORDER_TYPES = ['market', 'limit', 'stop', 'stop-limit'] as const;
const TIMER_RANK = rankOf('TimerFired');

/** A strategy must be an object whose hooks, where present, are functions: STRATEGY_INVALID otherwise. */
export function checkStrategy(value: unknown, where = 'the strategy'): Strategy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SimError('STRATEGY_INVALID', `${where} must be an object with hooks (${HOOKS.join(', ')}), got ${showValue(value)}`, { value: typeof value });
  }
  const o = value as Record<string, unknown>;
  for (const h of HOOKS) {
    if (o[h] !== undefined && typeof o[h] !== 'function') throw new SimError('STRATEGY_INVALID', `${where}: ${h} must be a function, got ${showValue(o[h])}`, { key: h });
    // The run does not wait: what an async hook did after its first await would act outside the event it answers.
    if (typeof o[h] === 'function' && (o[h] as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction') {
      throw new SimError('STRATEGY_INVALID', `${where}: ${h} is an async function; hooks are synchronous (the run does not wait for them)`, { key: h });
    }
  }
  if (!HOOKS.some((h) => typeof o[h] === 'function')) throw new SimError('STRATEGY_INVALID', `${where} has none of the hooks ${HOOKS.join(', ')}`, {});
  return value as Strategy;
}

/** A JSON value, copied and frozen (a change by the strategy, later or in onTimer, cannot reach the logged events); USAGE otherwise. */
function jsonCopy(v: unknown, what: string): JsonValue {
  const bad = (why: string): never => {
    throw new SimError('USAGE', `${what}: the payload must be a JSON value (${why})`, { value: showValue(v) });
  };
  const walk = (x: unknown, depth: number): JsonValue => {
    if (depth > 32) bad('nested too deep');
    if (x === null || typeof x === 'string' || typeof x === 'boolean') return x as JsonValue;
    if (typeof x === 'number') return Number.isFinite(x) ? x : bad(`${x} is not a finite number`);
    if (Array.isArray(x)) return Object.freeze(x.map((y) => walk(y, depth + 1)));
    if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
      const out: Record<string, JsonValue> = {};
      for (const [k, y] of Object.entries(x as object)) out[k] = walk(y, depth + 1);
      return Object.freeze(out);
    }
    return bad(`${typeof x} is not one`);
  };
  return v === undefined ? null : walk(v, 0);
}

/**
 * Runs a strategy inside the kernel: its hooks are handlers of the events they are named after,
 * and what they do is returned as drafts (timers, orders, cancels) for the kernel to queue. The
 * strategy's own variables are its business; everything that reaches the state goes through
 * events, so the log alone replays it.
 */
export class StrategyRuntime {
  readonly handlers: HandlerTable<SessionState, SimEvent>;
  private readonly random: () => number;
  /** Orders sent so far: the next id (ids are known when submit returns, before the event is folded). */
  private issued = 0;
  /** The symbol of each order sent (a cancel names it even before the order is in the state). */
  private readonly symbolOf = new Map<number, string>();
  private readonly recurring: { spec: MarketSchedule; name: string; payload: JsonValue }[] = [];
  /** Drafts the running hook has made; null outside a hook. */
  private out: SimDraft[] | null = null;
  private current: { readonly hook: string; readonly event: SimEvent; readonly canAct: boolean } | null = null;
  private readonly context: StrategyContext;

  constructor(strategy: Strategy, private readonly calendar: ExchangeCalendar, seed: number) {
    this.random = seededRandom(seed);
    this.context = this.makeContext();
    const s = strategy;
    const onOrder = (st: SessionState, e: SimEvent) => this.call('onOrder', st, e, () => s.onOrder!(e as OrderEvent, this.context));
    const table: Record<string, (st: SessionState, e: SimEvent) => readonly SimDraft[]> = {
      AccountOpened: (st, e) => this.call('onStart', st, e, () => s.onStart?.(this.context)),
      SessionActivated: (st, e) => this.call('onSessionOpen', st, e, () => {
        this.sessionTimers(st, e.type === 'SessionActivated' ? e.date : '');
        return s.onSessionOpen?.(e as Extract<SimEvent, { type: 'SessionActivated' }>, this.context);
      }),
      TimerFired: (st, e) => this.call('onTimer', st, e, () => s.onTimer?.(e as Extract<SimEvent, { type: 'TimerFired' }>, this.context)),
      MarketClose: (st, e) => this.call('onSessionClose', st, e, () => s.onSessionClose?.(e as Extract<SimEvent, { type: 'MarketClose' }>, this.context)),
      BacktestEnded: (st, e) => this.call('onEnd', st, e, () => s.onEnd?.(this.context), false),
    };
    // Only the hooks a strategy has: a handler on bars makes every bar an object.
    if (s.onBar !== undefined) table.BarArrived = (st, e) => this.call('onBar', st, e, () => s.onBar!(e as Extract<SimEvent, { type: 'BarArrived' }>, this.context));
    if (s.onDerivedBar !== undefined) table.DerivedBarCompleted = (st, e) => this.call('onDerivedBar', st, e, () => s.onDerivedBar!(e as Extract<SimEvent, { type: 'DerivedBarCompleted' }>, this.context));
    if (s.onOrder !== undefined) {
      for (const t of ['OrderAccepted', 'OrderRejected', 'OrderTriggered', 'OrderFilled', 'OrderCanceled', 'OrderCancelRejected', 'OrderExpired']) table[t] = onOrder;
    }
    this.handlers = table as HandlerTable<SessionState, SimEvent>;
  }

  /** Runs one hook; its actions are the handler's output. A throw stops the run as STRATEGY_FAILED, naming the hook and the event. */
  private call(hook: string, state: SessionState, event: SimEvent, run: () => unknown, canAct = true): readonly SimDraft[] {
    this.state = state;
    this.out = [];
    this.current = { hook, event, canAct };
    try {
      // The event is the log's: a hook reads it, and cannot change what the log holds.
      Object.freeze(event);
      const returned: unknown = run();
      if (typeof (returned as { then?: unknown } | undefined)?.then === 'function') {
        // The run fails here; the promise's own end must not surface later as an unhandled rejection.
        (returned as Promise<unknown>).then(undefined, () => {});
        throw new SimError('USAGE', 'returned a promise: hooks are synchronous (the run does not wait for them)', {});
      }
      return this.out;
    } catch (err) {
      const where = `strategy.${hook} on ${event.type} (seq ${event.seq}, time ${this.showTime(event.time)})`;
      if (isSimError(err)) throw new SimError(err.code === 'USAGE' ? 'STRATEGY_FAILED' : err.code, `${where}: ${err.message}`, { ...err.details, seq: event.seq, hook, cause: err });
      throw new SimError('STRATEGY_FAILED', `${where} threw: ${err instanceof Error ? err.message : String(err)}`, { seq: event.seq, hook, cause: err });
    } finally {
      this.out = null;
      this.current = null;
    }
  }

  private state: SessionState | null = null;

  private showTime(t: number): string {
    try { return this.calendar.formatLocal(t); } catch { return String(t); }
  }

  /** The drafts list of the running hook; acting outside one (a context kept for later) or in onEnd is USAGE. */
  private acting(what: string): SimDraft[] {
    if (this.out === null || this.current === null) throw new SimError('USAGE', `${what}: a strategy acts only inside its hooks, while they run`, {});
    if (!this.current.canAct) throw new SimError('USAGE', `${what}: the run has ended (${this.current.hook} can read the context, not act)`, {});
    return this.out;
  }

  private get now(): number {
    return this.state?.now ?? -Infinity;
  }

  /** The recurring timers' instants in this session, from now on. */
  private sessionTimers(state: SessionState, date: string): void {
    if (this.recurring.length === 0) return;
    const due: { time: number; k: number }[] = [];
    this.recurring.forEach((r, k) => {
      for (const t of marketSchedule(this.calendar, r.spec, date, date)) if (t.time >= state.now) due.push({ time: t.time, k });
    });
    due.sort((a, b) => a.time - b.time || a.k - b.k);
    for (const d of due) this.out!.push(make('TimerFired', d.time, { name: this.recurring[d.k]!.name, payload: this.recurring[d.k]!.payload }));
  }

  /** May a timer fire at t, seen from the running hook? After now, or at now when the hook's event ranks before timers. */
  private timerAllowed(t: number): boolean {
    const e = this.current!.event;
    return t > this.now || (t === this.now && rankOf(e.type) < TIMER_RANK);
  }

  private schedule(at: TimeInput | MarketSchedule, name: string, payload?: JsonValue): void {
    const out = this.acting('schedule()');
    if (typeof name !== 'string' || name === '') throw new SimError('USAGE', `schedule(at, name): name must be a non-empty string, got ${showValue(name)}`, { value: name });
    const data = jsonCopy(payload, `schedule(${showValue(name)})`);
    if (typeof at === 'object' && at !== null && !(at instanceof Date)) {
      const spec = { ...(at as MarketSchedule) };
      // Checked now (a bad spec is the strategy's mistake, said at once), and kept for every session from here on.
      const state = this.state!;
      const today = state.active ? state.date : null;
      marketSchedule(this.calendar, spec, this.calendar.firstDate, this.calendar.firstDate);
      this.recurring.push({ spec, name, payload: data });
      if (today !== null) {
        for (const t of marketSchedule(this.calendar, spec, today, today)) if (this.timerAllowed(t.time)) out.push(make('TimerFired', t.time, { name, payload: data }));
      }
      return;
    }
    const t = this.calendar.parseTime(at, { what: `schedule(${showValue(name)})`, code: 'USAGE' });
    if (!this.timerAllowed(t)) throw new SimError('USAGE', `schedule(${showValue(name)}): ${this.showTime(t)} is not after now (${this.showTime(this.now)})`, { value: t });
    out.push(make('TimerFired', t, { name, payload: data }));
  }

  private submit(req: OrderRequest): number {
    const out = this.acting('submit()');
    const bad = (msg: string, value: unknown): never => {
      throw new SimError('USAGE', `submit(): ${msg}, got ${showValue(value)}`, { value: showValue(value) });
    };
    if (typeof req !== 'object' || req === null) bad('the order must be an object', req);
    const known = ['symbol', 'side', 'quantity', 'type', 'limitPrice', 'stopPrice', 'tif', 'tag'];
    for (const k of Object.keys(req)) if (!known.includes(k)) bad(`unknown field ${showValue(k)} (known: ${known.join(', ')})`, k);
    if (typeof req.symbol !== 'string' || req.symbol === '') bad('symbol must be a string', req.symbol);
    if (req.side !== 'buy' && req.side !== 'sell') bad("side must be 'buy' or 'sell'", req.side);
    if (!Number.isSafeInteger(req.quantity) || req.quantity < 1) bad('quantity must be a whole number of shares, 1 or more', req.quantity);
    const type = req.type ?? 'market';
    if (!(ORDER_TYPES as readonly string[]).includes(type)) bad(`type must be one of ${ORDER_TYPES.join(', ')}`, type);
    const needsLimit = type === 'limit' || type === 'stop-limit', needsStop = type === 'stop' || type === 'stop-limit';
    const price = (v: unknown, field: string, needed: boolean): number | null => {
      if (!needed) return v === undefined ? null : bad(`${field} does not go with a ${type} order`, v);
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : bad(`a ${type} order needs ${field}, a price above 0`, v);
    };
    const limitPrice = price(req.limitPrice, 'limitPrice', needsLimit);
    const stopPrice = price(req.stopPrice, 'stopPrice', needsStop);
    const tif = req.tif ?? 'day';
    if (tif !== 'day' && tif !== 'gtc') bad("tif must be 'day' or 'gtc'", tif);
    if (req.tag !== undefined && typeof req.tag !== 'string') bad('tag must be a string', req.tag);
    const orderId = ++this.issued;
    this.symbolOf.set(orderId, req.symbol);
    out.push(make('OrderSubmitted', this.now, { orderId, symbol: req.symbol, side: req.side, quantity: req.quantity, orderType: type, limitPrice, stopPrice, tif, tag: req.tag ?? null }));
    return orderId;
  }

  private cancel(orderId: number): void {
    const out = this.acting('cancel()');
    if (!Number.isSafeInteger(orderId) || orderId < 1 || orderId > this.issued) throw new SimError('USAGE', `cancel(): no order has the id ${showValue(orderId)} (ids so far: 1..${this.issued})`, { value: orderId });
    out.push(make('OrderCancelRequested', this.now, { orderId, symbol: this.symbolOf.get(orderId)! }));
  }

  private makeContext(): StrategyContext {
    const rt = this;
    const stateOf = (): SessionState => {
      if (rt.state === null) throw new SimError('USAGE', 'the strategy context is read inside hooks', {});
      return rt.state;
    };
    const portfolio: PortfolioView = {
      get initialCash() { return stateOf().book.initialCash; },
      get cash() { return stateOf().book.cash; },
      get equity() { const s = stateOf(); return s.book.equity((sym) => lastPrice(s, sym)); },
      position: (symbol) => stateOf().book.position(symbol),
      positions: () => {
        const s = stateOf();
        const out: PositionView[] = [];
        for (const [symbol, p] of s.book.positions) {
          if (p.quantity === 0) continue;
          const price = lastPrice(s, symbol);
          out.push({ symbol, quantity: p.quantity, averagePrice: p.averagePrice, realized: p.realized, price, value: p.quantity * price });
        }
        return out;
      },
      openOrders: (symbol) => {
        const book = stateOf().book;
        return (symbol === undefined ? [...book.orders.values()] : book.ordersOf(symbol)).map((o) => Object.freeze({ ...o }));
      },
    };
    return Object.freeze({
      get now() { return rt.now; },
      get state() { return readonlyView(stateOf()); },
      calendar: rt.calendar,
      portfolio,
      random: () => rt.random(),
      schedule: (at: TimeInput | MarketSchedule, name: string, payload?: JsonValue) => rt.schedule(at, name, payload),
      submit: (order: OrderRequest) => rt.submit(order),
      cancel: (orderId: number) => rt.cancel(orderId),
    });
  }
}
