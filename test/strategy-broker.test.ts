import { describe, expect, it } from 'vitest';
import type { OrderRequest, Strategy, StrategyContext } from '../src/strategy/index.js';
import type { SimConfig } from '../src/api/config.js';
import { bar, ny, runTrading, writeTradingData, type TestBar } from './support/trading.js';

// The simulated broker, behaviour by behaviour, on hand-made bars (XNYS: 2025-07-02 a full day,
// 07-03 an early close at 13:00, 07-07 the Monday after the holiday).

const D1 = '2025-07-02', D2 = '2025-07-03', D3 = '2025-07-07';

/** A strategy that sends `orders` from a timer at `at` (local HH:MM on `date`). */
function sendAt(date: string, at: string, orders: readonly OrderRequest[], extra: Partial<Strategy> = {}): Strategy {
  return {
    onStart: (ctx) => ctx.schedule(`${date}T${at}`, 'send'),
    onTimer: (t, ctx) => { if (t.name === 'send') for (const o of orders) ctx.submit(o); },
    ...extra,
  };
}

function run(bars: readonly TestBar[], strategy: Strategy, config: Partial<SimConfig> = {}, dates = [D1], end = dates[dates.length - 1]!, opts: { drop?: { symbol: string; date: string; at: string }[]; extra?: TestBar[] } = {}) {
  const root = writeTradingData(dates, ['AAA', 'BBB'], bars, opts.drop, opts.extra);
  return runTrading(root, ['AAA', 'BBB'], dates[0]!, end, strategy, config);
}

describe('market orders', () => {
  it('fill at the open of the first bar that starts at or after the submission, known at that bar\'s end', () => {
    const r = run([bar('AAA', D1, '09:35', 101, 102, 100.5, 101.5)], sendAt(D1, '09:35', [{ symbol: 'AAA', side: 'buy', quantity: 10 }]));
    const [f] = r.of('OrderFilled');
    expect(f).toMatchObject({ orderId: 1, symbol: 'AAA', side: 'buy', quantity: 10, price: 101, barStart: ny(D1, '09:35'), remaining: 0, commission: 0 });
    expect(f!.time).toBe(ny(D1, '09:36'));
    expect(r.sim.live.book.cash).toBe(100_000 - 1010);
    expect(r.sim.live.book.position('AAA')).toBe(10);
    // The order's story, in rank order at its instants.
    expect(r.events.filter((e) => e.type.startsWith('Order')).map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
  });

  it('sent from onBar at the bar\'s end, fills on the next bar, never on the bar it saw', () => {
    let sent = false;
    const r = run([bar('AAA', D1, '09:30', 100, 100, 100, 100), bar('AAA', D1, '09:31', 105, 106, 104, 105)], {
      onBar: (b, ctx) => { if (!sent && b.symbol === 'AAA') { sent = true; ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1 }); } },
    });
    expect(r.of('OrderSubmitted')[0]!.time).toBe(ny(D1, '09:31'));
    expect(r.of('OrderFilled')[0]).toMatchObject({ price: 105, barStart: ny(D1, '09:31'), time: ny(D1, '09:32') });
  });

  it('over a missing bar, at the open of the next one there is', () => {
    const r = run([bar('AAA', D1, '09:36', 99, 99, 99, 99)], sendAt(D1, '09:35', [{ symbol: 'AAA', side: 'buy', quantity: 1 }]), {}, [D1], D1, { drop: [{ symbol: 'AAA', date: D1, at: '09:35' }] });
    expect(r.of('OrderFilled')[0]).toMatchObject({ price: 99, barStart: ny(D1, '09:36') });
  });

  it('slippage moves the price against the order (bps and per share)', () => {
    const r = run([], sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 1 }, { symbol: 'BBB', side: 'sell', quantity: 1 }]), { broker: { slippage: { bps: 10, per_share: 0.01 } } });
    const [a, b] = r.of('OrderFilled');
    expect(a!.price).toBeCloseTo(100 * 1.001 + 0.01, 10);
    expect(b!.price).toBeCloseTo(110 * 0.999 - 0.01, 10);
  });

  it('commission: per share + bps of the value + per order on the first fill, at least the minimum', () => {
    const r = run([], sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 300 }]), { broker: { commission: { per_share: 0.005, per_order: 1, bps: 2, minimum: 3 }, fill: { volume_share: 0.2 } } });
    const fills = r.of('OrderFilled');
    // 200 shares a bar (20% of 1000): 200 then 100.
    expect(fills.map((f) => f.quantity)).toEqual([200, 100]);
    expect(fills[0]!.commission).toBeCloseTo(Math.max(3, 0.005 * 200 + (2 * 200 * 100) / 10_000 + 1), 10);
    expect(fills[1]!.commission).toBeCloseTo(0.005 * 100 + (2 * 100 * 100) / 10_000, 10);
    expect(r.sim.live.book.cash).toBeCloseTo(100_000 - 300 * 100 - fills[0]!.commission - fills[1]!.commission, 8);
  });

  it('a small order pays the minimum commission', () => {
    const r = run([], sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 1 }]), { broker: { commission: { per_share: 0.005, minimum: 1 } } });
    expect(r.of('OrderFilled')[0]!.commission).toBe(1);
  });
});

