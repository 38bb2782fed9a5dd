import type { AccountOpened, OrderEvent, OrderSide, OrderSubmitted, TimerFired } from '../events/index.js';

// The account a strategy trades from, folded from the order events only (evolve): cash, positions,
// open orders and the last price known of each symbol, so that a replay has the portfolio at every
// seq without running the strategy.

/** An order still working: submitted, not yet filled, canceled, expired or rejected. */
export interface OpenOrder extends Pick<OrderSubmitted, 'symbol' | 'side' | 'quantity' | 'orderType' | 'limitPrice' | 'stopPrice' | 'tif' | 'tag'> {
  readonly id: number;
  /** When it was submitted: it never fills on a bar that started before. */
  readonly submittedAt: number;
  accepted: boolean;
  filled: number;
  /** Start of the bar that reached a stop-limit's stop (NaN: not yet). */
  triggeredAt: number;
}

export interface Position {
  /** Signed: negative is short. */
  quantity: number;
  /** Average price of the open quantity (0 when flat). */
  averagePrice: number;
  /** Profit realized by closing quantity, before commissions. */
  realized: number;
}

/** What the account has done so far, for results. */
export interface BookTotals {
  submitted: number;
  accepted: number;
  rejected: number;
  fills: number;
  canceled: number;
  expired: number;
  commission: number;
  /** Sum of |quantity x price| over fills. */
  traded: number;
  realized: number;
}

export class Book {
  /** False until AccountOpened: a run without a strategy has no account. */
  opened = false;
  initialCash = 0;
  cash = 0;
  readonly positions = new Map<string, Position>();
  /** Open orders by id, in id order (ids are given in submission order). */
  readonly orders = new Map<number, OpenOrder>();
  /** Last price known per symbol: a fill's price, a session's last close. */
  readonly marks = new Map<string, number>();
  readonly totals: BookTotals = { submitted: 0, accepted: 0, rejected: 0, fills: 0, canceled: 0, expired: 0, commission: 0, traded: 0, realized: 0 };
  /** Changes whenever the set of open orders does: the broker's per-slice lookups key on it. */
  version = 0;

  open(cash: number): void {
    this.opened = true;
    this.initialCash = cash;
    this.cash = cash;
  }

  submit(e: OrderSubmitted): void {
    this.orders.set(e.orderId, {
      id: e.orderId, symbol: e.symbol, side: e.side, quantity: e.quantity, orderType: e.orderType, limitPrice: e.limitPrice, stopPrice: e.stopPrice,
      tif: e.tif, tag: e.tag, submittedAt: e.time, accepted: false, filled: 0, triggeredAt: NaN,
    });
    this.totals.submitted++;
    this.version++;
  }

  accept(id: number): void {
    const o = this.orders.get(id);
    if (o !== undefined) o.accepted = true;
    this.totals.accepted++;
  }

  /** The order leaves the book (rejected, canceled, expired, filled). */
  close(id: number): void {
    if (this.orders.delete(id)) this.version++;
  }

  trigger(id: number, barStart: number): void {
    const o = this.orders.get(id);
    if (o !== undefined) o.triggeredAt = barStart;
  }

  /** A fill of `quantity` at `price`: cash, the position (average price, realized profit) and the order. */
  fill(id: number, symbol: string, side: OrderSide, quantity: number, price: number, commission: number): void {
    const signed = side === 'buy' ? quantity : -quantity;
    this.cash -= signed * price + commission;
    let p = this.positions.get(symbol);
    if (p === undefined) this.positions.set(symbol, (p = { quantity: 0, averagePrice: 0, realized: 0 }));
    const q = p.quantity;
    if (q === 0 || Math.sign(q) === Math.sign(signed)) {
      p.averagePrice = (q * p.averagePrice + signed * price) / (q + signed);
      p.quantity = q + signed;
    } else {
      const closing = Math.min(Math.abs(signed), Math.abs(q));
      const realized = closing * (price - p.averagePrice) * Math.sign(q);
      p.realized += realized;
      this.totals.realized += realized;
      p.quantity = q + signed;
      // Flat: no average; flipped: the new side's quantity was bought (or sold) at this price.
      if (p.quantity === 0) p.averagePrice = 0;
      else if (Math.sign(p.quantity) !== Math.sign(q)) p.averagePrice = price;
    }
    this.marks.set(symbol, price);
    this.totals.fills++;
    this.totals.commission += commission;
    this.totals.traded += quantity * price;
    const o = this.orders.get(id);
    if (o !== undefined) {
      o.filled += quantity;
      if (o.filled >= o.quantity) this.close(id);
    }
  }

