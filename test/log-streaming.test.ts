import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay, simulate, type SimEvent } from '../src/index.js';
import { isRun, LogStream, readLog, RefResolver, scanLog, type LogRun } from '../src/storage/index.js';
import { makeDataset } from './support/dataset.js';
import { frames } from './support/log-tamper.js';
import { tmpDir } from './support/tmp.js';

/**
 * A log is read a batch at a time: replay, its filters, seek and export hold one batch in memory,
 * batches that cannot match a filter are checked but not decoded, and the answers are the ones a
 * read of the whole log gives.
 */

const dir = tmpDir('log-streaming-');
const DATES = ['2025-06-02', '2025-06-03', '2025-06-04'];
const SYMBOLS = Array.from({ length: 24 }, (_, i) => `S${String(i).padStart(2, '0')}`);
const root = path.join(dir, 'data');
makeDataset(root, { dates: DATES, symbols: SYMBOLS, skip: (s, ts) => (ts / 60_000) % (7 + SYMBOLS.indexOf(s)) === 3 });
const full = path.join(dir, 'full.arrow'), ref = path.join(dir, 'ref.arrow');
const config = { data: root, symbols: SYMBOLS, start: DATES[0]!, end: DATES[2]! };
simulate({ ...config, log: { path: full, bars: 'full' } });
simulate({ ...config, log: { path: ref, bars: 'ref' } });
const all = readLog(full).events;
const TYPES = [...new Set(all.map((e) => e.type))];
const T0 = all[0]!.time, T1 = all[all.length - 1]!.time;

const codeOf = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return (e as { code?: string }).code; }
  return undefined;
};

