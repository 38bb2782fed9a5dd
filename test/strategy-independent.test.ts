import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../src/api/simulation.js';
import { demoConfig } from '../src/api/demo.js';
import type { Strategy } from '../src/strategy/index.js';

/**
 * The broker checked against a computation written here, separately, from the raw bars (the LEAN
 * CSVs the demo dataset was imported from), with none of the product's code: every session of the
 * demo week, buy 100 shares of each symbol at the open + 5 minutes and sell what is held at the
 * close - 5 minutes, market orders, $0.005 a share with a $1 minimum per order.
 *
 * The rules as the broker declares them, restated: a market order fills at the open of the first
 * bar that starts at or after its submission, inside the session (09:30 <= start < 16:00 New
 * York; this week has no early close); at most the bar's volume fills on one bar, the rest on the
 * next bars; a day order still open at the close expires.
 */

const SYMBOLS = ['AIG', 'BAC', 'IBM', 'SPY'];
const DATES = ['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11'];
const FIX = new URL('./fixtures/bars/', import.meta.url).pathname;
const QTY = 100, PER_SHARE = 0.005, MINIMUM = 1, CASH = 100_000;

interface RawBar { start: number; open: number; close: number; volume: number }

/** A symbol's in-session bars of a date, from its CSV (ts_et is the bar's start with its offset). */
function rawBars(symbol: string, date: string): RawBar[] {
  const lines = readFileSync(`${FIX}${symbol}_1min_lean.csv`, 'utf8').trim().split('\n').slice(1);
  const open = Date.parse(`${date}T09:30:00-04:00`), close = Date.parse(`${date}T16:00:00-04:00`);
  return lines.filter((l) => l.startsWith(date)).map((l) => {
    const [ts, , o, , , c, v] = l.split(',');
    return { start: Date.parse(ts!), open: Number(o), close: Number(c), volume: Number(v) };
  }).filter((b) => b.start >= open && b.start < close).sort((a, b) => a.start - b.start);
}

interface Fill { symbol: string; side: 'buy' | 'sell'; quantity: number; price: number; barStart: number; commission: number }

/** The whole week, by hand. */
function expected(): { fills: Fill[]; pnl: number } {
  const fills: Fill[] = [];
  const held: Record<string, number> = Object.fromEntries(SYMBOLS.map((s) => [s, 0]));
  let cash = CASH;
  const lastClose: Record<string, number> = {};
  for (const date of DATES) {
    for (const symbol of SYMBOLS) {
      const bars = rawBars(symbol, date);
      const trade = (side: 'buy' | 'sell', at: number, quantity: number) => {
        let left = quantity, first = true;
        for (const b of bars) {
          if (left === 0) break;
          if (b.start < at) continue;
          const q = Math.min(left, Math.floor(b.volume));
          if (q <= 0) continue;
          const commission = first ? Math.max(MINIMUM, PER_SHARE * q) : PER_SHARE * q;
          first = false;
          fills.push({ symbol, side, quantity: q, price: b.open, barStart: b.start, commission });
          cash += (side === 'buy' ? -1 : 1) * q * b.open - commission;
          held[symbol]! += side === 'buy' ? q : -q;
          left -= q;
        }
      };
      trade('buy', Date.parse(`${date}T09:35:00-04:00`), QTY);
      if (held[symbol]! > 0) trade('sell', Date.parse(`${date}T15:55:00-04:00`), held[symbol]!);
      if (bars.length > 0) lastClose[symbol] = bars[bars.length - 1]!.close;
    }
  }
  const equity = cash + SYMBOLS.reduce((v, s) => v + held[s]! * (lastClose[s] ?? 0), 0);
  return { fills, pnl: equity - CASH };
}

const strategy: Strategy = {
  onStart: (ctx) => {
    ctx.schedule({ at: 'open', minutes: 5 }, 'buy');
    ctx.schedule({ at: 'close', minutes: 5 }, 'sell');
  },
  onTimer: (t, ctx) => {
    for (const symbol of SYMBOLS) {
      if (t.name === 'buy') ctx.submit({ symbol, side: 'buy', quantity: QTY });
      else if (ctx.portfolio.position(symbol) > 0) ctx.submit({ symbol, side: 'sell', quantity: ctx.portfolio.position(symbol) });
    }
  },
};

describe('the broker against an independent computation on the bundled real bars', () => {
  it('every fill (price, quantity, bar, commission) and the final P&L match', () => {
    const sim = createSimulation(demoConfig({ broker: { cash: CASH, commission: { per_share: PER_SHARE, minimum: MINIMUM } } }), { strategy });
    sim.runToEnd();
    const r = sim.result().strategy!;
    const want = expected();
    const got = r.fills.toArray().map((f) => ({ symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, barStart: f.barStart, commission: f.commission }));
    const key = (f: Fill) => `${f.barStart} ${f.symbol} ${f.side}`;
    expect([...got].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([...want.fills].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    expect(want.fills.length).toBeGreaterThanOrEqual(2 * SYMBOLS.length * DATES.length);
    expect(r.summary.pnl).toBeCloseTo(want.pnl, 6);
    // Every fill is known at its bar's end, never before.
    for (const f of r.fills.toArray()) expect(f.time).toBe(f.barStart + 60_000);
  });
});
