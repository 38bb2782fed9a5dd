import { DELIVERY, columnar } from '../columnar/index.js';
import { make, type BarArrived, type OrderSubmitted, type RejectReason, type SimDraft, type SimEvent } from '../events/index.js';
import type { HandlerTable, LazySlice, Watcher } from '../kernel/index.js';
import { lastPrice, marketOpen, type OpenOrder, type SessionState } from '../state/index.js';
import { affordable, commissionOf, decideOnBar, volumeCap, type BarPrices } from './fill-model.js';
import type { BrokerSettings } from './settings.js';

/** The price a buy is judged by for cash: its limit, its stop, else the symbol's last price. */
function referencePrice(s: Readonly<SessionState>, o: { readonly limitPrice: number | null; readonly stopPrice: number | null; readonly symbol: string }): number {
  return o.limitPrice ?? o.stopPrice ?? lastPrice(s, o.symbol);
}

/** What open orders hold at an instant: cash for buys (at their reference prices), shares being sold per symbol. */
interface Exposure {
  readonly time: number;
  readonly canceled: number;
  reserved: number;
  readonly selling: Map<string, number>;
}

type Held = Pick<OpenOrder, 'side' | 'symbol' | 'limitPrice' | 'stopPrice'>;

/** Adds to `x` what `quantity` of an order holds (a negative quantity gives it back). */
function hold(x: Exposure, s: Readonly<SessionState>, o: Held, quantity: number): void {
  if (o.side === 'sell') {
    x.selling.set(o.symbol, (x.selling.get(o.symbol) ?? 0) + quantity);
    return;
  }
  const p = referencePrice(s, o);
  if (!Number.isNaN(p)) x.reserved += quantity * p;
}

/**
 * The simulated broker: it opens the account, accepts or rejects orders, cancels and expires
 * them, and fills them against the bars as the stream delivers them (a watcher: bars keep their
 * columnar path, and only the bars of symbols with open orders are looked at).
 */
export class Broker {
  readonly handlers: HandlerTable<SessionState, SimEvent>;
  readonly watcher: Watcher<SessionState, SimEvent>;
  private readonly universe: ReadonlySet<string>;
  // What fills decided at the current instant take, before they are folded (one bar per call in
  // a step-by-step run, all of an instant's bars at once when drained: the same answers).
  private instant = NaN;
  private readonly pendingFilled = new Map<number, number>();
  private readonly pendingTrigger = new Map<number, number>();
  private readonly pendingDone = new Set<number>();
  private pendingSpent = 0;
  /**
   * Verdicts given and not yet folded (an order sent in the same hook as another is judged before
   * the other's acceptance is in the state): accepted ones hold cash and shares like accepted ones.
   */
  private readonly accepting = new Set<number>();
  /** Orders whose OrderCanceled is decided and not yet folded. */
  private readonly canceling = new Set<number>();
  // Which symbol ids of a slice have open orders, for the book's version it was made at.
  private flagsFor: readonly string[] | null = null;
  private flagsVersion = -1;
  private flags = new Uint8Array(0);
  // Open orders by symbol, for the book's version they were listed at (the orders themselves are the book's).
  private listedVersion = -1;
  private readonly bySymbol = new Map<string, OpenOrder[]>();

  constructor(private readonly settings: BrokerSettings, symbols: readonly string[]) {
    this.universe = new Set(symbols);
    this.handlers = {
      BacktestStarted: (_s, e) => [make('AccountOpened', e.time, { cash: settings.cash })],
      OrderSubmitted: (s, e) => [this.judge(s, e)],
      OrderCancelRequested: (s, e) => {
        const o = s.book.orders.get(e.orderId);
        for (const id of this.canceling) if (!s.book.orders.has(id)) this.canceling.delete(id);
        // A second cancel of the same order in one hook comes before the first one's answer is
        // folded; so does a cancel sent at the instant a bar's fill found too little cash (that
        // OrderCanceled, decided at the bar, is folded at the strategy's rank, after this request).
        const ended = this.canceling.has(e.orderId) || (this.instant === e.time && this.pendingDone.has(e.orderId));
        if (o === undefined || ended) return [make('OrderCancelRejected', e.time, { orderId: e.orderId, symbol: o?.symbol ?? e.symbol, reason: o === undefined ? 'not-open' : 'already-canceled' })];
        this.canceling.add(e.orderId);
        this.release(s, o, e.time);
        return [make('OrderCanceled', e.time, { orderId: e.orderId, symbol: o.symbol, remaining: o.quantity - o.filled, reason: 'requested' })];
      },
      MarketClose: (s, e) => {
        const out: SimDraft[] = [];
        for (const o of s.book.orders.values()) {
          // An order the last bar's fills ended at this instant (its cancel for want of cash ranks after the expiry) is not expired too.
          if (this.instant === e.time && this.pendingDone.has(o.id)) continue;
          if (o.tif === 'day') out.push(make('OrderExpired', e.time, { orderId: o.id, symbol: o.symbol, remaining: o.quantity - o.filled }));
        }
        return out;
      },
    };
    this.watcher = {
      type: 'BarArrived',
      active: (s) => s.book.orders.size > 0,
      decideSlice: (s, slice, from, to) => this.onSlice(s, slice, from, to),
      decideEvent: (s, e) => (e.type === 'BarArrived' && !e.history ? this.onBar(s, e.symbol, e.time, e) : []),
    };
  }

