import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../src/api/simulation.js';
import { replay } from '../src/api/replay.js';
import { verifyLog } from '../src/api/verify.js';
import { isSimError } from '../src/errors.js';
import { canonical } from '../src/kernel/index.js';
import { bookRecord } from '../src/state/index.js';
import type { Strategy } from '../src/strategy/index.js';
import { stateHash } from './support/state-hash.js';
import { tmpDir } from './support/tmp.js';
import { ny, runTrading, writeTradingData } from './support/trading.js';

const D1 = '2025-07-02', D2 = '2025-07-03', D3 = '2025-07-07';
const SYMBOLS = ['AAA', 'BBB'];
const data = writeTradingData([D1, D2, D3], SYMBOLS);

function fails(f: () => unknown): { code: string; message: string; details: Readonly<Record<string, unknown>> } {
  try {
    f();
  } catch (e) {
    if (isSimError(e)) return { code: e.code, message: e.message, details: e.details };
    throw e;
  }
  throw new Error('did not fail');
}

describe('timers', () => {
  it('in market terms: open + 5 and close - 5 on each session (an early close\'s own), a local clock time, the last session of the week', () => {
    const r = runTrading(data, SYMBOLS, D1, D3, {
      onStart: (ctx) => {
        ctx.schedule({ at: 'open', minutes: 5 }, 'open+5');
        ctx.schedule({ at: 'close', minutes: 5 }, 'close-5', { n: 1 });
        ctx.schedule({ at: 'time', time: '11:00', sessions: 'last-of-week' }, 'weekly');
      },
    });
    const fired = r.of('TimerFired').map((t) => `${t.name} ${r.sim.calendar.formatLocal(t.time)}`);
    expect(fired).toEqual([
      `open+5 ${D1}T09:35:00-04:00`, `close-5 ${D1}T15:55:00-04:00`,
      `open+5 ${D2}T09:35:00-04:00`, `weekly ${D2}T11:00:00-04:00`, `close-5 ${D2}T12:55:00-04:00`,
      `open+5 ${D3}T09:35:00-04:00`, `close-5 ${D3}T15:55:00-04:00`,
    ]);
    expect(r.of('TimerFired')[1]!.payload).toEqual({ n: 1 });
  });

  it('a timer at its instant sees the bars that arrived by then and comes before the close', () => {
    const seen: number[] = [];
    const r = runTrading(data, SYMBOLS, D1, D1, {
      onStart: (ctx) => { ctx.schedule(`${D1}T10:00`, 'look'); ctx.schedule(`${D1}T16:00`, 'at-close'); },
      onTimer: (t, ctx) => { seen.push(ctx.state.bars.get('AAA')!.count); if (t.name === 'at-close') expect(ctx.state.active).toBe(true); },
    });
    // 09:30 .. 09:59 have arrived at 10:00 (the 09:59 bar at its end).
    expect(seen).toEqual([30, 390]);
    const order = r.events.filter((e) => e.time === ny(D1, '16:00')).map((e) => e.type);
    expect(order.indexOf('TimerFired')).toBeLessThan(order.indexOf('MarketClose'));
    expect(order.indexOf('BarArrived')).toBeLessThan(order.indexOf('TimerFired'));
  });

  it('misuse is STRATEGY_FAILED naming the hook and the event: a time already past, a bad payload, a bad spec', () => {
    const at = (f: Strategy['onStart']) => fails(() => runTrading(data, SYMBOLS, D1, D1, { onStart: f }));
    const past = fails(() => runTrading(data, SYMBOLS, D1, D1, { onSessionOpen: (_s, ctx) => ctx.schedule(`${D1}T09:00`, 'late') }));
    expect(past.code).toBe('STRATEGY_FAILED');
    expect(past.message).toMatch(/strategy\.onSessionOpen on SessionActivated \(seq \d+, time 2025-07-02T09:30:00-04:00\).*not after now/);
    expect(at((ctx) => ctx.schedule(`${D1}T10:00`, 'x', { f: () => 1 } as never)).message).toContain('payload must be a JSON value');
    expect(at((ctx) => ctx.schedule({ at: 'open', minutes: -1 }, 'x')).message).toContain('schedule.minutes');
    expect(at((ctx) => ctx.schedule(`${D1}T10:00`, '')).message).toContain('name must be a non-empty string');
  });
});

