import { columnar, DELIVERY } from '../columnar/index.js';
import type { ExchangeCalendar } from '../calendar/index.js';
import type { OrderFilled, OrderSide, OrderSubmitted, OrderType, SimEvent, TimeInForce } from '../events/index.js';
import type { PositionView } from '../strategy/index.js';
import type { EventSink, LazySlice } from '../kernel/index.js';
import { Book, foldAccount } from '../state/index.js';
import { escapeHtml } from './display.js';
import { equitySvg } from './pictures/equity.js';
import { LocalClock } from './pictures/local-time.js';
import { ResultTable, type ColumnSpec } from './table.js';

// A strategy's results, collected from the events as they are handled (a run's or a replay's):
// orders, fills, the positions, an equity curve at every instant bars arrived, and the figures a
// researcher reads first. Nothing here runs the strategy: the events are enough.

export type OrderStatus = 'open' | 'filled' | 'canceled' | 'expired' | 'rejected';

export interface OrderRow {
  orderId: number;
  symbol: string;
  side: OrderSide;
  quantity: number;
  type: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  tif: TimeInForce;
  tag: string | null;
  submitted: number;
  status: OrderStatus;
  filled: number;
  /** Average fill price (null: nothing filled). */
  averagePrice: number | null;
  commission: number;
  /** Why it was rejected or canceled, or how much was left when it expired; null otherwise. */
  reason: string | null;
  /** When it stopped working (null: still open). */
  ended: number | null;
}

/** A fill: the OrderFilled event's fields and its time. */
export type FillRow = Omit<OrderFilled, 'type' | 'seq'>;

/** A position at the end (or so far), at its last known price. */
export type PositionRow = PositionView;

export interface EquityRow {
  readonly time: number;
  readonly equity: number;
  readonly cash: number;
  readonly positionsValue: number;
  /** Below the highest equity so far, as a share of it (0 at a new high, 0.1 ten percent below). */
  readonly drawdown: number;
}

export interface SessionReturnRow {
  readonly date: string;
  readonly equity: number;
  readonly return: number;
}

export interface StrategySummary {
  readonly initialCash: number;
  readonly finalEquity: number;
  readonly pnl: number;
  readonly return: number;
  /** The largest drawdown of the equity curve, as a share of the peak before it. */
  readonly maxDrawdown: number;
  /** Value traded (|quantity x price| over fills) over the initial cash. */
  readonly turnover: number;
  readonly commission: number;
  readonly orders: number;
  readonly fills: number;
  readonly rejected: number;
  /** Mean over standard deviation of session returns, times sqrt(252); null with fewer than two sessions or no variation. */
  readonly sharpe: number | null;
}

export interface StrategyResult {
  readonly orders: ResultTable<OrderRow>;
  readonly fills: ResultTable<FillRow>;
  readonly positions: ResultTable<PositionRow>;
  readonly equity: ResultTable<EquityRow>;
  readonly sessions: ResultTable<SessionReturnRow>;
  readonly summary: StrategySummary;
  toHTML(): string;
}

