import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import fc from 'fast-check';
import { createSimulation } from '../../src/api/simulation.js';
import { replay } from '../../src/api/replay.js';
import type { BrokerConfig } from '../../src/api/config.js';
import { rankOf, type EventOf, type SimEvent } from '../../src/events/index.js';
import { canonical } from '../../src/kernel/index.js';
import { Book, bookRecord } from '../../src/state/index.js';
import type { Strategy } from '../../src/strategy/index.js';
import { caseArb, concretize, configOf, type Case } from './lifecycle-cases.js';
import { tmpDir } from './tmp.js';

/**
 * The strategy properties' cases and checks (test/strategy-properties.test.ts runs them on random
 * cases, test/strategy-regressions.test.ts on the shrunk counterexamples they found). A strategy's invariants on random exchanges and datasets (the lifecycle properties' cases: odd
 * hours, breaks, overnight sessions, late and missing data) with a random trader whose every
 * choice comes from its seeded random numbers: orders of every kind at random instants, cancels,
 * on timers and (in some cases) on bars. SESSIONSIM_STRATEGY_RUNS runs each (default 1,000).
 */
export const RUNS = Number(process.env.SESSIONSIM_STRATEGY_RUNS ?? 1000);
export const SEED = process.env.SESSIONSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.SESSIONSIM_PROPERTY_SEED);
export const TIMEOUT = Math.max(300_000, RUNS * 600);
const MIN = 60_000;

export interface Trading {
  readonly seed: number;
  readonly onBar: boolean;
  readonly timers: number;
  readonly broker: BrokerConfig;
}

export const tradingArb: fc.Arbitrary<Trading> = fc.record({
  seed: fc.nat(),
  onBar: fc.boolean(),
  timers: fc.integer({ min: 1, max: 6 }),
  broker: fc.record({
    cash: fc.constantFrom(500, 5_000, 100_000),
    enforce_cash: fc.boolean(),
    allow_short: fc.boolean(),
    fill: fc.record({ limit: fc.constantFrom('through' as const, 'touch' as const), volume_share: fc.constantFrom(0.05, 0.5, 1) }),
  }),
});

/** What the trader saw that it should not have: a bar in the state before its end. */
interface Seen { lookAhead: string[] }

function trader(t: Trading, symbols: readonly string[], seen: Seen): Strategy {
  const check = (ctx: Parameters<NonNullable<Strategy['onStart']>>[0]) => {
    for (const s of symbols) {
      const day = ctx.state.bars.get(s);
      if (day === undefined) continue;
      for (let i = 0; i < day.count; i++) if (day.start[i]! + MIN > ctx.now) seen.lookAhead.push(`${s} bar ${day.start[i]} seen at ${ctx.now}`);
    }
  };
  const act = (ctx: Parameters<NonNullable<Strategy['onStart']>>[0]) => {
    check(ctx);
    const r = ctx.random();
    const symbol = symbols[Math.floor(ctx.random() * symbols.length)]!;
    const side = ctx.random() < 0.5 ? 'buy' : 'sell';
    const quantity = 1 + Math.floor(ctx.random() * 40);
    const day = ctx.state.bars.get(symbol);
    const ref = day !== undefined && day.count > 0 ? day.close[day.count - 1]! : 60;
    const away = Math.round(ref * (0.97 + ctx.random() * 0.06) * 100) / 100;
    const tif = ctx.random() < 0.5 ? 'day' : 'gtc';
    if (r < 0.35) ctx.submit({ symbol, side, quantity, tif });
    else if (r < 0.6) ctx.submit({ symbol, side, quantity, type: 'limit', limitPrice: away, tif });
    else if (r < 0.75) ctx.submit({ symbol, side, quantity, type: 'stop', stopPrice: away, tif });
    else if (r < 0.85) ctx.submit({ symbol, side, quantity, type: 'stop-limit', stopPrice: away, limitPrice: Math.round(away * (side === 'buy' ? 1.01 : 0.99) * 100) / 100, tif });
    else {
      const open = ctx.portfolio.openOrders();
      if (open.length > 0) ctx.cancel(open[Math.floor(ctx.random() * open.length)]!.id);
    }
  };
  return {
    name: 'random',
    onSessionOpen: (s, ctx) => {
      check(ctx);
      for (let i = 0; i < t.timers; i++) {
        const at = s.time + Math.floor(ctx.random() * Math.max(1, (s.close - s.time) / MIN)) * MIN;
        if (at > ctx.now || (at === ctx.now && i === 0)) ctx.schedule(at, 'act');
      }
    },
    onTimer: (_e, ctx) => act(ctx),
    ...(t.onBar ? { onBar: (_b, ctx) => { if (ctx.random() < 0.01) act(ctx); } } : {}),
    onOrder: (_e, ctx) => check(ctx),
    onSessionClose: (_e, ctx) => { check(ctx); if (ctx.random() < 0.3) act(ctx); },
  };
}

const dir = tmpDir('sessionsim-strategy-props-');
let n = 0;
/**
 * How many runs traded, so that the properties are not passing on runs where nothing happens.
 * Counted among the runs whose data delivered bars in session: the lifecycle cases make many runs
 * without any (missing, broken or late data), where there is nothing to fill against.
 */
export const stats = { runs: 0, withBars: 0, withFills: 0, fills: 0 };