describe('a strategy that fails', () => {
  it('a hook that throws stops the run: STRATEGY_FAILED with the hook, the event and the cause', () => {
    const f = fails(() => runTrading(data, SYMBOLS, D1, D1, { onBar: (b) => { if (b.symbol === 'BBB') throw new Error('boom'); } }));
    expect(f.code).toBe('STRATEGY_FAILED');
    expect(f.message).toMatch(/strategy\.onBar on BarArrived \(seq \d+, time 2025-07-02T09:31:00-04:00\) threw: boom/);
  });

  it('a malformed order names the field and the value', () => {
    const bad = (o: object) => fails(() => runTrading(data, SYMBOLS, D1, D1, { onSessionOpen: (_s, ctx) => { ctx.submit(o as never); } })).message;
    expect(bad({ symbol: 'AAA', side: 'buy', quantity: 0 })).toContain('quantity must be a whole number of shares, 1 or more, got 0');
    expect(bad({ symbol: 'AAA', side: 'hold', quantity: 1 })).toContain(`side must be 'buy' or 'sell', got "hold"`);
    expect(bad({ symbol: 'AAA', side: 'buy', quantity: 1, type: 'limit' })).toContain('a limit order needs limitPrice');
    expect(bad({ symbol: 'AAA', side: 'buy', quantity: 1, limitPrice: 3 })).toContain('limitPrice does not go with a market order');
    expect(bad({ symbol: 'AAA', side: 'buy', quantity: 1, price: 3 })).toContain('unknown field "price"');
  });

  it('cancel of an id never given, acting in onEnd, acting from a kept context: errors, not silence', () => {
    expect(fails(() => runTrading(data, SYMBOLS, D1, D1, { onSessionOpen: (_s, ctx) => ctx.cancel(7) })).message).toContain('no order has the id 7');
    expect(fails(() => runTrading(data, SYMBOLS, D1, D1, { onEnd: (ctx) => { ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1 }); } })).message).toContain('the run has ended');
    let kept: Parameters<NonNullable<Strategy['onStart']>>[0] | null = null;
    runTrading(data, SYMBOLS, D1, D1, { onStart: (ctx) => { kept = ctx; } });
    expect(() => kept!.submit({ symbol: 'AAA', side: 'buy', quantity: 1 })).toThrow(/acts only inside its hooks/);
  });

  it('hooks are synchronous: an async hook is refused up front, a promise returned is STRATEGY_FAILED (never an unhandled rejection)', () => {
    const asyncHook = fails(() => createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1 }, { strategy: { async onTimer() { throw new Error('boom'); } } as Strategy }));
    expect(asyncHook).toMatchObject({ code: 'STRATEGY_INVALID' });
    expect(asyncHook.message).toContain('onTimer is an async function; hooks are synchronous');
    const promised = fails(() => runTrading(data, SYMBOLS, D1, D1, { onSessionOpen: () => Promise.reject(new Error('later')) as unknown as void }));
    expect(promised.code).toBe('STRATEGY_FAILED');
    expect(promised.message).toContain('returned a promise: hooks are synchronous');
  });

  it('a timer\'s payload and the events a hook gets are frozen: the log keeps what happened', () => {
    const r = runTrading(data, SYMBOLS, D1, D2, {
      onStart: (ctx) => ctx.schedule({ at: 'open', minutes: 1 }, 'count', { n: 0 }),
      onTimer: (t) => { expect(() => { (t.payload as { n: number }).n++; }).toThrow(TypeError); expect(() => { (t as { name: string }).name = 'x'; }).toThrow(TypeError); },
    });
    expect(r.of('TimerFired').map((t) => t.payload)).toEqual([{ n: 0 }, { n: 0 }]);
  });

  it('a broker or a seed without a strategy is said, not silently ignored', () => {
    const plain = createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1, broker: { cash: 5 }, strategy_seed: 3 });
    plain.runToEnd();
    expect(plain.result().warnings).toEqual(['config.broker and config.strategy_seed are set, but the run has no strategy: nothing traded (give one: createSimulation(config, { strategy }), run --strategy FILE)']);
    const traded = createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1, broker: { cash: 5 } }, { strategy: { onEnd: () => {} } });
    traded.runToEnd();
    expect(traded.result().warnings).toEqual([]);
  });

  it('what is not a strategy is STRATEGY_INVALID before anything runs', () => {
    expect(fails(() => createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1 }, { strategy: {} as Strategy })).code).toBe('STRATEGY_INVALID');
    expect(fails(() => createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1 }, { strategy: { onBar: 3 } as unknown as Strategy })).message).toContain('onBar must be a function');
    expect(fails(() => createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1, broker: { cash: -1 } }, { strategy: { onEnd: () => {} } })).message).toContain('config.broker.cash');
    expect(fails(() => createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1, broker: { fees: 1 } as never }, { strategy: { onEnd: () => {} } })).details.key).toBe('broker.fees');
  });
});