const ORDER_COLUMNS: ColumnSpec<OrderRow>[] = [
  { name: 'orderId', kind: 'i32' }, { name: 'symbol', kind: 'utf8' }, { name: 'side', kind: 'utf8' }, { name: 'quantity', kind: 'f64' }, { name: 'type', kind: 'utf8' },
  { name: 'limitPrice', kind: 'f64?' }, { name: 'stopPrice', kind: 'f64?' }, { name: 'tif', kind: 'utf8' }, { name: 'tag', kind: 'utf8?' }, { name: 'submitted', kind: 'ts' },
  { name: 'status', kind: 'utf8' }, { name: 'filled', kind: 'f64' }, { name: 'averagePrice', kind: 'f64?' }, { name: 'commission', kind: 'f64' }, { name: 'reason', kind: 'utf8?' }, { name: 'ended', kind: 'ts?' },
];
const FILL_COLUMNS: ColumnSpec<FillRow>[] = [
  { name: 'time', kind: 'ts' }, { name: 'orderId', kind: 'i32' }, { name: 'symbol', kind: 'utf8' }, { name: 'side', kind: 'utf8' }, { name: 'quantity', kind: 'f64' },
  { name: 'price', kind: 'f64' }, { name: 'commission', kind: 'f64' }, { name: 'barStart', kind: 'ts' }, { name: 'remaining', kind: 'f64' },
];
const POSITION_COLUMNS: ColumnSpec<PositionRow>[] = [
  { name: 'symbol', kind: 'utf8' }, { name: 'quantity', kind: 'f64' }, { name: 'averagePrice', kind: 'f64' }, { name: 'realized', kind: 'f64' }, { name: 'price', kind: 'f64' }, { name: 'value', kind: 'f64' },
];
const EQUITY_COLUMNS: ColumnSpec<EquityRow>[] = [
  { name: 'time', kind: 'ts' }, { name: 'equity', kind: 'f64' }, { name: 'cash', kind: 'f64' }, { name: 'positionsValue', kind: 'f64' }, { name: 'drawdown', kind: 'f64' },
];
const SESSION_COLUMNS: ColumnSpec<SessionReturnRow>[] = [{ name: 'date', kind: 'utf8' }, { name: 'equity', kind: 'f64' }, { name: 'return', kind: 'f64' }];

/** Collects a strategy's results from the events (an event sink: bars keep their columnar path). */
export class StrategyCollector implements EventSink<SimEvent> {
  private readonly book = new Book();
  private readonly orders = new Map<number, OrderRow>();
  private readonly fills: FillRow[] = [];
  /** The last close of each symbol held (a held symbol's price). */
  private readonly prices = new Map<string, number>();
  /**
   * Positions at their prices, kept up to date as prices and positions change (a sum over every
   * position at every instant would cost as much as the run with hundreds of positions); summed
   * afresh at each close, so session figures carry no drift.
   */
  private value = 0;
  private readonly curve: EquityRow[] = [];
  private readonly closes: { date: string; equity: number }[] = [];
  private peak = -Infinity;
  /** The instant whose bars were seen last and not yet sampled (NaN: none). */
  private pending = NaN;
  private date: string | null = null;
  // The held positions by a slice's symbol ids (quantity, and price as the bars move it), for the
  // positions they were made at: the bars of a run update them without a lookup by name.
  private positionsVersion = 0;
  private heldFor: readonly string[] | null = null;
  private heldAt = -1;
  private heldQty = new Float64Array(0);
  private heldPx = new Float64Array(0);
  /** heldPx has prices `prices` does not have yet. */
  private heldDirty = false;

  append(e: SimEvent): void {
    this.passTo(e.time);
    switch (e.type) {
      case 'AccountOpened': foldAccount(this.book, e); break;
      case 'SessionActivated': this.date = e.date; break;
      case 'BarArrived':
        if (!e.history) this.bar(e.symbol, e.close, e.time);
        break;
      case 'OrderSubmitted': foldAccount(this.book, e); this.orders.set(e.orderId, orderRow(e)); break;
      case 'OrderAccepted': case 'OrderTriggered': foldAccount(this.book, e); break;
      case 'OrderRejected': foldAccount(this.book, e); this.end(e.orderId, 'rejected', `${e.reason}: ${e.detail}`, e.time); break;
      case 'OrderCanceled': foldAccount(this.book, e); this.end(e.orderId, 'canceled', e.reason, e.time); break;
      case 'OrderExpired': foldAccount(this.book, e); this.end(e.orderId, 'expired', `${e.remaining} unfilled at the close`, e.time); break;
      case 'OrderFilled': {
        this.flushPrices();
        const before = this.book.position(e.symbol);
        this.value -= before === 0 ? 0 : before * (this.prices.get(e.symbol) ?? e.price);
        foldAccount(this.book, e);
        const after = this.book.position(e.symbol);
        this.positionsVersion++;
        this.prices.set(e.symbol, e.price);
        this.value += after * e.price;
        const { type: _type, seq: _seq, ...fill } = e;
        this.fills.push(fill);
        const o = this.orders.get(e.orderId);
        if (o !== undefined) {
          o.averagePrice = ((o.averagePrice ?? 0) * o.filled + e.price * e.quantity) / (o.filled + e.quantity);
          o.filled += e.quantity;
          o.commission += e.commission;
          if (e.remaining === 0) { o.status = 'filled'; o.ended = e.time; }
        }
        this.pending = e.time;
        break;
      }
      case 'MarketClose':
        this.sample(e.time);
        this.flushPrices();
        this.value = this.exactValue();
        if (this.book.opened && this.date !== null) this.closes.push({ date: this.date, equity: this.equityNow() });
        break;
      default:
        break;
    }
  }