export function property(check: (c: Case, t: Trading, root: string) => void) {
  return () => fc.assert(fc.property(caseArb, tradingArb, (c, t) => {
    const root = path.join(dir, `r${n++}`);
    mkdirSync(root, { recursive: true });
    try { check(c, t, root); } finally { rmSync(root, { recursive: true, force: true }); }
  }), { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
}

export function runCase(c: Case, t: Trading, root: string, log: string | null = null) {
  const k = concretize(c, root);
  const seen: Seen = { lookAhead: [] };
  const config = { ...configOf(k, root, log), broker: t.broker, strategy_seed: t.seed };
  const sim = createSimulation(config, { strategy: trader(t, c.symbols, seen), keepEvents: true });
  sim.runToEnd();
  const fills = sim.log.filter((e) => e.type === 'OrderFilled').length;
  stats.runs++;
  stats.fills += fills;
  if (sim.log.some((e) => e.type === 'BarArrived' && !e.history)) stats.withBars++;
  if (fills > 0) stats.withFills++;
  return { sim, events: sim.log, seen, config, k };
}

const of = <T extends SimEvent['type']>(events: readonly SimEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);


/** No look-ahead and nothing outside a session. */
export function checkFills(c: Case, t: Trading, root: string): void {
    const { events, seen } = runCase(c, t, root);
    expect(seen.lookAhead.slice(0, 3)).toEqual([]);
    const submitted = new Map(of(events, 'OrderSubmitted').map((e) => [e.orderId, e]));
    const bars = new Map<string, EventOf<'BarArrived'>>();
    let session: EventOf<'SessionActivated'> | null = null;
    for (const e of events) {
      if (e.type === 'SessionActivated') session = e;
      if (e.type === 'BarArrived' && !e.history) bars.set(`${e.symbol} ${e.start}`, e);
      if (e.type !== 'OrderFilled') continue;
      const o = submitted.get(e.orderId)!;
      const b = bars.get(`${e.symbol} ${e.barStart}`);
      expect(b, `fill of order ${e.orderId} on a bar delivered before it`).toBeDefined();
      expect(b!.time).toBe(e.time);
      expect(e.barStart).toBeGreaterThanOrEqual(o.time);
      expect(session).not.toBeNull();
      expect(e.barStart).toBeGreaterThanOrEqual(session!.open);
      expect(e.barStart).toBeLessThan(session!.close);
      // No slippage configured: a price the bar traded at (or the order's own limit inside it).
      if (o.orderType === 'market') expect(e.price).toBe(b!.open);
      expect(e.price).toBeGreaterThanOrEqual(b!.low);
      expect(e.price).toBeLessThanOrEqual(b!.high);
      if (o.limitPrice !== null) expect(o.side === 'buy' ? e.price <= o.limitPrice : e.price >= o.limitPrice).toBe(true);
      expect(e.quantity).toBeLessThanOrEqual(Math.floor(b!.volume * t.broker.fill!.volume_share! + 1e-9));
    }
  }

/** Key order, value-neutral fills at zero cost, cash, each order ending once. */
export function checkOrderAndValue(c: Case, t: Trading, root: string): void {
    const { events } = runCase(c, t, root);
    for (let i = 1; i < events.length; i++) {
      const a = events[i - 1]!, b = events[i]!;
      expect(a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq, `${a.type}#${a.seq} then ${b.type}#${b.seq}`).toBeLessThan(0);
    }
    const book = new Book();
    const ended = new Set<number>();
    for (const e of events) {
      if (e.type === 'AccountOpened') book.open(e.cash);
      if (e.type === 'OrderFilled') {
        const value = (b: Book) => b.cash + b.position(e.symbol) * e.price;
        const before = value(book);
        book.fill(e.orderId, e.symbol, e.side, e.quantity, e.price, e.commission);
        expect(e.commission).toBe(0);
        expect(Math.abs(value(book) - before)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(before)));
        if (t.broker.enforce_cash) expect(book.cash).toBeGreaterThanOrEqual(-1e-9);
      }
      if (e.type === 'OrderRejected' || e.type === 'OrderCanceled' || e.type === 'OrderExpired' || (e.type === 'OrderFilled' && e.remaining === 0)) {
        expect(ended.has(e.orderId), `order ${e.orderId} ended twice`).toBe(false);
        ended.add(e.orderId);
      }
    }
  }

/** The same hash twice; replay equal to live for the account at every seq. */
export function checkReplay(c: Case, t: Trading, root: string): void {
    const log = path.join(root, 'run.arrow');
    const k = concretize(c, root);
    const config = { ...configOf(k, root, log), broker: t.broker, strategy_seed: t.seed };
    const seen: Seen = { lookAhead: [] };
    const sim = createSimulation(config, { strategy: trader(t, c.symbols, seen) });
    const books: string[] = [];
    for (let e = sim.step(); e !== undefined; e = sim.step()) books.push(canonical(bookRecord(sim.parts.kernel.state.book)));
    const again = createSimulation({ ...config, log: { path: null } }, { strategy: trader(t, c.symbols, seen) });
    again.runToEnd();
    expect(again.result().hash).toBe(sim.result().hash);
    const r = replay(log);
    let i = 0;
    for (let e = r.step(); e !== undefined; e = r.step()) expect(canonical(bookRecord(r.live.book as Book)), `account after event ${i}`).toBe(books[i++]);
    expect(i).toBe(books.length);
  }
