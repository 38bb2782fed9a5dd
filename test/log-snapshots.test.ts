import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay, simulate, type SimEvent } from '../src/index.js';
import { canonical } from '../src/kernel/hashing/canonical.js';
import { applySnapshot, evolve, initialState, snapshot } from '../src/state/index.js';
import { parseSnapshot, scanLog, type LogCompression } from '../src/storage/index.js';
import { makeDataset } from './support/dataset.js';
import { tmpDir } from './support/tmp.js';

/**
 * A log holds the state at each session's start (and every N events when asked): a seek folds
 * only from the nearest snapshot before its target, and lands on the state a fold from the first
 * event gives, whatever the log (full or by reference, compressed or not, days missing, gaps, an
 * early close, snapshots every few events or only at session starts).
 */

const RUNS = Math.max(1000, Number(process.env.SESSIONSIM_PROPERTY_RUNS ?? 1000));
/** 1,000 seeks take about 40 s alone, past vitest's 60 s default on a busy two-core machine. */
const TIMEOUT = Math.max(300_000, RUNS * 300);
const dir = tmpDir('log-snapshots-');

interface LogCase {
  readonly file: string;
  readonly events: readonly SimEvent[];
  /** The canonical state after p events, by position, computed when first asked for. */
  readonly states: Map<number, string>;
}

function makeCase(name: string, o: { dates: string[]; missing?: string[]; symbols: string[]; every: number; bars: 'full' | 'ref'; compression: LogCompression; gapEvery: number }): LogCase {
  const root = path.join(dir, name);
  makeDataset(root, { dates: o.dates.filter((d) => !(o.missing ?? []).includes(d)), symbols: o.symbols, skip: (s, ts) => (ts / 60_000 + s.length) % o.gapEvery === 0 });
  const file = path.join(dir, `${name}.arrow`);
  simulate({ data: root, symbols: o.symbols, start: o.dates[0]!, end: o.dates[o.dates.length - 1]!, log: { path: file, bars: o.bars, compression: o.compression, snapshot_every: o.every } });
  return { file, events: replay(file).all, states: new Map() };
}

const CASES: LogCase[] = [
  // Across a weekend, with gaps: snapshots at session starts only.
  makeCase('weekend', { dates: ['2025-06-05', '2025-06-06', '2025-06-09'], symbols: ['AA', 'BBB'], every: 0, bars: 'full', compression: 'none', gapEvery: 11 }),
  // Independence Day's early close the day before, a missing day file: snapshots inside sessions too.
  makeCase('early-close', { dates: ['2025-07-02', '2025-07-03', '2025-07-07'], missing: ['2025-07-02'], symbols: ['AA', 'B', 'CCCC'], every: 97, bars: 'full', compression: 'zstd', gapEvery: 17 }),
  // By reference: only the session-start snapshots serve a seek.
  makeCase('by-reference', { dates: ['2025-03-06', '2025-03-07', '2025-03-10'], symbols: ['X', 'YY'], every: 50, bars: 'ref', compression: 'lz4', gapEvery: 23 }),
  // A snapshot after nearly every append.
  makeCase('dense', { dates: ['2025-11-26', '2025-11-28'], symbols: ['Q'], every: 1, bars: 'full', compression: 'lz4', gapEvery: 5 }),
];

function stateAt(c: LogCase, p: number): string {
  let out = c.states.get(p);
  if (out === undefined) {
    let st = initialState();
    for (let i = 0; i < p; i++) st = evolve(st, c.events[i]!);
    out = canonical(snapshot(st));
    c.states.set(p, out);
  }
  return out;
}

describe('state snapshots in the log', () => {
  it('are there: one at each session start, and every N events when asked', () => {
    for (const c of CASES) {
      const scan = scanLog(c.file);
      const snaps = scan.batches.filter((b) => b.snapshot !== null);
      const starts = c.events.filter((e) => e.type === 'SessionActivated').length;
      expect(snaps.length, c.file).toBeGreaterThanOrEqual(starts);
      // Applied in order, the snapshots up to one give the state a fold from the start gives there.
      const st = initialState();
      for (const b of snaps) {
        applySnapshot(st, parseSnapshot(b.snapshot!, c.file, b.index));
        expect(canonical(snapshot(st)), `${c.file} at ${b.through}`).toBe(stateAt(c, b.through!));
      }
    }
    expect(scanLog(CASES[3]!.file).batches.filter((b) => b.snapshot !== null).length).toBeGreaterThan(CASES[3]!.events.length / 4);
  });

  it('a seek lands on the state a fold from the first event gives, hash for hash, seeking back and forth', () => {
    const target = fc.oneof(
      fc.record({ kind: fc.constant('position' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('time' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: CASES.length - 1 }), fc.array(target, { minLength: 1, maxLength: 3 }), (k, targets) => {
      const c = CASES[k]!;
      const r = replay(c.file);
      for (const t of targets) {
        if (t.kind === 'position') {
          const i = Math.min(c.events.length - 1, Math.floor(t.at * c.events.length));
          r.seek(c.events[i]!.seq);
          expect(r.position).toBe(i + 1);
        } else {
          const t0 = c.events[0]!.time, t1 = c.events[c.events.length - 1]!.time;
          const time = Math.round(t0 - 60_000 + t.at * (t1 - t0 + 120_000));
          r.seek({ time });
          const want = c.events.filter((e) => e.time <= time).length;
          expect(r.position).toBe(want);
        }
        expect(canonical(r.state)).toBe(stateAt(c, r.position));
      }
      // And stepping on from there gives the logged events in order.
      const next = r.step();
      if (r.position <= c.events.length && next !== undefined) expect(next).toEqual(c.events[r.position - 1]);
    }), { numRuns: RUNS });
  }, TIMEOUT);

  it('a seek folds only the events after the nearest snapshot before its target', () => {
    for (const c of CASES.filter((x) => !x.file.endsWith('by-reference.arrow'))) {
      const scan = scanLog(c.file);
      const last = scan.batches.filter((b) => b.snapshot !== null).pop()!;
      const r = replay(c.file);
      r.seek(c.events[c.events.length - 1]!.seq);
      expect(r.folded, c.file).toBe(c.events.length - last.through!);
      expect(r.folded, c.file).toBeLessThan(c.events.length);
    }
  });

  it('by reference, a seek starts from a session-start snapshot', () => {
    const c = CASES[2]!;
    const scan = scanLog(c.file);
    const starts = scan.batches.filter((b) => b.snapshot !== null && parseSnapshot(b.snapshot, c.file, b.index).day === null);
    const inside = scan.batches.filter((b) => b.snapshot !== null && parseSnapshot(b.snapshot, c.file, b.index).day !== null);
    expect(inside.length).toBeGreaterThan(0);
    const r = replay(c.file);
    r.seek(c.events[c.events.length - 1]!.seq);
    expect(r.folded).toBe(c.events.length - starts[starts.length - 1]!.through!);
  });
});