  appendLazy(lazy: LazySlice<SimEvent>, from: number, to: number, base: number): void {
    const slice = columnar(lazy);
    if (slice === null) {
      for (let i = from; i < to; i++) this.append(lazy.materialize(i, base + i));
      return;
    }
    if (slice.type !== 'BarArrived' || !this.book.opened) return;
    const { rows, sym, code, symbols } = slice;
    const close = slice.column('close');
    this.held(symbols);
    const qty = this.heldQty, px = this.heldPx;
    let value = this.value, moved = false;
    for (let i = from; i < to; i++) {
      const r = rows === null ? i : rows[i]!;
      if (code![r] === DELIVERY.HISTORY) continue;
      const t = slice.timeAt(i);
      if (t !== this.pending) { this.value = value; this.passTo(t); }
      this.pending = t;
      const k = sym[r]!, q = qty[k]!;
      if (q !== 0) {
        value += q * (close[r]! - px[k]!);
        px[k] = close[r]!;
        moved = true;
      }
    }
    this.value = value;
    if (moved) this.heldDirty = true;
  }

  close(): void {
    this.passTo(Infinity);
    this.flushPrices();
  }

  /** The held positions by the ids of `symbols`, made again when the positions or the list change. */
  private held(symbols: readonly string[]): void {
    if (symbols === this.heldFor && this.heldAt === this.positionsVersion) return;
    this.flushPrices();
    this.heldQty = new Float64Array(symbols.length);
    this.heldPx = new Float64Array(symbols.length);
    symbols.forEach((s, i) => {
      const q = this.book.position(s);
      if (q !== 0) { this.heldQty[i] = q; this.heldPx[i] = this.prices.get(s) ?? 0; }
    });
    this.heldFor = symbols;
    this.heldAt = this.positionsVersion;
  }

  /** Brings `prices` up to date with what the bars moved. */
  private flushPrices(): void {
    if (!this.heldDirty || this.heldFor === null) return;
    const qty = this.heldQty, px = this.heldPx, names = this.heldFor;
    for (let k = 0; k < qty.length; k++) if (qty[k] !== 0) this.prices.set(names[k]!, px[k]!);
    this.heldDirty = false;
  }

  private bar(symbol: string, close: number, t: number): void {
    if (!this.book.opened) return;
    this.pending = t;
    if (this.book.position(symbol) === 0) return;
    this.flushPrices();
    // The per-id copies are of the prices before this one: made again when next used.
    this.positionsVersion++;
    this.value += this.book.position(symbol) * (close - (this.prices.get(symbol) ?? close));
    this.prices.set(symbol, close);
  }

  private end(id: number, status: OrderStatus, reason: string, t: number): void {
    const o = this.orders.get(id);
    if (o === undefined) return;
    o.status = status;
    o.reason = reason;
    o.ended = t;
  }

  /** Time moves on past the pending instant: its equity is sampled. */
  private passTo(t: number): void {
    if (!Number.isNaN(this.pending) && t > this.pending) this.sample(this.pending);
  }

  private exactValue(): number {
    return this.book.equity((s) => this.prices.get(s) ?? NaN) - this.book.cash;
  }

  private equityNow(): number {
    return this.book.cash + this.value;
  }

  private sample(t: number): void {
    this.pending = NaN;
    if (!this.book.opened) return;
    const last = this.curve[this.curve.length - 1];
    if (last !== undefined && last.time === t) return;
    const equity = this.equityNow();
    this.peak = Math.max(this.peak, equity);
    this.curve.push({ time: t, equity, cash: this.book.cash, positionsValue: equity - this.book.cash, drawdown: this.peak > 0 ? (this.peak - equity) / this.peak : 0 });
  }