describe('a log read batch by batch', () => {
  it('spans many batches, each with its index', () => {
    const scan = scanLog(full);
    expect(scan.batches.length).toBeGreaterThan(5);
    expect(scan.events).toBe(all.length);
    const indexed = scan.batches.filter((b) => b.summary !== null);
    expect(indexed.length).toBe(scan.batches.length - 2);
    expect(indexed.reduce((n, b) => n + b.summary!.rows, 0)).toBe(all.length);
    expect(replay(full).length).toBe(all.length);
  });

  it('filters give what filtering every event gives, for a full log and one by reference', () => {
    const byRef = readLog(ref).events.length;
    expect(byRef).toBe(all.length);
    const filter = fc.record({
      types: fc.option(fc.subarray(TYPES, { minLength: 1 }), { nil: undefined }),
      symbol: fc.option(fc.constantFrom(...SYMBOLS, 'NONE'), { nil: undefined }),
      from: fc.option(fc.integer({ min: T0 - 60_000, max: T1 }), { nil: undefined }),
      span: fc.option(fc.integer({ min: 0, max: T1 - T0 }), { nil: undefined }),
    });
    const r = replay(full), rr = replay(ref);
    fc.assert(fc.property(filter, fc.boolean(), ({ types, symbol, from, span }, byReference) => {
      const to = from === undefined || span === undefined ? undefined : from + span;
      const want = all.filter((e) => (types === undefined || types.includes(e.type)) && (symbol === undefined || (e as { symbol?: string }).symbol === symbol) && (from === undefined || e.time >= from) && (to === undefined || e.time <= to));
      const got = [...(byReference ? rr : r).logged({ types, symbol, from, to })];
      expect(got.length).toBe(want.length);
      expect(got).toEqual(want);
    }), { numRuns: 30 });
  });

  it('a log by reference read as runs: the prices filled in from columns are the full log\'s, and bad references are LOG_CORRUPT', () => {
    // Every run of the log by reference, resolved in order, next to the full log's runs.
    const runsOf = (file: string, resolve: boolean) => {
      const s = new LogStream(file, { refRuns: resolve });
      const resolver = resolve ? new RefResolver(s.manifest, root) : null;
      const out: { slice: LogRun['slice']; at: number; run: LogRun }[] = [];
      for (let b = s.next(); b !== null; b = s.next()) {
        let at = b.first;
        b.items.forEach((item, k) => {
          if (!isRun(item)) { resolver?.resolve(item, b.refs[k]!, at); at++; return; }
          out.push({ slice: resolver === null ? item.slice : resolver.resolveRun(item, at), at, run: item });
          at += item.slice.length;
        });
      }
      return out;
    };
    const byRef = runsOf(ref, true), inFull = runsOf(full, false);
    // The same events at the same places; the runs themselves differ where batches end (a batch
    // by reference holds more events: its bars are run rows).
    const flat = (runs: typeof byRef) => runs.flatMap((r) => Array.from({ length: r.slice.length }, (_, i) => [r.at + i, r.slice.materialize(i, r.run.base + i)]));
    expect(flat(byRef)).toEqual(flat(inFull));
    expect(new Set(byRef.map((r) => r.slice.type))).toEqual(new Set(['BarArrived', 'DerivedBarCompleted', 'GapDetected']));
    // A reference to a row that is not a bar of its input, and a derived bar whose count is not its bars'.
    const bars = byRef.find((r) => r.slice.type === 'BarArrived')!;
    (bars.run.unpriced!.row as Int32Array)[3] = 1e6;
    const once = new RefResolver(scanLog(ref).manifest, root);
    expect(() => once.resolveRun(bars.run, bars.at)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringMatching(new RegExp(`^event ${bars.at + 3} refers to row 1000000 of .*, which is not a valid bar$`)) }));
    const derived = byRef.find((r) => r.slice.type === 'DerivedBarCompleted')!;
    const count = derived.run.slice.column('count') as Float64Array | Int32Array;
    count[0] = count[0]! + 1;
    expect(() => new RefResolver(scanLog(ref).manifest, root).resolveRun(derived.run, derived.at)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringContaining(`event ${derived.at}: derived bar`) }));
  });

  it('a batch its index rules out is checked but not decoded, and still counted', () => {
    const s = new LogStream(full);
    let asked = 0;
    s.skip(() => { asked++; return true; });
    expect(s.next()).toBeNull();
    expect(asked).toBe(scanLog(full).batches.length - 2);
    expect(s.count).toBe(all.length);
    expect(s.end).toEqual({ events: all.length, hash: expect.any(String) });
  });

  it('a damaged batch is LOG_CORRUPT even when a filter would skip it', () => {
    const bytes = Buffer.from(readFileSync(full));
    const f = frames(bytes);
    const middle = f[Math.floor(f.length / 2)]!;
    bytes[middle.end - 9] = bytes[middle.end - 9]! ^ 0x40;
    const bad = path.join(dir, 'bad.arrow');
    writeFileSync(bad, bytes);
    const s = new LogStream(bad);
    s.skip(() => true);
    expect(codeOf(() => { while (s.next() !== null) { /* reading */ } })).toBe('LOG_CORRUPT');
    // A replay opens by its log's head; whatever reads the damaged batch says where, and how much
    // before it is whole: a scan (length, manifest, a seek), or the events as they stream.
    const r = replay(bad);
    expect(() => r.length).toThrow(/: damaged at byte \d+: batch \d+ \(bytes \d+\.\.\d+\) does not match its check \(the \d+ events before it are intact\)$/);
    expect(() => r.hash).toThrow(/: damaged at byte \d+: batch \d+ \(bytes \d+\.\.\d+\) does not match its check \(the \d+ events before, to seq \d+, are intact\)$/);
    expect(codeOf(() => [...replay(bad).logged()])).toBe('LOG_CORRUPT');
    expect(codeOf(() => replay(bad).seek(all[all.length - 1]!.seq))).toBe('LOG_CORRUPT');
  });

  it('a full log is read only as far as it is replayed: the first events of a log damaged near its end come out', () => {
    const bytes = Buffer.from(readFileSync(full));
    const f = frames(bytes);
    const late = f[f.length - 3]!;
    bytes[late.end - 9] = bytes[late.end - 9]! ^ 0x40;
    const bad = path.join(dir, 'bad-late.arrow');
    writeFileSync(bad, bytes);
    const r = replay(bad);
    expect(r.truncated).toBe(false);
    const first = r.logged({ types: ['SessionActivated'] }).next();
    expect(first.done).toBe(false);
    expect(first.value).toEqual(all.find((e) => e.type === 'SessionActivated'));
    // Reading on to the damage is LOG_CORRUPT, never a shorter log.
    expect(codeOf(() => [...r.logged()])).toBe('LOG_CORRUPT');
  });

  it('seeks by seq and by time, forward and back, to the state a fold of the prefix gives', () => {
    const r = replay(full);
    for (const k of [all.length - 1, 5, Math.floor(all.length / 2), 0]) {
      const e = all[k]!;
      expect(r.seek(e.seq)).toBe(k + 1);
      expect(r.state.lastSeq).toBe(e.seq);
    }
    const mid = all[Math.floor(all.length / 3)]!;
    r.seek({ time: mid.time });
    expect(r.position).toBe(all.filter((e) => e.time <= mid.time).length);
    expect(codeOf(() => r.seek(all.length + 1e6))).toBe('USAGE');
  });

  it('filters by exchange-local times as the rest of the API reads them', () => {
    const r = replay(full);
    const day2 = [...r.logged({ from: '2025-06-03', to: '2025-06-03T23:59:59.999' })];
    expect(day2.length).toBeGreaterThan(0);
    expect(day2).toEqual(all.filter((e) => e.time >= Date.UTC(2025, 5, 3, 4) && e.time <= Date.UTC(2025, 5, 4, 3, 59, 59, 999)));
    expect([...r.logged({ types: ['MarketClose'], from: new Date(Date.UTC(2025, 5, 3, 20)) })].map((e) => e.type)).toEqual(['MarketClose', 'MarketClose']);
    expect(codeOf(() => [...r.logged({ from: 'yesterday' })])).toBe('USAGE');
  });

  it('replays, seeks and filters in a heap in which the log read whole does not fit', () => {
    const bigRoot = path.join(dir, 'big');
    // Ten sessions: the whole log needs about twice this heap, a streaming read about two thirds of it.
    const dates = ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06', '2025-06-09', '2025-06-10', '2025-06-11', '2025-06-12', '2025-06-13'];
    const symbols = Array.from({ length: 60 }, (_, i) => `B${String(i).padStart(2, '0')}`);
    makeDataset(bigRoot, { dates, symbols });
    const big = path.join(dir, 'big.arrow');
    simulate({ data: bigRoot, symbols, start: dates[0]!, end: dates[dates.length - 1]!, log: { path: big, bars: 'ref' } });
    const events = scanLog(big).events!;
    const heap = '--max-old-space-size=40';
    const bin = path.join(process.cwd(), 'bin', 'sessionsim.js');
    const node = (...args: string[]) => spawnSync(process.execPath, [heap, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    // Read whole, as replay did before, the log does not fit in this heap.
    const whole = node('--input-type=module', '-e', `import { readLog } from ${JSON.stringify(path.join(process.cwd(), 'dist', 'storage', 'index.js'))}; readLog(${JSON.stringify(big)});`);
    expect(whole.status).not.toBe(0);
    expect(whole.stderr).toContain('heap out of memory');
    const listed = node(bin, 'replay', big, '--json');
    expect(listed.status, listed.stderr.slice(-500)).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(events);
    expect((JSON.parse(lines[lines.length - 1]!) as SimEvent).type).toBe('BacktestEnded');
    const seek = node(bin, 'replay', big, '--seek', '2025-06-05T12:00', '--json');
    expect(seek.status, seek.stderr.slice(-500)).toBe(0);
    expect(JSON.parse(seek.stdout)).toMatchObject({ date: '2025-06-05', session_active: true, sessions: 4 });
    const closes = node(bin, 'replay', big, '--type', 'MarketClose', '--limit', '2', '--json');
    expect(closes.status, closes.stderr.slice(-500)).toBe(0);
    expect(closes.stdout.trim().split('\n').map((l) => (JSON.parse(l) as SimEvent).type)).toEqual(['MarketClose', 'MarketClose']);
  });
});