/** Buys and sells at random instants with the seeded random numbers: orders of every kind. */
function randomTrader(): Strategy {
  return {
    name: 'random-trader',
    onStart: (ctx) => ctx.schedule({ at: 'open', minutes: 0 }, 'tick'),
    onTimer: (_t, ctx) => {
      const next = ctx.now + (1 + Math.floor(ctx.random() * 40)) * 60_000;
      if (ctx.state.active && next < ctx.state.close) ctx.schedule(next, 'tick');
      const symbol = ctx.random() < 0.5 ? 'AAA' : 'BBB';
      const kind = Math.floor(ctx.random() * 4);
      const side = ctx.random() < 0.5 ? 'buy' : 'sell';
      const quantity = 1 + Math.floor(ctx.random() * 20);
      if (kind === 0) ctx.submit({ symbol, side, quantity });
      else if (kind === 1) ctx.submit({ symbol, side, quantity, type: 'limit', limitPrice: 100, tif: 'gtc' });
      else if (kind === 2) ctx.submit({ symbol, side, quantity, type: 'stop', stopPrice: 105 });
      else {
        const open = ctx.portfolio.openOrders();
        if (open.length > 0) ctx.cancel(open[Math.floor(ctx.random() * open.length)]!.id);
      }
    },
  };
}