describe('limit, stop and stop-limit orders', () => {
  const limitBuy = (limitPrice: number): OrderRequest => ({ symbol: 'AAA', side: 'buy', quantity: 5, type: 'limit', limitPrice });

  it('a limit fills when a bar trades through its price, at the limit or a better open', () => {
    const r = run([bar('AAA', D1, '10:01', 100, 100, 99.5, 100), bar('AAA', D1, '10:02', 100, 100, 99, 99.5), bar('AAA', D1, '10:05', 98, 98.5, 97.5, 98)],
      sendAt(D1, '10:00', [limitBuy(99.5), { symbol: 'AAA', side: 'buy', quantity: 5, type: 'limit', limitPrice: 98.8, tag: 'deep' }]));
    const fills = r.of('OrderFilled');
    // 99.5 touched at 10:01 (not through), traded through at 10:02: at the limit.
    expect(fills[0]).toMatchObject({ orderId: 1, price: 99.5, barStart: ny(D1, '10:02') });
    // 98.8: the 10:05 bar opens at 98, better than the limit.
    expect(fills[1]).toMatchObject({ orderId: 2, price: 98, barStart: ny(D1, '10:05') });
  });

  it("fill.limit 'touch' fills on a bar that touches the price", () => {
    const r = run([bar('AAA', D1, '10:01', 100, 100, 99.5, 100)], sendAt(D1, '10:00', [limitBuy(99.5)]), { broker: { fill: { limit: 'touch' } } });
    expect(r.of('OrderFilled')[0]).toMatchObject({ price: 99.5, barStart: ny(D1, '10:01') });
  });

  it('a sell limit fills when a bar trades above it', () => {
    const r = run([bar('AAA', D1, '10:03', 100, 101, 100, 101)], sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'sell', quantity: 2, type: 'limit', limitPrice: 100.5 }]));
    expect(r.of('OrderFilled')[0]).toMatchObject({ side: 'sell', price: 100.5, barStart: ny(D1, '10:03') });
    expect(r.sim.live.book.position('AAA')).toBe(-2);
  });

  it('a stop fills when a bar reaches it, at the stop or the open beyond it', () => {
    const r = run([bar('AAA', D1, '10:02', 100, 100, 98.9, 99), bar('BBB', D1, '10:04', 105, 105, 104, 104)],
      sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'sell', quantity: 1, type: 'stop', stopPrice: 99 }, { symbol: 'BBB', side: 'sell', quantity: 1, type: 'stop', stopPrice: 108 }]));
    const fills = r.of('OrderFilled');
    expect(fills.find((f) => f.symbol === 'AAA')).toMatchObject({ price: 99, barStart: ny(D1, '10:02') });
    // BBB gaps from 110 to an open of 105, under the 108 stop: filled at the open.
    expect(fills.find((f) => f.symbol === 'BBB')).toMatchObject({ price: 105, barStart: ny(D1, '10:04') });
  });

  it('a stop-limit is triggered by the bar reaching its stop and works as a limit from the next bar', () => {
    const r = run([bar('AAA', D1, '10:02', 100, 101.5, 100, 101), bar('AAA', D1, '10:03', 101.2, 101.4, 100.8, 101)],
      sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 3, type: 'stop-limit', stopPrice: 101, limitPrice: 101.1 }]));
    expect(r.of('OrderTriggered')[0]).toMatchObject({ orderId: 1, barStart: ny(D1, '10:02'), time: ny(D1, '10:03') });
    // The trigger bar itself traded below the limit, but its path after the trigger is unknown.
    expect(r.of('OrderFilled')[0]).toMatchObject({ price: 101.1, barStart: ny(D1, '10:03') });
  });
});

