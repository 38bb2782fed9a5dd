import { getCalendar } from '../../src/calendar/index.js';
import { columnsFromRows, writeDay } from '../../src/storage/index.js';
import { createSimulation, type Simulation, type SimulationResult } from '../../src/api/simulation.js';
import type { SimConfig } from '../../src/api/config.js';
import type { EventOf, EventType, SimEvent } from '../../src/events/index.js';
import type { Strategy } from '../../src/strategy/index.js';
import { tmpDir } from './tmp.js';

/** A bar as a test writes it: start is a local 'HH:MM' on the day, or epoch ms. */
export interface TestBar {
  readonly symbol: string;
  readonly date: string;
  readonly at: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export const XNYS = getCalendar('XNYS');
/** Epoch ms of a New York local time on a date. */
export const ny = (date: string, hhmm: string) => XNYS.parseTime(`${date}T${hhmm}`);

/**
 * A dataset on XNYS: every minute of each session for each symbol at a flat price (100 + 10 x the
 * symbol's index, volume 1000), with the bars of `bars` put in their place (and `drop` left out).
 */
export function writeTradingData(dates: readonly string[], symbols: readonly string[], bars: readonly TestBar[] = [], drop: readonly { symbol: string; date: string; at: string }[] = [], extraRows: readonly TestBar[] = []): string {
  const root = tmpDir('sessionsim-trading-');
  for (const date of dates) {
    const s = XNYS.sessionOn(date)!;
    const rows: { symbol: string; ts: number; open: number; high: number; low: number; close: number; volume: number }[] = [];
    for (const [k, symbol] of symbols.entries()) {
      for (let t = s.open; t < s.close; t += 60_000) {
        const hhmm = XNYS.formatClock(t);
        if (drop.some((d) => d.symbol === symbol && d.date === date && d.at === hhmm)) continue;
        const given = bars.find((b) => b.symbol === symbol && b.date === date && b.at === hhmm);
        const p = 100 + 10 * k;
        rows.push(given === undefined ? { symbol, ts: t, open: p, high: p, low: p, close: p, volume: 1000 } : { symbol, ts: t, open: given.open, high: given.high, low: given.low, close: given.close, volume: given.volume });
      }
    }
    for (const b of extraRows.filter((x) => x.date === date)) rows.push({ symbol: b.symbol, ts: ny(date, b.at), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
    rows.sort((a, b) => a.ts - b.ts || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    writeDay(root, '1m', date, columnsFromRows(rows));
  }
  return root;
}

export interface TradingRun {
  readonly sim: Simulation;
  readonly result: SimulationResult;
  readonly events: readonly SimEvent[];
  of<T extends EventType>(type: T): EventOf<T>[];
}

/** Runs a strategy to the end over a dataset root, keeping every event. */
export function runTrading(root: string, symbols: readonly string[], start: string, end: string, strategy: Strategy, config: Partial<SimConfig> = {}): TradingRun {
  const sim = createSimulation({ data: root, symbols, start, end, ...config }, { strategy, keepEvents: true });
  sim.runToEnd();
  const events = sim.log;
  return { sim, result: sim.result(), events, of: <T extends EventType>(type: T) => events.filter((e): e is EventOf<T> => e.type === type) };
}

export const bar = (symbol: string, date: string, at: string, open: number, high: number, low: number, close: number, volume = 1000): TestBar => ({ symbol, date, at, open, high, low, close, volume });