  /** Accepted, or rejected with its reason. */
  private judge(s: SessionState, e: OrderSubmitted): SimDraft {
    const reject = (reason: RejectReason, detail: string) => make('OrderRejected', e.time, { orderId: e.orderId, symbol: e.symbol, reason, detail });
    if (!this.universe.has(e.symbol)) return reject('unknown-symbol', `${e.symbol} is not among the run's symbols`);
    if ((e.orderType === 'market' || e.tif === 'day') && !marketOpen(s)) {
      return reject('market-closed', `no session is open at this instant (a ${e.orderType} ${e.tif} order needs one; a gtc limit or stop order waits for the next)`);
    }
    const x = this.exposure(s, e.time);
    if (e.side === 'sell' && !this.settings.allow_short) {
      const selling = x.selling.get(e.symbol) ?? 0;
      const held = s.book.position(e.symbol);
      if (held - selling < e.quantity) return reject('no-position', `selling ${e.quantity} ${e.symbol} with ${held} held and ${selling} already being sold (broker.allow_short is false)`);
    }
    const ref = referencePrice(s, e);
    if (e.side === 'buy' && this.settings.enforce_cash && !Number.isNaN(ref)) {
      const need = e.quantity * ref + commissionOf(e.quantity, ref, true, this.settings);
      if (need > s.book.cash - x.reserved) return reject('insufficient-cash', `${e.quantity} ${e.symbol} at ${ref} costs ${need}; cash ${s.book.cash}, of which ${x.reserved} is held for open buys`);
    }
    hold(x, s, e, e.quantity);
    this.accepting.add(e.orderId);
    return make('OrderAccepted', e.time, { orderId: e.orderId, symbol: e.symbol });
  }

  /**
   * What the open orders (accepted, or accepted by a verdict not yet folded) hold: cash for buys,
   * shares being sold per symbol. Made once per instant and kept up to date by the verdicts (an
   * instant's orders are judged one after another, and only a cancel changes the book between
   * them), so judging many orders at once costs one pass, not one per order.
   */
  private exposure(s: SessionState, t: number): Exposure {
    const c = this.held;
    if (c !== null && c.time === t && c.canceled === s.book.totals.canceled) return c;
    for (const id of this.accepting) if (s.book.orders.get(id)?.accepted !== false) this.accepting.delete(id);
    const x = { time: t, canceled: s.book.totals.canceled, reserved: 0, selling: new Map<string, number>() };
    for (const o of s.book.orders.values()) if (o.accepted || this.accepting.has(o.id)) hold(x, s, o, o.quantity - o.filled);
    return (this.held = x);
  }

  private held: Exposure | null = null;

  /** A cancel given at `t` frees what the order held, for the orders judged after it at that instant. */
  private release(s: SessionState, o: OpenOrder, t: number): void {
    const x = this.held;
    if (x === null || x.time !== t || (!o.accepted && !this.accepting.has(o.id))) return;
    hold(x, s, o, -(o.quantity - o.filled));
  }

  private startInstant(t: number): void {
    if (t === this.instant) return;
    this.instant = t;
    this.pendingFilled.clear();
    this.pendingTrigger.clear();
    this.pendingDone.clear();
    this.pendingSpent = 0;
  }