  /** Open orders of a symbol, in id order. */
  ordersOf(symbol: string): OpenOrder[] {
    const out: OpenOrder[] = [];
    for (const o of this.orders.values()) if (o.symbol === symbol) out.push(o);
    return out;
  }

  position(symbol: string): number {
    return this.positions.get(symbol)?.quantity ?? 0;
  }

  /** Cash plus every position at its price (`price(symbol)`, the last known price when it gives NaN). */
  equity(price: (symbol: string) => number): number {
    let e = this.cash;
    for (const [symbol, p] of this.positions) {
      if (p.quantity === 0) continue;
      const now = price(symbol);
      e += p.quantity * (Number.isNaN(now) ? this.marks.get(symbol) ?? p.averagePrice : now);
    }
    return e;
  }

  reset(): void {
    this.opened = false;
    this.initialCash = 0;
    this.cash = 0;
    this.positions.clear();
    this.orders.clear();
    this.marks.clear();
    for (const k of Object.keys(this.totals) as (keyof BookTotals)[]) this.totals[k] = 0;
    this.version++;
  }
}

/** Folds an event of the account into a book: the one place the account's events change it (the state's, a results collector's). */
export function foldAccount(b: Book, e: AccountOpened | TimerFired | OrderEvent): void {
  switch (e.type) {
    case 'AccountOpened': b.open(e.cash); break;
    case 'OrderSubmitted': b.submit(e); break;
    case 'OrderAccepted': b.accept(e.orderId); break;
    case 'OrderRejected': b.totals.rejected++; b.close(e.orderId); break;
    case 'OrderTriggered': b.trigger(e.orderId, e.barStart); break;
    case 'OrderFilled': b.fill(e.orderId, e.symbol, e.side, e.quantity, e.price, e.commission); break;
    case 'OrderCanceled': b.totals.canceled++; b.close(e.orderId); break;
    case 'OrderExpired': b.totals.expired++; b.close(e.orderId); break;
    case 'TimerFired': case 'OrderCancelRequested': case 'OrderCancelRejected': break;
  }
}

/**
 * The book as plain data, for snapshots and state hashes. Maps keep the order the events gave
 * them (a sum over positions is then added up in the same order after a seek as live).
 */
export interface BookRecord {
  readonly opened: boolean;
  readonly initialCash: number;
  readonly cash: number;
  readonly positions: readonly (readonly [string, Position])[];
  readonly orders: readonly OpenOrder[];
  readonly marks: readonly (readonly [string, number])[];
  readonly totals: BookTotals;
}

export function bookRecord(b: Book): BookRecord {
  return {
    opened: b.opened, initialCash: b.initialCash, cash: b.cash,
    positions: [...b.positions].map(([s, p]) => [s, { ...p }] as const),
    orders: [...b.orders.values()].map((o) => ({ ...o })),
    marks: [...b.marks],
    totals: { ...b.totals },
  };
}

export function restoreBook(b: Book, r: BookRecord): void {
  b.reset();
  if (!r.opened) return;
  b.open(r.initialCash);
  b.cash = r.cash;
  for (const [s, p] of r.positions) b.positions.set(s, { ...p });
  for (const o of r.orders) b.orders.set(o.id, { ...o });
  for (const [s, m] of r.marks) b.marks.set(s, m);
  Object.assign(b.totals, r.totals);
}
