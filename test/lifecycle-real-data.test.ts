import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRun } from '../src/api/run.js';
import type { SimEvent } from '../src/events/index.js';
import type { MemoryLog } from '../src/kernel/index.js';
import { importCsv } from '../src/storage/index.js';
import { tmpDir } from './support/tmp.js';

const FIX = new URL('./fixtures/bars/', import.meta.url).pathname;
const SYMBOLS = ['AIG', 'BAC', 'IBM', 'SPY'];

/** Counts straight from the CSV text: the New York clock is in the ts_et column itself. */
function independentCounts() {
  const m = new Map<string, { inSession: number; outside: number }>();
  for (const s of SYMBOLS) {
    for (const line of readFileSync(path.join(FIX, `${s}_1min_lean.csv`), 'utf8').trim().split('\n').slice(1)) {
      const date = line.slice(0, 10);
      if (date < '2013-10-04' || date > '2013-10-11') continue;
      const hhmm = line.slice(11, 16);
      const k = `${date}|${s}`;
      const c = m.get(k) ?? { inSession: 0, outside: 0 };
      if (hhmm >= '09:30' && hhmm < '16:00') c.inSession++; else c.outside++;
      m.set(k, c);
    }
  }
  return m;
}

// The import is asynchronous (it streams its inputs): done once, before the suite is collected.
const root = tmpDir();
await importCsv({ inputs: SYMBOLS.map((s) => ({ path: path.join(FIX, `${s}_1min_lean.csv`), symbol: s })), root, interval: '1m', timezone: 'America/New_York', timestamps: 'iso', columns: { ts: 'ts_et' } });

describe('the real SPY/AIG/BAC/IBM week, 2013-10-04 .. 2013-10-11', () => {
  const run = createRun({ data: root, symbols: SYMBOLS, start: '2013-10-04', end: '2013-10-11' }, { keepEvents: true });
  run.kernel.run();
  const events = (run.log as MemoryLog<SimEvent>).events();

  it('visits each session once and skips the weekend', () => {
    expect(events.filter((e) => e.type === 'SessionActivated').map((e) => (e as { date: string }).date)).toEqual(['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11']);
    expect(events.filter((e) => e.type === 'DayAdvance').map((e) => (e as { to: string }).to)[0]).toBe('2013-10-07');
    expect(run.kernel.state.endReason).toBe('end-date');
  });

  it('delivers only the in-session minutes that exist, and the quality matches an independent count', () => {
    const counts = independentCounts();
    const quality = events.filter((e) => e.type === 'QualityReport');
    expect(quality).toHaveLength(24);
    for (const q of quality) {
      const c = counts.get(`${q.date}|${q.symbol}`)!;
      expect([q.date, q.symbol, q.received, q.outOfSession, q.missing, q.expected]).toEqual([q.date, q.symbol, c.inSession, c.outside, 390 - c.inSession, 390]);
    }
    const delivered = events.filter((e) => e.type === 'BarArrived').length;
    expect(delivered).toBe([...counts.values()].reduce((n, c) => n + c.inSession, 0));
    // At least one real gap exists in this week and is reported.
    expect(events.some((e) => e.type === 'GapDetected')).toBe(true);
  });
});

describe('reading', () => {
  it('reads each day file once per run', () => {
    const root = path.resolve('demo/data');
    const run = createRun({ data: root, symbols: SYMBOLS, start: '2013-10-04', end: '2013-10-11' });
    run.kernel.run();
    expect(run.loader.filesRead).toHaveLength(6);
    expect(new Set(run.loader.filesRead).size).toBe(6);
  });
});
