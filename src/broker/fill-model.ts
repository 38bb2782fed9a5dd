import type { OpenOrder } from '../state/index.js';
import type { BrokerSettings } from './settings.js';

// The declared fill model: what an order does against one bar. Pure: the broker applies it, and
// tests state it in words.
//
// - Never on a bar that started before the order was submitted (no price from before it existed),
//   and only on bars the stream delivers (in session, never history before a mid-session start).
// - market: at the bar's open (the first bar that starts at or after the submission).
// - limit: when the bar trades through the price (or touches it, fill.limit 'touch'), at the
//   limit or the open when the open is better.
// - stop: when the bar reaches the stop, at the stop or the open when the open is beyond it.
// - stop-limit: the bar reaching the stop triggers it; from the next bar on it is a limit order
//   (the bar's path after the trigger is not known, so that bar never fills it).
// - At most fill.volume_share of the bar's volume, shared by the symbol's orders in id order.
// - Slippage moves market and stop prices against the order.

/** One bar's prices. */
export interface BarPrices {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
}

export type BarDecision = { readonly kind: 'none' } | { readonly kind: 'trigger' } | { readonly kind: 'fill'; readonly price: number; readonly quantity: number };

const NONE: BarDecision = Object.freeze({ kind: 'none' });
const TRIGGER: BarDecision = Object.freeze({ kind: 'trigger' });

function limitPrice(o: OpenOrder, bar: BarPrices, touch: boolean): number | null {
  const l = o.limitPrice!;
  if (o.side === 'buy') return bar.low < l || (touch && bar.low === l) ? Math.min(bar.open, l) : null;
  return bar.high > l || (touch && bar.high === l) ? Math.max(bar.open, l) : null;
}

function stopReached(o: OpenOrder, bar: BarPrices): boolean {
  return o.side === 'buy' ? bar.high >= o.stopPrice! : bar.low <= o.stopPrice!;
}

function slipped(o: OpenOrder, price: number, s: BrokerSettings): number {
  const { bps, per_share } = s.slippage;
  if (bps === 0 && per_share === 0) return price;
  const dir = o.side === 'buy' ? 1 : -1;
  // A sell's slippage cannot take its price below nothing.
  return Math.max(0, price * (1 + (dir * bps) / 10_000) + dir * per_share);
}

/**
 * What `o` does on `bar`, with `available` shares of the bar's volume not yet taken by the
 * symbol's earlier orders on it.
 */
export function decideOnBar(o: OpenOrder, bar: BarPrices, available: number, s: BrokerSettings): BarDecision {
  if (!o.accepted || bar.start < o.submittedAt) return NONE;
  let price: number | null;
  switch (o.orderType) {
    case 'market':
      price = slipped(o, bar.open, s);
      break;
    case 'limit':
      price = limitPrice(o, bar, s.fill.limit === 'touch');
      break;
    case 'stop':
      price = stopReached(o, bar) ? slipped(o, o.side === 'buy' ? Math.max(bar.open, o.stopPrice!) : Math.min(bar.open, o.stopPrice!), s) : null;
      break;
    case 'stop-limit':
      if (Number.isNaN(o.triggeredAt)) return stopReached(o, bar) ? TRIGGER : NONE;
      price = bar.start > o.triggeredAt ? limitPrice(o, bar, s.fill.limit === 'touch') : null;
      break;
  }
  if (price === null) return NONE;
  const quantity = Math.min(o.quantity - o.filled, available);
  return quantity > 0 ? { kind: 'fill', price, quantity } : NONE;
}

/** Shares of a bar's volume the broker may fill. */
export function volumeCap(volume: number, s: BrokerSettings): number {
  return Math.floor(volume * s.fill.volume_share + 1e-9);
}

/** Commission of a fill; `first`: the order's first fill (per_order, and the minimum). */
export function commissionOf(quantity: number, price: number, first: boolean, s: BrokerSettings): number {
  const { per_share, per_order, bps, minimum } = s.commission;
  const c = per_share * quantity + (bps * quantity * price) / 10_000 + (first ? per_order : 0);
  return first ? Math.max(c, minimum) : c;
}

/** The most shares of a buy at `price` that `cash` pays for, commission included (0: not one). */
export function affordable(want: number, price: number, first: boolean, cash: number, s: BrokerSettings): number {
  if (price <= 0) return want;
  const { per_share, per_order, bps, minimum } = s.commission;
  // cost = q * price + max(commission, minimum): both parts bound q; the loop mends rounding.
  let q = Math.min(want, Math.floor((cash - (first ? per_order : 0)) / (price * (1 + bps / 10_000) + per_share)));
  if (first && minimum > 0) q = Math.min(q, Math.floor((cash - minimum) / price));
  q = Math.max(q, 0);
  while (q > 0 && q * price + commissionOf(q, price, first, s) > cash) q--;
  return q;
}
