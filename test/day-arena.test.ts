import { describe, expect, it } from 'vitest';
import { createRun, type RunParts } from '../src/api/run.js';
import { createSimulation } from '../src/api/simulation.js';
import { getCalendar } from '../src/calendar/index.js';
import { ArrayPool } from '../src/state/index.js';
import { PrefetchThread } from '../src/storage/prefetch-thread.js';
import { roomyCapacity } from '../src/storage/day-loader.js';
import { writeDay } from '../src/storage/write-day.js';
import { stateHash } from './support/state-hash.js';
import { tmpDir } from './support/tmp.js';

/**
 * Day arrays are recycled: a run's plans, row lists, derived bars and day columns come from
 * buffers given back when the run lets a day go. Recycling must change nothing a run sees, and
 * after the first days a run must make no new buffer per day.
 */
describe('the array pool', () => {
  it('gives back zeroed arrays, reuses a released lease\'s buffers, never a retained one\'s', () => {
    const pool = new ArrayPool();
    const a = pool.lease();
    const x = a.f64(10_000);
    x.fill(7);
    const y = a.i32(5_000);
    y.fill(-1);
    a.release();
    expect(() => a.f64(10_000)).toThrow(/released/);
    const b = pool.lease();
    const x2 = b.f64(10_000), y2 = b.i32(5_000);
    expect(pool.reused).toBe(2);
    expect(x2.buffer).toBe(x.buffer);
    expect(x2.every((v) => v === 0) && y2.every((v) => v === 0)).toBe(true);
    expect(x2.length).toBe(10_000);
    // Arrays the caller fills itself come from the same buffers, as they were left.
    x2.fill(3);
    const d = new ArrayPool(), e = d.lease();
    e.f64ToFill(4_000).fill(5);
    e.release();
    const f = d.lease().f64ToFill(3_000);
    expect([f.length, f[0], d.reused]).toEqual([3_000, 5, 1]);
    b.retain();
    b.release();
    const c = pool.lease();
    c.f64(10_000);
    expect(pool.reused).toBe(2); // b still held: a new buffer
    b.release();
    c.f64(10_000);
    expect(pool.reused).toBe(3);
    // Small arrays are plain ones.
    expect(c.u8(100).buffer.byteLength).toBe(100);
  });

  it('lets go at a trim of the buffers no take needed since the trim before, and keeps those in use', () => {
    const pool = new ArrayPool();
    // Day 1 uses three big arrays; from day 2 on only one (the others went to another thread, say).
    const day1 = pool.lease();
    day1.f64(100_000); day1.f64(100_000); day1.f64(100_000);
    day1.release();
    pool.trim(); // three free, and nothing seen yet that says they are idle: all kept
    expect(pool.trimmed).toBe(0);
    for (let d = 0; d < 3; d++) {
      const day = pool.lease();
      day.f64(100_000);
      day.release();
      pool.trim();
    }
    // Two buffers were not taken during a whole day: let go at the next trim, the third kept.
    expect(pool.trimmed).toBe(2);
    expect(pool.created).toBe(3);
    const later = pool.lease();
    later.f64(100_000);
    expect(pool.created).toBe(3);
    later.f64(100_000);
    expect(pool.created).toBe(4); // the second is made again
  });
});

describe('slab sizes', () => {
  it('round up by at most an eighth, to steps that days a few bytes apart share', () => {
    for (const n of [1, 9, 17, 1000, 1025, 65_537, 11_717_157, 2 ** 30 + 1]) {
      const c = roomyCapacity(n);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(c).toBeLessThanOrEqual(Math.max(8, n * 1.125));
    }
    expect(roomyCapacity(11_717_157)).toBe(roomyCapacity(11_727_000));
  });
});

/** A clean dataset: `symbols` symbols trading every minute of `sessions` XNYS sessions from 2025-01-02. */
function dataset(symbols: number, sessions: number): { root: string; dates: string[]; names: string[] } {
  const root = tmpDir('sessionsim-arena-');
  const cal = getCalendar('XNYS');
  const dates = cal.sessionsBetween('2025-01-02', '2025-12-31').slice(0, sessions).map((s) => s.date);
  const names = Array.from({ length: symbols }, (_, i) => `S${String(i).padStart(3, '0')}`);
  dates.forEach((date, d) => {
    const s = cal.sessionOn(date)!;
    const minutes = (s.close - s.open) / 60_000;
    const n = minutes * symbols;
    const c = { symbols: names, ts: new Float64Array(n), sym: new Int32Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
    for (let m = 0, r = 0; m < minutes; m++) {
      for (let k = 0; k < symbols; k++, r++) {
        const p = 100 + k + Math.sin(m / 7 + d + k) * 3;
        c.ts[r] = s.open + m * 60_000; c.sym[r] = k;
        c.open[r] = p; c.high[r] = p + 0.5; c.low[r] = p - 0.5; c.close[r] = p + 0.25; c.volume[r] = 100 + ((m * 31 + k * 7 + d) % 50);
      }
    }
    writeDay(root, '1m', date, c);
  });
  return { root, dates, names };
}

function outcome(run: RunParts) {
  run.kernel.run();
  return { hash: run.log.hash(), state: stateHash(run.kernel.state), events: run.kernel.handled };
}

describe('a run recycles its days', () => {
  const data = dataset(40, 12);
  const config = (sessions: number) => ({ data: data.root, symbols: data.names, start: data.dates[0]!, end: data.dates[sessions - 1]!, data_upkeep: { derived_intervals: [5, 15, 7] } });

  it('the same events and state as a run whose arrays are all new, read here or on the prefetch thread', () => {
    const thread = new PrefetchThread();
    try {
      expect(thread.ready(30_000)).toBe(true);
      const fresh = outcome(createRun(config(12), { recycle: false, readAhead: { thread: null } }));
      expect(outcome(createRun(config(12), { readAhead: { thread: null } }))).toEqual(fresh);
      const threaded = createRun(config(12), { readAhead: { thread } });
      expect(outcome(threaded)).toEqual(fresh);
      expect(thread.answered).toBe(10);
    } finally {
      thread.close();
    }
  });

  it('makes no new buffer per day after the first days (12 sessions make as many as 6), and at most four slabs', () => {
    const thread = new PrefetchThread();
    try {
      expect(thread.ready(30_000)).toBe(true);
      const made = (sessions: number) => {
        const run = createRun(config(sessions), { readAhead: { thread } });
        run.kernel.run();
        return { created: run.loader.arrays.created, reused: run.loader.arrays.reused > 0, slabs: run.loader.slabCount };
      };
      const six = made(6), twelve = made(12);
      expect(twelve.reused && six.reused).toBe(true);
      expect(twelve.created).toBe(six.created);
      expect(twelve.slabs).toBeLessThanOrEqual(4);
    } finally {
      thread.close();
    }
  });

  it('derived bars kept by the results for the whole run are not recycled under them', () => {
    const rows = (recycle: boolean) => {
      const sim = createSimulation(config(12));
      sim.parts.loader.recycle = recycle;
      sim.runToEnd();
      return sim.result().derived.toArray();
    };
    const recycled = rows(true);
    expect(recycled.length).toBeGreaterThan(12 * 40 * 78);
    expect(recycled).toEqual(rows(false));
  });
});