describe('volume, time in force, the session', () => {
  it('partial fills are bounded by a share of each bar\'s volume, shared by the symbol\'s orders in id order', () => {
    const r = run([bar('AAA', D1, '10:00', 100, 100, 100, 100, 100), bar('AAA', D1, '10:01', 100, 100, 100, 100, 100), bar('AAA', D1, '10:02', 100, 100, 100, 100, 55)],
      sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 15 }, { symbol: 'AAA', side: 'buy', quantity: 4 }]), { broker: { fill: { volume_share: 0.1 } } });
    expect(r.of('OrderFilled').map((f) => [f.orderId, f.quantity, f.remaining, f.barStart])).toEqual([
      [1, 10, 5, ny(D1, '10:00')],
      [1, 5, 0, ny(D1, '10:01')],
      [2, 4, 0, ny(D1, '10:01')],
    ]);
  });

  it('a day order still open at the close expires then (an early close\'s 13:00); a gtc order carries over and fills the next session', () => {
    const r = run([bar('AAA', D3, '09:45', 95, 95, 94, 95)], sendAt(D2, '12:00', [
      { symbol: 'AAA', side: 'buy', quantity: 1, type: 'limit', limitPrice: 95.5 },
      { symbol: 'AAA', side: 'buy', quantity: 1, type: 'limit', limitPrice: 95.5, tif: 'gtc' },
    ]), {}, [D2, D3]);
    expect(r.of('OrderExpired')).toEqual([expect.objectContaining({ orderId: 1, remaining: 1, time: ny(D2, '13:00') })]);
    expect(r.of('OrderFilled')).toEqual([expect.objectContaining({ orderId: 2, price: 95, barStart: ny(D3, '09:45') })]);
  });

  it('nothing fills outside a session: after-hours prints pass a gtc limit by', () => {
    const r = run([bar('AAA', D3, '09:30', 100, 100, 100, 100)], {
      onSessionClose: (_c, ctx) => { if (ctx.state.date === D1) ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1, type: 'limit', limitPrice: 90, tif: 'gtc' }); },
    }, {}, [D1, D2], D2, { extra: [bar('AAA', D1, '16:05', 80, 80, 80, 80), bar('AAA', D2, '08:00', 80, 80, 80, 80), bar('AAA', D2, '13:30', 80, 80, 80, 80)] });
    expect(r.of('OrderAccepted')).toHaveLength(1);
    expect(r.of('OrderFilled')).toEqual([]);
    expect(r.result.strategy!.orders.toArray()[0]).toMatchObject({ status: 'open', filled: 0 });
  });
});

