import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRun } from '../src/api/run.js';
import { getCalendar, formatDay, parseDay } from '../src/calendar/index.js';
import { rankOf, type SimEvent } from '../src/events/index.js';
import { MemoryLog } from '../src/kernel/index.js';
import { evolve, initialState, stateHash, type SessionState } from '../src/state/index.js';
import { replay } from '../src/api/replay.js';
import { dayFile, readLog } from '../src/storage/index.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

const cal = getCalendar('XNYS');
const dir = tmpDir();
let runNo = 0;

interface Case {
  startDay: number; startClock: string | null; spanDays: number; symbols: string[]; gapSeed: number; gapLevel: number;
  latency: number; timeout: number; upkeep: boolean; derived: number[]; missingPick: number | null;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  startDay: fc.integer({ min: parseDay('2024-01-01'), max: parseDay('2025-12-20') }),
  startClock: fc.option(fc.integer({ min: 0, max: 23 * 60 + 59 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`)),
  spanDays: fc.integer({ min: 0, max: 6 }),
  symbols: fc.subarray(['A', 'B', 'C'], { minLength: 1 }),
  gapSeed: fc.integer({ min: 1, max: 1e6 }),
  gapLevel: fc.integer({ min: 0, max: 6 }),
  latency: fc.constantFrom(0, 0, 0, 90_000, 45_000, 3_600_000),
  timeout: fc.constantFrom(30, 300),
  upkeep: fc.boolean(),
  derived: fc.subarray([1, 5, 15, 30], { minLength: 1 }),
  missingPick: fc.option(fc.integer({ min: 0, max: 10 })),
});

/** Deterministic pseudo-random gaps: a hash of (symbol, ts, seed). */
const gapFn = (c: Case) => (symbol: string, ts: number) => {
  let h = (c.gapSeed ^ (ts / 1000)) >>> 0;
  h = Math.imul(h ^ symbol.charCodeAt(0), 2654435761) >>> 0;
  h ^= h >>> 15;
  return h % 10 < c.gapLevel;
};

function runCase(c: Case, logPath: string | null = null, bars: 'full' | 'ref' = 'full') {
  const root = path.join(dir, `ds-${runNo++}`);
  const startDate = formatDay(c.startDay);
  const endDate = formatDay(c.startDay + c.spanDays);
  const dates = cal.sessionsBetween(startDate, formatDay(c.startDay + c.spanDays + 3)).map((s) => s.date);
  makeDataset(root, { dates, symbols: c.symbols, skip: gapFn(c), outside: true });
  const missing = c.missingPick === null || dates.length === 0 ? null : dates[c.missingPick % dates.length]!;
  if (missing !== null) rmSync(dayFile(root, '1m', missing));
  const config = {
    data: root, symbols: c.symbols, start: c.startClock === null ? startDate : `${startDate}T${c.startClock}`, end: endDate,
    data_upkeep: { enabled: c.upkeep, derived_intervals: c.derived },
    prefetch: { latency_ms: c.latency, timeout_seconds: c.timeout },
    log: { path: logPath, bars },
  };
  const build = (keepEvents = true) => {
    const run = createRun(config, { keepEvents });
    run.kernel.run();
    return run;
  };
  return { build, startDate, endDate, missing };
}

const key = (e: SimEvent) => [e.time, rankOf(e.type), e.seq] as const;
const cmp = (a: SimEvent, b: SimEvent) => a.time - b.time || rankOf(a.type) - rankOf(b.type) || a.seq - b.seq;

describe('lifecycle properties on random calendar windows and bars with gaps', () => {
  it('order, sessions, bars inside sessions, derived aggregates, quality arithmetic, determinism', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { build, endDate } = runCase(c);
        const run = build();
        const events = (run.log as MemoryLog<SimEvent>).events();
        // Handled in (time, rank, seq) order.
        for (let i = 1; i < events.length; i++) expect(cmp(events[i - 1]!, events[i]!), `${key(events[i - 1]!)} then ${key(events[i]!)}`).toBeLessThan(0);
        expect(events[events.length - 1]!.type).toBe('BacktestEnded');
        // Every session from the first activation to the end (within the data) once, in order.
        const acts = events.filter((e) => e.type === 'SessionActivated');
        const deacts = events.filter((e) => e.type === 'SessionDeactivated');
        const startInstant = events[0]!.time;
        const expected = cal.sessionsBetween(formatDay(c.startDay), endDate).filter((s) => s.close > startInstant).map((s) => s.date);
        const dataEnd = run.context.dataEnd;
        expect(acts.map((e) => (e as { date: string }).date)).toEqual(expected.filter((d) => dataEnd !== null && d <= dataEnd));
        expect(deacts.map((e) => (e as { date: string }).date)).toEqual(acts.map((e) => (e as { date: string }).date));
        // No live bar outside [open, close); live bars arrive at start + 1 minute.
        let session = { open: NaN, close: NaN };
        const barsByDay = new Map<string, Map<number, { o: number; h: number; l: number; c: number; v: number }>>();
        let date = '';
        for (const e of events) {
          if (e.type === 'SessionActivated') { session = { open: e.open, close: e.close }; date = e.date; }
          if (e.type === 'BarArrived') {
            expect(e.start >= session.open && e.start < session.close).toBe(true);
            if (!e.late && !e.history) expect(e.time).toBe(e.start + 60_000);
            const k = `${date}|${e.symbol}`;
            if (!barsByDay.has(k)) barsByDay.set(k, new Map());
            barsByDay.get(k)!.set(e.start, { o: e.open, h: e.high, l: e.low, c: e.close, v: e.volume });
          }
          if (e.type === 'DerivedBarCompleted') {
            const mins = [...(barsByDay.get(`${date}|${e.symbol}`) ?? new Map()).entries()].filter(([t]) => t >= e.start && t < e.end).sort((a, b) => a[0] - b[0]).map(([, b]) => b);
            expect(mins.length).toBe(e.count);
            expect([e.open, e.high, e.low, e.close, e.volume]).toEqual([mins[0]!.o, Math.max(...mins.map((m) => m.h)), Math.min(...mins.map((m) => m.l)), mins[mins.length - 1]!.c, mins.reduce((s, m) => s + m.v, 0)]);
            expect(e.time).toBeGreaterThanOrEqual(e.end);
          }
          if (e.type === 'QualityReport') {
            expect(e.received + e.missing).toBe(e.expected);
            expect(e.received).toBe(barsByDay.get(`${e.date}|${e.symbol}`)?.size ?? 0);
          }
        }
        if (c.upkeep) {
          // Gaps, computed independently: per session and universe symbol, the maximal runs of
          // minute starts in [open, close) without a delivered bar, each known when the symbol's
          // next bar is delivered (or at the close); in (time, universe order, from) order.
          const sessions = events.filter((e): e is Extract<SimEvent, { type: 'SessionActivated' }> => e.type === 'SessionActivated');
          for (const s of sessions) {
            const delivered = new Map<string, Map<number, number>>();
            for (const e of events) if (e.type === 'BarArrived' && e.time >= s.open && e.time <= s.close && barsByDay.get(`${s.date}|${e.symbol}`)?.has(e.start)) {
              if (!delivered.has(e.symbol)) delivered.set(e.symbol, new Map());
              delivered.get(e.symbol)!.set(e.start, e.time);
            }
            const expectedGaps: { time: number; order: number; from: number; to: number; missing: number; symbol: string }[] = [];
            c.symbols.forEach((symbol, order) => {
              const got = delivered.get(symbol) ?? new Map<number, number>();
              let from = -1, missing = 0;
              for (let t = s.open; t <= s.close; t += 60_000) {
                if (t < s.close && !got.has(t)) { if (missing === 0) from = t; missing++; continue; }
                if (missing > 0) expectedGaps.push({ time: t < s.close ? got.get(t)! : s.close, order, from, to: from + (missing - 1) * 60_000, missing, symbol });
                missing = 0;
              }
            });
            expectedGaps.sort((a, b) => a.time - b.time || a.order - b.order || a.from - b.from);
            const gotGaps = events.filter((e): e is Extract<SimEvent, { type: 'GapDetected' }> => e.type === 'GapDetected' && e.date === s.date);
            expect(gotGaps.map((g) => [g.time, g.symbol, g.from, g.to, g.missing])).toEqual(expectedGaps.map((g) => [g.time, g.symbol, g.from, g.to, g.missing]));
          }
        }
        if (!c.upkeep) expect(events.some((e) => e.type === 'QualityReport' || e.type === 'DerivedBarCompleted' || e.type === 'GapDetected')).toBe(false);
        // The same input gives the same log hash, and the columnar path (bars folded and hashed
        // without objects) gives the same hash and state as the object path.
        expect(build().log.hash()).toBe(run.log.hash());
        const fast = build(false);
        expect(fast.log.hash()).toBe(run.log.hash());
        expect(stateHash(fast.kernel.state)).toBe(stateHash(run.kernel.state));
      }),
      { numRuns: 60 },
    );
  });

  it('replaying the log file gives the live state hash at every seq', () => {
    fc.assert(
      fc.property(caseArb.map((c) => ({ ...c, spanDays: Math.min(c.spanDays, 2), symbols: c.symbols.slice(0, 2) })), (c) => {
        const logPath = path.join(dir, `log-${runNo}.arrow`);
        const { build } = runCase(c, logPath);
        const live: string[] = [];
        const run = build();
        // Live: fold the in-memory events one by one and hash after each (the kernel's own fold).
        let s = initialState();
        for (const e of (run.log as MemoryLog<SimEvent>).events()) { s = evolve(s, e); live.push(stateHash(s)); }
        expect(live[live.length - 1]).toBe(stateHash(run.kernel.state));
        // The file replayed is written again through the columnar path (no object sink).
        expect(build(false).log.hash()).toBe(run.log.hash());
        const back = readLog(logPath);
        expect(back.truncated).toBe(false);
        let r = initialState();
        back.events.forEach((e, i) => {
          r = evolve(r, e);
          expect(stateHash(r), `seq ${e.seq}`).toBe(live[i]);
        });
        expect(back.events.length).toBe(live.length);
      }),
      { numRuns: 12 },
    );
  });

  it('a log by reference replays to the live events, hash and state (bar prices from the inputs, derived prices recomputed)', () => {
    fc.assert(
      fc.property(caseArb.map((c) => ({ ...c, spanDays: Math.min(c.spanDays, 2), symbols: c.symbols.slice(0, 3) })), (c) => {
        const logPath = path.join(dir, `ref-${runNo}.arrow`);
        const { build } = runCase(c, logPath, 'ref');
        const run = build();
        // Written again through the columnar path (no object sink): that is the log replayed.
        const fast = build(false);
        expect(fast.log.hash()).toBe(run.log.hash());
        const r = replay(logPath);
        expect(r.all).toEqual((run.log as MemoryLog<SimEvent>).events());
        expect(r.hash).toBe(run.log.hash());
        r.runToEnd();
        expect(stateHash(r.live as SessionState)).toBe(stateHash(run.kernel.state));
      }),
      { numRuns: 12 },
    );
  });
});