describe('replay and verify', () => {
  it('the same seed gives the same log hash; replaying the log gives the same state, portfolio included, at every seq', () => {
    const dir = mkdtempSync(path.join(tmpDir('sessionsim-strat-'), 'x'));
    const log = path.join(dir, 'run.arrow');
    const config = { data, symbols: SYMBOLS, start: D2, end: D3, strategy_seed: 7, log: { path: log, snapshot_every: 500 } };
    const sim = createSimulation(config, { strategy: randomTrader() });
    const live: string[] = [], books: string[] = [], seqs: number[] = [];
    for (let e = sim.step(); e !== undefined; e = sim.step()) {
      seqs.push(e.seq);
      live.push(stateHash(sim.parts.kernel.state));
      books.push(canonical(bookRecord(sim.parts.kernel.state.book)));
    }
    const again = createSimulation({ ...config, log: undefined }, { strategy: randomTrader() });
    again.runToEnd();
    expect(again.result().hash).toBe(sim.result().hash);
    expect(sim.result().strategy!.summary.fills).toBeGreaterThan(5);
    expect(sim.result().strategy!.orders.toArray().some((o) => o.status === 'canceled')).toBe(true);
    const r = replay(log);
    const folded: string[] = [];
    for (let e = r.step(); e !== undefined; e = r.step()) folded.push(stateHash(r.live as never));
    expect(folded).toEqual(live);
    // A seek from a snapshot lands on the same state, the account too.
    for (const at of [Math.floor(live.length / 3), Math.floor(live.length / 2), live.length - 2]) {
      r.seek({ seq: seqs[at - 1]! });
      expect(r.position).toBe(at);
      expect(canonical(bookRecord(r.live.book as never))).toBe(books[at - 1]);
      expect(stateHash(r.live as never)).toBe(live[at - 1]);
    }
    const fromLog = r.strategyResult()!;
    expect(fromLog.fills.toArray()).toEqual(sim.result().strategy!.fills.toArray());
    expect(fromLog.equity.toArray()).toEqual(sim.result().strategy!.equity.toArray());
    expect(fromLog.summary).toEqual(sim.result().strategy!.summary);
    // The log records what the strategy was; verify runs it again.
    expect(r.manifest.config).toMatchObject({ strategy: { file: null, sha256: null, name: 'random-trader' }, strategy_seed: 7 });
    expect(verifyLog(log, { strategy: randomTrader }).hash).toBe(sim.result().hash);
    const noStrategy = fails(() => verifyLog(log));
    expect(noStrategy.code).toBe('STRATEGY_INVALID');
    expect(noStrategy.message).toContain('random-trader');
    // Another strategy is a mismatch, named.
    expect(fails(() => verifyLog(log, { strategy: () => ({ onEnd: () => {} }) })).code).toBe('LOG_MISMATCH');
  });

  it('a different seed trades differently', () => {
    const h = (seed: number) => { const s = createSimulation({ data, symbols: SYMBOLS, start: D1, end: D1, strategy_seed: seed }, { strategy: randomTrader() }); s.runToEnd(); return s.result().hash; };
    expect(h(1)).toBe(h(1));
    expect(h(1)).not.toBe(h(2));
  });

  it('a strategy without onBar leaves the bars on their columnar path, with the same events as one with an empty onBar', () => {
    const plain = randomTrader();
    const withBar = { ...randomTrader(), onBar: () => {} };
    const h = (s: Strategy) => { const sim = createSimulation({ data, symbols: SYMBOLS, start: D1, end: D3, strategy_seed: 3 }, { strategy: s }); sim.runToEnd(); return sim.result().hash; };
    expect(h(plain)).toBe(h(withBar));
  });

  it('a strategy module: run from the CLI loader, recorded by path and sha256', async () => {
    const dir = tmpDir('sessionsim-mod-');
    const file = path.join(dir, 'trader.mjs');
    writeFileSync(file, `export default () => ({ name: 'm', onSessionOpen(s, ctx) { ctx.submit({ symbol: 'AAA', side: 'buy', quantity: 1 }); } });\n`);
    const { loadStrategy } = await import('../src/api/strategy-module.js');
    const loaded = await loadStrategy(file);
    expect(loaded.make()).not.toBe(loaded.strategy);
    const sim = createSimulation({ data, symbols: SYMBOLS, start: D1, end: D2, log: { path: path.join(dir, 'l.arrow') } }, { strategy: loaded.strategy, strategySource: loaded.source });
    sim.runToEnd();
    expect(sim.result().strategy!.summary.fills).toBe(2);
    expect(replay(path.join(dir, 'l.arrow')).manifest.config).toMatchObject({ strategy: { file, sha256: loaded.sha256, name: 'm' } });
    // A module changed since it was loaded in this process is loaded again: the code that runs is the code hashed.
    writeFileSync(file, `export default () => ({ name: 'm2', onSessionOpen(s, ctx) { ctx.submit({ symbol: 'BBB', side: 'buy', quantity: 1 }); } });\n`);
    const changed = await loadStrategy(file);
    expect(changed.sha256).not.toBe(loaded.sha256);
    expect(changed.strategy.name).toBe('m2');
    writeFileSync(path.join(dir, 'bad.mjs'), 'export const other = 1;\n');
    await expect(loadStrategy(path.join(dir, 'bad.mjs'))).rejects.toMatchObject({ code: 'STRATEGY_INVALID' });
    await expect(loadStrategy(path.join(dir, 'missing.mjs'))).rejects.toMatchObject({ code: 'STRATEGY_INVALID' });
  });
});