describe('rejections, cancels and cash', () => {
  it('names its reason: unknown symbol, market closed, insufficient cash, no position when shorting is off', () => {
    const r = run([], {
      onStart: (ctx) => {
        ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1 }); // before the open: market closed
        ctx.schedule(`${D1}T10:00`, 'go');
      },
      onTimer: (_t, ctx) => {
        ctx.submit({ symbol: 'ZZZ', side: 'buy', quantity: 1 });
        ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 10_000 }); // 1,000,000 at 100 > 100,000
        ctx.submit({ symbol: 'BBB', side: 'sell', quantity: 1 });
      },
    }, { broker: { allow_short: false } });
    expect(r.of('OrderRejected').map((e) => [e.orderId, e.reason])).toEqual([[1, 'market-closed'], [2, 'unknown-symbol'], [3, 'insufficient-cash'], [4, 'no-position']]);
    expect(r.of('OrderRejected')[2]!.detail).toContain('100000');
    expect(r.of('OrderFilled')).toEqual([]);
  });

  it('cash held for open buys counts against a new one', () => {
    const r = run([], sendAt(D1, '10:00', [
      { symbol: 'AAA', side: 'buy', quantity: 600, type: 'limit', limitPrice: 90, tif: 'gtc' }, // holds 54,000
      { symbol: 'AAA', side: 'buy', quantity: 500, type: 'limit', limitPrice: 95 }, // 47,500 > 46,000 left
    ]));
    expect(r.of('OrderAccepted').map((e) => e.orderId)).toEqual([1]);
    expect(r.of('OrderRejected')).toEqual([expect.objectContaining({ orderId: 2, reason: 'insufficient-cash' })]);
  });

  it('a buy whose fill costs more than the cash fills what the cash pays for', () => {
    const r = run([bar('AAA', D1, '10:00', 400, 400, 400, 400)], sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 900 }]), { broker: { cash: 100_000 } });
    // Accepted at 100 (the last price), filled at 400: 250 shares, then nothing left to pay with.
    expect(r.of('OrderFilled')[0]).toMatchObject({ quantity: 250, price: 400, remaining: 650 });
    expect(r.of('OrderCanceled')).toEqual([expect.objectContaining({ orderId: 1, reason: 'insufficient-cash', remaining: 650 })]);
    expect(r.sim.live.book.cash).toBe(0);
  });

  it('cancel: an open order is canceled with what was left; a filled one is a cancel rejected', () => {
    const r = run([], {
      onStart: (ctx) => ctx.schedule(`${D1}T10:00`, 'go'),
      onTimer: (t, ctx) => {
        if (t.name === 'go') {
          ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
          ctx.submit({ symbol: 'BBB', side: 'buy', quantity: 1 });
          ctx.schedule(`${D1}T10:30`, 'cancel');
        } else {
          ctx.cancel(1);
          ctx.cancel(2);
        }
      },
    });
    expect(r.of('OrderCanceled')).toEqual([expect.objectContaining({ orderId: 1, remaining: 1, reason: 'requested', time: ny(D1, '10:30') })]);
    expect(r.of('OrderCancelRejected')).toEqual([expect.objectContaining({ orderId: 2, reason: 'not-open' })]);
    expect(r.result.strategy!.orders.toArray().map((o) => o.status)).toEqual(['canceled', 'filled']);
  });

  it('a day order whose last-bar fill finds too little cash is canceled at the close, not also expired (it ends once)', () => {
    const r = run([bar('AAA', D1, '15:59', 200, 200, 200, 200)], sendAt(D1, '15:59', [{ symbol: 'AAA', side: 'buy', quantity: 1 }]), { broker: { cash: 150 } });
    expect(r.of('OrderCanceled')).toEqual([expect.objectContaining({ orderId: 1, reason: 'insufficient-cash', time: ny(D1, '16:00') })]);
    expect(r.of('OrderExpired')).toEqual([]);
    expect(r.sim.live.book.totals).toMatchObject({ canceled: 1, expired: 0 });
  });

  it('a cancel frees the cash its order held for an order sent after it in the same hook', () => {
    const again = run([], {
      onStart: (ctx) => ctx.schedule(`${D1}T10:00`, 'go'),
      onTimer: (_t, ctx) => {
        const first = ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 900, type: 'limit', limitPrice: 100 });
        ctx.cancel(first);
        ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 900, type: 'limit', limitPrice: 100 });
      },
    });
    expect(again.of('OrderAccepted').map((e) => e.orderId)).toEqual([1, 2]);
    expect(again.of('OrderCanceled').map((e) => [e.orderId, e.symbol])).toEqual([[1, 'AAA']]);
  });

  it('a cancel of an order sent by an earlier hook at the same instant names its symbol', () => {
    let id = 0;
    const r = run([], {
      onStart: (ctx) => { ctx.schedule(`${D1}T10:00`, 'a'); ctx.schedule(`${D1}T10:00`, 'b'); },
      onTimer: (t, ctx) => {
        if (t.name === 'a') id = ctx.submit({ symbol: 'BBB', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
        else ctx.cancel(id);
      },
    });
    expect(r.of('OrderCancelRequested').map((e) => e.symbol)).toEqual(['BBB']);
    expect(r.of('OrderCanceled').map((e) => e.symbol)).toEqual(['BBB']);
  });

  it('the same order canceled twice in one hook: one cancel, the other rejected as already canceled', () => {
    const r = run([], {
      onStart: (ctx) => ctx.schedule(`${D1}T10:00`, 'go'),
      onTimer: (_t, ctx) => {
        const id = ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1, type: 'limit', limitPrice: 50 });
        ctx.cancel(id);
        ctx.cancel(id);
      },
    });
    expect(r.of('OrderCanceled').map((e) => e.orderId)).toEqual([1]);
    expect(r.of('OrderCancelRejected')).toEqual([expect.objectContaining({ orderId: 1, reason: 'already-canceled' })]);
  });
});