  private onSlice(s: SessionState, lazy: LazySlice<SimEvent>, from: number, to: number): readonly SimDraft[] {
    const slice = columnar(lazy);
    if (slice === null || slice.type !== 'BarArrived') {
      const out: SimDraft[] = [];
      for (let i = from; i < to; i++) {
        const e = lazy.materialize(i, 0) as BarArrived;
        if (!e.history) out.push(...this.onBar(s, e.symbol, e.time, e));
      }
      return out;
    }
    const flags = this.flagsOf(s, slice.symbols);
    const { rows, sym, code } = slice;
    const start = slice.column('start'), open = slice.column('open'), high = slice.column('high'), low = slice.column('low'), volume = slice.column('volume');
    let out: SimDraft[] | null = null;
    for (let i = from; i < to; i++) {
      const r = rows === null ? i : rows[i]!;
      if (flags[sym[r]!] !== 1 || code![r] === DELIVERY.HISTORY) continue;
      const fills = this.onBar(s, slice.symbols[sym[r]!]!, slice.timeAt(i), { start: start[r]!, open: open[r]!, high: high[r]!, low: low[r]!, volume: volume[r]! });
      if (fills.length > 0) (out ??= []).push(...fills);
    }
    return out ?? [];
  }

  /** 1 at the ids of `symbols` that have open orders (kept while neither the book's orders nor the symbol list change). */
  private flagsOf(s: SessionState, symbols: readonly string[]): Uint8Array {
    if (symbols !== this.flagsFor || s.book.version !== this.flagsVersion) {
      this.list(s);
      this.flags = Uint8Array.from(symbols, (name) => (this.bySymbol.has(name) ? 1 : 0));
      this.flagsFor = symbols;
      this.flagsVersion = s.book.version;
    }
    return this.flags;
  }

  /** Lists the open orders by symbol again when the book's orders changed. */
  private list(s: SessionState): void {
    if (this.listedVersion === s.book.version) return;
    this.bySymbol.clear();
    for (const o of s.book.orders.values()) {
      let list = this.bySymbol.get(o.symbol);
      if (list === undefined) this.bySymbol.set(o.symbol, (list = []));
      list.push(o);
    }
    this.listedVersion = s.book.version;
  }

  private ordersOf(s: SessionState, symbol: string): readonly OpenOrder[] {
    this.list(s);
    return this.bySymbol.get(symbol) ?? [];
  }

  /** What a symbol's open orders do on one delivered bar, in id order. */
  private onBar(s: SessionState, symbol: string, time: number, bar: BarPrices): SimDraft[] {
    this.startInstant(time);
    const out: SimDraft[] = [];
    let available = volumeCap(bar.volume, this.settings);
    for (const book of this.ordersOf(s, symbol)) {
      if (this.pendingDone.has(book.id)) continue;
      const o: OpenOrder = { ...book, filled: book.filled + (this.pendingFilled.get(book.id) ?? 0), triggeredAt: this.pendingTrigger.get(book.id) ?? book.triggeredAt };
      const d = decideOnBar(o, bar, available, this.settings);
      if (d.kind === 'none') continue;
      if (d.kind === 'trigger') {
        this.pendingTrigger.set(o.id, bar.start);
        out.push(make('OrderTriggered', time, { orderId: o.id, symbol, barStart: bar.start }));
        continue;
      }
      const first = o.filled === 0;
      let quantity = d.quantity;
      if (o.side === 'buy' && this.settings.enforce_cash) {
        quantity = affordable(quantity, d.price, first, s.book.cash - this.pendingSpent, this.settings);
        if (quantity === 0) {
          this.pendingDone.add(o.id);
          out.push(make('OrderCanceled', time, { orderId: o.id, symbol, remaining: o.quantity - o.filled, reason: 'insufficient-cash' }));
          continue;
        }
      }
      const commission = commissionOf(quantity, d.price, first, this.settings);
      if (o.side === 'buy') this.pendingSpent += quantity * d.price + commission;
      available -= quantity;
      const remaining = o.quantity - o.filled - quantity;
      this.pendingFilled.set(o.id, (this.pendingFilled.get(o.id) ?? 0) + quantity);
      if (remaining === 0) this.pendingDone.add(o.id);
      out.push(make('OrderFilled', time, { orderId: o.id, symbol, side: o.side, quantity, price: d.price, commission, barStart: bar.start, remaining }));
    }
    return out;
  }
}