  /** The results so far. */
  result(calendar: ExchangeCalendar): StrategyResult {
    this.flushPrices();
    const fmt = (t: number) => calendar.formatLocal(t);
    const orders = [...this.orders.values()].map((o) => ({ ...o }));
    const fills = [...this.fills];
    const positions: PositionRow[] = [];
    for (const [symbol, p] of this.book.positions) {
      const price = this.prices.get(symbol) ?? NaN;
      positions.push({ symbol, quantity: p.quantity, averagePrice: p.averagePrice, realized: p.realized, price, value: p.quantity === 0 ? 0 : p.quantity * price });
    }
    const curve = [...this.curve];
    const sessions: SessionReturnRow[] = [];
    let before = this.book.initialCash;
    for (const c of this.closes) {
      sessions.push({ date: c.date, equity: c.equity, return: before === 0 ? 0 : c.equity / before - 1 });
      before = c.equity;
    }
    const summary = summarize(this.book, this.book.opened ? this.book.cash + this.exactValue() : 0, curve, sessions);
    const tables = {
      orders: new ResultTable('orders', ORDER_COLUMNS, orders, undefined, fmt),
      fills: new ResultTable('fills', FILL_COLUMNS, fills, undefined, fmt),
      positions: new ResultTable('positions', POSITION_COLUMNS, positions, undefined, fmt),
      equity: new ResultTable('equity', EQUITY_COLUMNS, curve, undefined, fmt),
      sessions: new ResultTable('session returns', SESSION_COLUMNS, sessions, undefined, fmt),
    };
    const toHTML = () => strategyHtml(summary, curve, tables.fills, new LocalClock(calendar));
    return { ...tables, summary, toHTML, [Symbol.for('Jupyter.display')]: () => ({ 'text/html': toHTML() }) };
  }
}

function orderRow(e: OrderSubmitted): OrderRow {
  return {
    orderId: e.orderId, symbol: e.symbol, side: e.side, quantity: e.quantity, type: e.orderType, limitPrice: e.limitPrice, stopPrice: e.stopPrice, tif: e.tif, tag: e.tag,
    submitted: e.time, status: 'open', filled: 0, averagePrice: null, commission: 0, reason: null, ended: null,
  };
}

function summarize(book: Book, finalEquity: number, curve: readonly EquityRow[], sessions: readonly SessionReturnRow[]): StrategySummary {
  const initial = book.initialCash;
  const maxDrawdown = curve.reduce((m, r) => Math.max(m, r.drawdown), 0);
  const rets = sessions.map((s) => s.return);
  let sharpe: number | null = null;
  if (rets.length >= 2) {
    const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (rets.length - 1));
    sharpe = sd > 0 ? (mean / sd) * Math.sqrt(252) : null;
  }
  return {
    initialCash: initial, finalEquity, pnl: finalEquity - initial, return: initial === 0 ? 0 : finalEquity / initial - 1, maxDrawdown,
    turnover: initial === 0 ? 0 : book.totals.traded / initial, commission: book.totals.commission, orders: book.totals.submitted, fills: book.totals.fills, rejected: book.totals.rejected, sharpe,
  };
}

function strategyHtml(s: StrategySummary, curve: readonly EquityRow[], fills: ResultTable<FillRow>, clock: LocalClock): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const fmt = (t: number) => clock.calendar.formatLocal(t);
  const span = curve.length === 0 ? '' : ` (${escapeHtml(fmt(curve[0]!.time))} .. ${escapeHtml(fmt(curve[curve.length - 1]!.time))})`;
  return `<div><b>strategy</b>: P&amp;L ${s.pnl.toFixed(2)} (${pct(s.return)}), max drawdown ${pct(s.maxDrawdown)}, ${s.orders} orders, ${s.fills} fills, commission ${s.commission.toFixed(2)}, turnover ${s.turnover.toFixed(2)}x${s.sharpe === null ? '' : `, Sharpe ${s.sharpe.toFixed(2)}`}`
    + `<div>equity curve and drawdown${span}</div>`
    + (curve.length === 0 ? '<div>no equity points yet</div>' : equitySvg(curve, s.initialCash, clock))
    + fills.toHTML(10) + '</div>';
}