describe('the portfolio', () => {
  it('folds positions, average price and realized profit from fills: long, add, reduce, flip short, cover', () => {
    const prices: Record<string, number> = { '10:00': 100, '10:10': 110, '10:20': 120, '10:30': 90, '10:40': 80 };
    const bars = Object.entries(prices).map(([at, p]) => bar('AAA', D1, at, p, p, p, p));
    const plan: Record<string, OrderRequest> = {
      '10:00': { symbol: 'AAA', side: 'buy', quantity: 10 },
      '10:10': { symbol: 'AAA', side: 'buy', quantity: 10 },
      '10:20': { symbol: 'AAA', side: 'sell', quantity: 5 },
      '10:30': { symbol: 'AAA', side: 'sell', quantity: 25 },
      '10:40': { symbol: 'AAA', side: 'buy', quantity: 10 },
    };
    const seen: { cash: number; equity: number; position: number }[] = [];
    const r = run(bars, {
      onStart: (ctx) => { for (const at of Object.keys(plan)) ctx.schedule(`${D1}T${at}`, at); },
      onTimer: (t, ctx) => { ctx.submit(plan[t.name]!); },
      onOrder: (e, ctx: StrategyContext) => { if (e.type === 'OrderFilled') seen.push({ cash: ctx.portfolio.cash, equity: ctx.portfolio.equity, position: ctx.portfolio.position('AAA') }); },
    });
    const p = r.sim.live.book.positions.get('AAA')!;
    // Average 105 after the add; selling 5 at 120 realizes 75; 25 at 90: 15 closed (-225), 10 short at 90; covering at 80 realizes 100.
    expect(p.quantity).toBe(0);
    expect(p.realized).toBeCloseTo(75 - 225 + 100, 10);
    expect(seen.map((s) => s.position)).toEqual([10, 20, 15, -10, 0]);
    expect(r.sim.live.book.cash).toBeCloseTo(100_000 + 75 - 225 + 100, 8);
    const s = r.result.strategy!.summary;
    expect(s.pnl).toBeCloseTo(-50, 8);
    expect(s.fills).toBe(5);
    expect(s.turnover).toBeCloseTo((1000 + 1100 + 600 + 2250 + 800) / 100_000, 12);
  });

  it('the equity curve: at each instant bars arrived, cash plus the positions at their last close; the drawdown from the peak', () => {
    const r = run([bar('AAA', D1, '10:00', 100, 100, 100, 100), bar('AAA', D1, '10:05', 100, 106, 99, 105), bar('AAA', D1, '10:06', 105, 105, 90, 90), bar('BBB', D1, '10:07', 110, 111, 109, 111)],
      sendAt(D1, '10:00', [{ symbol: 'AAA', side: 'buy', quantity: 10 }, { symbol: 'BBB', side: 'sell', quantity: 5 }]));
    const at = (hhmm: string) => r.result.strategy!.equity.toArray().find((e) => e.time === ny(D1, hhmm))!;
    const cash = 100_000 - 10 * 100 + 5 * 110;
    expect(at('10:01')).toMatchObject({ equity: cash + 10 * 100 - 5 * 110, cash, drawdown: 0 });
    expect(at('10:06').equity).toBe(cash + 10 * 105 - 5 * 110);
    expect(at('10:07').equity).toBe(cash + 10 * 90 - 5 * 110);
    expect(at('10:07').drawdown).toBeCloseTo(150 / (100_000 + 50), 12);
    // 10:07: AAA back at its flat 100, BBB at 111.
    expect(at('10:08').equity).toBe(cash + 10 * 100 - 5 * 111);
    // One row per instant, in order, to the close.
    const times = r.result.strategy!.equity.toArray().map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(times[times.length - 1]).toBe(ny(D1, '16:00'));
    expect(r.result.strategy!.summary.maxDrawdown).toBeCloseTo(Math.max(...r.result.strategy!.equity.toArray().map((e) => e.drawdown)), 15);
  });
});
