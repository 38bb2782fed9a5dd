import { existsSync, readFileSync, writeFileSync, truncateSync, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as A from 'apache-arrow';
import { ArrowLogWriter, LOG_FORMAT_VERSION, LogStream, readLog, scanLog, TYPE_INDEX, readDay, verifyInputs, manifestInputs, sha256File, writeDay, columnsFromRows, type LogManifest } from '../src/storage/index.js';
import { editManifest, withManifest, withSchemaMetadata, FORMAT_KEY } from './support/log-tamper.js';
import { MemoryLog } from '../src/kernel/index.js';
import { ev, type SimEvent } from '../src/events/index.js';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir();
const manifest = (bars: 'full' | 'ref' = 'full'): LogManifest => ({ format: LOG_FORMAT_VERSION, packageVersion: '0.0.0', calendarVersion: 'XNYS@test', config: { a: 1 }, dataRoot: dir, inputs: [], bars });

const eventArb: fc.Arbitrary<SimEvent[]> = fc
  .array(
    fc.oneof(
      fc.record({ sym: fc.constantFrom('AAPL', 'SPY', 'Ω'), px: fc.double({ min: 0.01, max: 1e4, noNaN: true }), v: fc.integer({ min: 0, max: 1e7 }), late: fc.boolean() }).map((r) => (t: number) => ev.barArrived(t, { symbol: r.sym, start: t - 60_000, open: r.px, high: r.px, low: r.px, close: r.px, volume: r.v, late: r.late, history: false })),
      fc.constantFrom((t: number) => ev.marketClose(t, '2025-07-02'), (t: number) => ev.prefetchFailed(t, '2025-07-03', 'DATA_MISSING_DAY', 'no "file"'), (t: number) => ev.sessionActivated(t, { date: '2025-07-02', open: t, close: t + 1, earlyClose: true, midSession: false })),
      fc.record({ sym: fc.constantFrom('AAPL', 'Ω'), px: fc.double({ noNaN: false }), v: fc.double(), m: fc.constantFrom(5, 15), n: fc.integer({ min: 1, max: 15 }) }).map((r) => (t: number) => ev.derivedBarCompleted(t, { symbol: r.sym, minutes: r.m, start: t - r.m * 60_000, end: t, open: r.px, high: r.px, low: r.px, close: r.px, volume: r.v, count: r.n })),
      fc.record({ from: fc.integer({ min: 0, max: 100 }), missing: fc.integer({ min: 1, max: 100 }), at: fc.oneof(fc.integer(), fc.double()) }).map((r) => (t: number) => ev.gapDetected(t, { date: '2025-07-02', symbol: 'SPY', from: r.at, to: t - r.from, missing: r.missing })),
      fc.record({ n: fc.integer({ min: 0, max: 390 }) }).map((r) => (t: number) => ev.qualityReport(t, { date: '2025-07-02', symbol: 'SPY', expected: 390, received: r.n, missing: 390 - r.n, duplicates: 0, outOfSession: 3, late: 0, pct: Math.round((r.n / 390) * 10000) / 100 })),
    ),
    { maxLength: 300 },
  )
  .map((makers) => makers.map((m, i) => ({ ...m(1_751_462_000_000 + i * 1000), seq: i }) as SimEvent));

describe('event log on disk', () => {
  it('written then read gives the same events and hash as the in-memory log', () => {
    let k = 0;
    fc.assert(
      fc.property(eventArb, fc.integer({ min: 1, max: 50 }), (events, batchSize) => {
        const file = path.join(dir, `log-${k++}.arrow`);
        const w = new ArrowLogWriter(file, manifest(), { batchSize });
        const mem = new MemoryLog<SimEvent>();
        for (const e of events) { w.append(e); mem.append(e); }
        w.close();
        const back = readLog(file);
        expect(back.truncated).toBe(false);
        expect(back.events).toEqual(events);
        const again = new MemoryLog<SimEvent>();
        back.events.forEach((e) => again.append(e));
        expect(again.hash()).toBe(mem.hash());
        expect(w.hash()).toBe(mem.hash());
        expect(back.manifest).toEqual(manifest());
      }),
      { numRuns: 100 },
    );
  });

  it('keeps -0 and non-finite numbers in fields that have integer columns (regression: -0 came back as 0)', () => {
    const file = path.join(dir, 'negzero.arrow');
    const events = [
      { ...ev.gapDetected(1000, { date: 'd', symbol: 'A', from: -0, to: 5, missing: -0 }), seq: 0 },
      { ...ev.gapDetected(2000, { date: 'd', symbol: 'A', from: Infinity, to: 1.5, missing: NaN }), seq: 1 },
    ] as SimEvent[];
    const w = new ArrowLogWriter(file, manifest());
    const mem = new MemoryLog<SimEvent>();
    for (const e of events) { w.append(e); mem.append(e); }
    w.close();
    const back = readLog(file);
    expect(back.events).toEqual(events);
    expect(Object.is((back.events[0] as { from: number }).from, -0)).toBe(true);
    const again = new MemoryLog<SimEvent>();
    back.events.forEach((e) => again.append(e));
    expect(again.hash()).toBe(mem.hash());
  });

  it('a log cut short reads up to its last complete batch and says so', () => {
    const file = path.join(dir, 'cut.arrow');
    const w = new ArrowLogWriter(file, manifest(), { batchSize: 10 });
    const events = Array.from({ length: 35 }, (_, i) => ({ ...ev.marketClose(1000 + i, 'd'), seq: i }) as SimEvent);
    events.forEach((e) => w.append(e));
    w.flush(); // 4 batches on disk; the process is "killed" before close()
    const partial = `${file}.partial`;
    expect(existsSync(partial)).toBe(true);
    expect(existsSync(file)).toBe(false);
    const whole = readLog(file);
    expect(whole.truncated).toBe(true);
    expect(whole.events).toHaveLength(35);
    const size = readFileSync(partial).length;
    truncateSync(partial, size - 20); // the last batch is now incomplete
    const cut = readLog(file);
    expect(cut.truncated).toBe(true);
    expect(cut.events).toEqual(events.slice(0, 30));
  });

  it('stores bars by reference when asked, with the reference columns', () => {
    const file = path.join(dir, 'ref.arrow');
    const m = { ...manifest('ref'), inputs: manifestInputs('1m', ['2025-07-02']) };
    const w = new ArrowLogWriter(file, m, { refOf: (e) => (e.type === 'BarArrived' ? { input: 0, row: e.seq * 2 } : null), inputHash: () => 'a'.repeat(64) });
    const bar = { ...ev.barArrived(5, { symbol: 'A', start: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 9, late: false, history: false }), seq: 3 } as SimEvent;
    w.append(bar);
    w.close();
    const back = readLog(file);
    expect(back.refs).toEqual([{ input: 0, row: 6 }]);
    expect(back.events[0]).toEqual({ type: 'BarArrived', time: 5, seq: 3, symbol: 'A', start: 0, late: false, history: false });
  });

  it('a log of another format is refused, naming the format', () => {
    const file = path.join(dir, 'format1.arrow');
    const schema = new A.Schema([new A.Field('seq', new A.Int64(), false)], new Map([['sessionsim.log_format', '1'], ['sessionsim.manifest', JSON.stringify({ ...manifest(), format: '1' })]]));
    const table = new A.Table(schema, { seq: A.makeVector(new BigInt64Array([0n])) } as never);
    writeFileSync(file, A.tableToIPC(table, 'stream'));
    expect(() => readLog(file)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringContaining('log format "1"') }));
  });

  it('a file that is not a log is LOG_CORRUPT', () => {
    const file = path.join(dir, 'notalog.arrow');
    writeFileSync(file, 'not a log at all');
    expect(() => readLog(file)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT' }));
  });
});

describe('run rows of a log by reference', () => {
  /** A log by reference whose one row stands for `run` bars of symbols from `first` on (ids A=0, B=1, C=2). */
  const runLog = (file: string, run: number, first = 'A') => {
    const m = { ...manifest('ref'), config: { symbols: ['A', 'B', 'C'] }, inputs: manifestInputs('1m', ['2025-07-02']) };
    const w = new ArrowLogWriter(file, m, { inputHash: () => 'a'.repeat(64) });
    expect(w.runRow(3)).toBe(3);
    const b = w.batch, k = b.n - 1;
    b.seq[k] = 10; b.time[k] = 120_000; b.type[k] = TYPE_INDEX.get('BarArrived')!; b.symbol[k] = w.symbols.id(first);
    b.start.set(k, 60_000); b.late.set(k, false); b.history.set(k, false);
    b.setRef(k, 0, 7);
    b.run.set(k, run);
    w.close();
  };

  it('a row with run n is n events: seq, symbol and input row step by one, the rest as the row has it', () => {
    const file = path.join(dir, 'run3.arrow');
    runLog(file, 3);
    const back = readLog(file);
    const bar = (seq: number, symbol: string) => ({ type: 'BarArrived', time: 120_000, seq, symbol, start: 60_000, late: false, history: false });
    expect(back.events).toEqual([bar(10, 'A'), bar(11, 'B'), bar(12, 'C')]);
    expect(back.refs).toEqual([{ input: 0, row: 7 }, { input: 0, row: 8 }, { input: 0, row: 9 }]);
    // The index counts events, not rows.
    expect(scanLog(file).events).toBe(3);
    expect(scanLog(file).batches.find((x) => x.summary !== null)!.summary).toEqual(expect.objectContaining({ rows: 3, seq: [10, 12], symbols: [[0, 2]] }));
  });

  it('a run of no events, or one past the symbol dictionary, is LOG_CORRUPT naming its row', () => {
    const none = path.join(dir, 'run0.arrow');
    runLog(none, 0);
    expect(() => readLog(none)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringMatching(/row 0 stands for a run of 0 events/) }));
    const past = path.join(dir, 'runpast.arrow');
    runLog(past, 3, 'B');
    expect(() => readLog(past)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringMatching(/row 0 runs past the symbol dictionary's 3 symbols/) }));
  });
});

describe('manifest inputs', () => {
  it('an input file that changed since the run is a clear error naming it', () => {
    const root = path.join(dir, 'ds');
    const cols = columnsFromRows([{ symbol: 'A', ts: Date.UTC(2025, 6, 2, 13, 30), open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    const f = writeDay(root, '1m', '2025-07-02', cols);
    const inputs = manifestInputs('1m', ['2025-07-02', '2025-07-03']).map((input) => ({ ...input, sha256: sha256File(path.join(root, input.path)) }));
    expect(inputs[1]!.sha256).toBeNull();
    expect(verifyInputs(root, inputs)).toBe(2);
    copyFileSync(f, `${f}.bak`);
    writeDay(root, '1m', '2025-07-02', columnsFromRows([{ symbol: 'A', ts: Date.UTC(2025, 6, 2, 13, 30), open: 2, high: 2, low: 2, close: 2, volume: 1 }]));
    expect(() => verifyInputs(root, inputs)).toThrow(expect.objectContaining({ code: 'LOG_INPUT_CHANGED', details: expect.objectContaining({ file: f }) }));
    // A log cut short before it pinned an input has nothing to check it against.
    expect(verifyInputs(root, [{ date: inputs[0]!.date, path: inputs[0]!.path }])).toBe(0);
  });
});

/** A small log of several batches, with two inputs pinned (one at the start, one later) and its end. */
function smallLog(file: string, options: { close?: boolean; bars?: 'full' | 'ref' } = {}): { events: SimEvent[]; manifest: LogManifest } {
  const m: LogManifest = { ...manifest(options.bars ?? 'full'), inputs: manifestInputs('1m', ['2025-07-02', '2025-07-03']) };
  const events: SimEvent[] = [];
  for (let i = 0; i < 30; i++) {
    const t = 1_751_462_000_000 + i * 60_000;
    const e = i % 3 === 0 ? ev.marketClose(t, '2025-07-02') : ev.barArrived(t, { symbol: i % 2 ? 'AAPL' : 'SPY', start: t - 60_000, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 1000 + i, late: false, history: false });
    events.push({ ...e, seq: i } as SimEvent);
  }
  let appended = 0;
  const w = new ArrowLogWriter(file, m, {
    batchSize: 8,
    inputHash: (i, final) => (i === 0 ? 'a'.repeat(64) : final || appended > 12 ? null : undefined),
    refOf: (e) => (e.type === 'BarArrived' ? { input: 0, row: e.seq } : null),
  });
  for (const e of events) { w.append(e); appended++; }
  if (options.close ?? true) w.close(); else w.flush();
  return { events, manifest: m };
}

/** Seeded choice of positions: every byte of the first and last `edge` bytes, and `n` more at random. */
function positions(size: number, edge: number, n: number, seed: number): number[] {
  let x = seed;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out = new Set<number>();
  for (let i = 0; i < Math.min(edge, size); i++) { out.add(i); out.add(size - 1 - i); }
  for (let i = 0; i < n; i++) out.add(Math.floor(rnd() * size));
  return [...out].sort((a, b) => a - b);
}

describe('sealed log: bad bytes are never passed over', () => {
  it('a byte flipped anywhere in a log is LOG_CORRUPT naming where, never a changed value or a shorter log (regression: a flipped byte replayed as another value, or the log ended there with exit 0)', () => {
    const file = path.join(dir, 'flip-src.arrow');
    smallLog(file);
    const good = readFileSync(file);
    // Every byte of this log is covered: the schema (with the manifest) and the dictionary by
    // the first batch's check, each batch's framing, metadata, body and padding by its own, and
    // after the end batch only the 8-byte end-of-stream marker may follow. So no region is
    // exempt. Sampled (a read costs a few ms): every byte of the first 400 (the schema with the
    // manifest) and the last 300 (end batch, end of stream), and 500 more, seeded.
    const at = [...new Set([...positions(good.length, 0, 500, 1), ...Array.from({ length: 400 }, (_, i) => i), ...Array.from({ length: 300 }, (_, i) => good.length - 1 - i)])];
    const target = path.join(dir, 'flipped.arrow');
    let x = 7;
    const outcomes = new Map<string, number>();
    for (const pos of at) {
      const bytes = Buffer.from(good);
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      bytes[pos] = bytes[pos]! ^ (1 + (x % 255));
      writeFileSync(target, bytes);
      let outcome: string;
      try {
        const r = readLog(target);
        outcome = `read ${r.events.length} events, truncated ${r.truncated}`;
      } catch (e) {
        outcome = (e as { code?: string }).code ?? String(e);
        if (outcome === 'LOG_CORRUPT') expect((e as Error).message).toMatch(/damaged at byte \d+|not an Arrow stream/);
      }
      if (outcome !== 'LOG_CORRUPT') throw new Error(`flipping byte ${pos} of ${good.length}: ${outcome}`);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(outcomes.get('LOG_CORRUPT')).toBe(at.length);
    expect(at.length).toBeGreaterThan(1000);
  });

  it('a log cut at any byte reads as cut short with the events of its whole batches, never as corrupt or with changed values', () => {
    const file = path.join(dir, 'cut-src.arrow');
    const { events } = smallLog(file);
    const good = readFileSync(file);
    const whole = readLog(file);
    expect(whole.truncated).toBe(false);
    expect(whole.end).toEqual({ events: 30, hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const target = path.join(dir, 'cut.arrow');
    // Every size in the first 300 bytes and the last 100, and 300 more, seeded.
    const sizes = [...new Set([...positions(good.length, 0, 300, 2), ...Array.from({ length: 300 }, (_, i) => i), ...Array.from({ length: 100 }, (_, i) => good.length - 1 - i)])];
    for (const size of sizes) {
      writeFileSync(target, good.subarray(0, size));
      try {
        const r = readLog(target);
        expect(r.truncated, `cut at ${size}`).toBe(true);
        // Only the end-of-stream marker lost: the end record is there, every event is.
        if (size < good.length - 8) expect(r.end).toBeNull();
        expect(r.events.length % 8, `cut at ${size}: whole batches only`).toBe(r.events.length === 30 ? 6 : 0);
        expect(r.events).toEqual(events.slice(0, r.events.length));
      } catch (e) {
        const code = (e as { code?: string }).code;
        // Before its first sealed batch there is nothing to read; an empty file is not a log at all.
        if (size === 0) expect(code).toBe('LOG_CORRUPT');
        else expect(code, `cut at ${size}: ${(e as Error).message}`).toBe('LOG_TRUNCATED');
      }
    }
  });

  it('a log whose end batch is missing (a killed run) is cut short with every event it holds', () => {
    const file = path.join(dir, 'noend.arrow');
    const { events } = smallLog(file, { close: false });
    const r = readLog(file);
    expect(r.truncated).toBe(true);
    expect(r.end).toBeNull();
    expect(r.events).toEqual(events);
  });
});

describe('sealed log: inputs pinned as they are used', () => {
  it('a log cut short pins every input a bar refers to, in or before the batch of the first such bar (regression: pinned only at the close, so a killed run pinned nothing)', () => {
    const file = path.join(dir, 'pins.arrow');
    smallLog(file, { close: false, bars: 'ref' });
    const r = readLog(file);
    expect(r.truncated).toBe(true);
    expect(r.manifest.inputs[0]!.sha256).toBe('a'.repeat(64));
    // Input 1 became known (as absent) after the 12th event, and was pinned with the next batch.
    expect(r.manifest.inputs[1]!.sha256).toBeNull();
    expect(r.refs.filter((x) => x !== null).length).toBeGreaterThan(0);
  });

  it('a reference to an input the log has not pinned is LOG_CORRUPT', () => {
    const file = path.join(dir, 'unpinned.arrow');
    const m = { ...manifest('ref'), inputs: manifestInputs('1m', ['2025-07-02']) };
    const w = new ArrowLogWriter(file, m, { refOf: () => ({ input: 0, row: 1 }) });
    w.append({ ...ev.barArrived(60_000, { symbol: 'A', start: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, late: false, history: false }), seq: 0 } as SimEvent);
    w.close();
    expect(() => readLog(file)).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringContaining('has not pinned') }));
    // Read as runs (as replay reads a log by reference), the same.
    const asRuns = new LogStream(file, { refRuns: true });
    expect(() => { while (asRuns.next() !== null) { /* reading */ } }).toThrow(expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringContaining('has not pinned') }));
  });
});

describe('sealed log: what is not a log, and manifests that are wrong', () => {
  const src = path.join(dir, 'manifest-src.arrow');
  smallLog(src);
  const read = (bytes: Uint8Array, name: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, bytes);
    return () => readLog(f);
  };
  const corrupt = (mentions: string) => expect.objectContaining({ code: 'LOG_CORRUPT', message: expect.stringContaining(mentions) });

  it('the resealed log reads (the tools below change only what they say)', () => {
    expect(read(editManifest(readFileSync(src), () => {}), 'same.arrow')().events).toHaveLength(30);
  });

  it('a manifest that is not JSON', () => {
    expect(read(withManifest(readFileSync(src), '{"format": "3",'), 'm1.arrow')).toThrow(corrupt('not JSON'));
  });

  it('a manifest that is not an object', () => {
    expect(read(withManifest(readFileSync(src), '[1, 2]'), 'm2.arrow')).toThrow(corrupt('not an object'));
  });

  it('a manifest without a key, or with a key of the wrong type', () => {
    expect(read(editManifest(readFileSync(src), (m) => { delete m.bars; }), 'm3.arrow')).toThrow(corrupt('bars'));
    expect(read(editManifest(readFileSync(src), (m) => { m.inputs = 'all'; }), 'm4.arrow')).toThrow(corrupt('inputs must be an array'));
    expect(read(editManifest(readFileSync(src), (m) => { m.config = null; }), 'm5.arrow')).toThrow(corrupt('config must be an object'));
    expect(read(editManifest(readFileSync(src), (m) => { m.dataRoot = 'relative/root'; }), 'm6.arrow')).toThrow(corrupt('dataRoot'));
  });

  it('a manifest input outside the data root, by absolute path or `..` (regression: replay opened and hashed /etc/passwd)', () => {
    for (const p of ['/etc/passwd', '../../etc/passwd', 'interval=1m/date=2025-07-02/../../../x/bars.arrow', 'interval=1m/date=2025-07-03/bars.arrow']) {
      expect(read(editManifest(readFileSync(src), (m) => { (m.inputs as { path: string }[])[0]!.path = p; }), 'm7.arrow')).toThrow(corrupt('inputs[0].path'));
    }
  });

  it('a schema whose columns are not the format\'s', () => {
    expect(read(editManifest(readFileSync(src), (x) => { x.bars = 'ref'; }), 'm8.arrow')).toThrow(corrupt('column'));
  });

  it('a log of an older format is refused, naming the format', () => {
    expect(read(withSchemaMetadata(readFileSync(src), (x) => x.set(FORMAT_KEY, '2')), 'm9.arrow')).toThrow(corrupt('log format "2"'));
  });

  it('files that are not logs', () => {
    expect(read(Buffer.alloc(0), 'empty.arrow')).toThrow(corrupt('empty'));
    expect(read(Buffer.from('ts,symbol,open\n1,A,2\n'), 'csv.arrow')).toThrow(corrupt('not an Arrow stream'));
    const day = writeDay(path.join(dir, 'nl-ds'), '1m', '2025-07-02', columnsFromRows([{ symbol: 'A', ts: Date.UTC(2025, 6, 2, 13, 30), open: 1, high: 1, low: 1, close: 1, volume: 1 }]));
    expect(() => readLog(day)).toThrow(corrupt('Arrow IPC file'));
    const foreign = A.tableToIPC(A.tableFromArrays({ seq: Float64Array.from([1, 2]) }), 'stream');
    expect(read(foreign, 'foreign.arrow')).toThrow(corrupt('without a sessionsim manifest'));
    expect(() => readLog(dir)).toThrow(expect.objectContaining({ code: 'DATA_IO', message: expect.stringContaining('folder') }));
    let x = 3;
    const noise = Buffer.from(Array.from({ length: 4096 }, () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24)));
    noise.writeUInt32LE(0xffffffff, 0);
    expect(read(noise, 'noise.arrow')).toThrow(expect.objectContaining({ code: expect.stringMatching(/^LOG_(CORRUPT|TRUNCATED)$/) }));
  });
});

describe('data root confinement', () => {
  const root = path.join(dir, 'confined');
  const outside = path.join(dir, 'outside');
  const rows = columnsFromRows([{ symbol: 'A', ts: Date.UTC(2025, 6, 2, 13, 30), open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
  writeDay(outside, '1m', '2025-07-02', rows);
  mkdirSync(path.join(root, 'interval=1m', 'date=2025-07-02'), { recursive: true });
  symlinkSync(path.join(outside, 'interval=1m', 'date=2025-07-02', 'bars.arrow'), path.join(root, 'interval=1m', 'date=2025-07-02', 'bars.arrow'));
  mkdirSync(path.join(root, 'interval=1m'), { recursive: true });
  symlinkSync(path.join(outside, 'interval=1m', 'date=2025-07-02'), path.join(root, 'interval=1m', 'date=2025-07-03'));

  it('a day file that is a link out of the root is DATA_OUTSIDE_ROOT naming it (regression: it was read)', () => {
    const f = path.join(root, 'interval=1m', 'date=2025-07-02', 'bars.arrow');
    expect(readDay(f, { interval: '1m' }).rows).toBe(1); // without a root, any file reads
    expect(() => readDay(f, { interval: '1m', root })).toThrow(expect.objectContaining({ code: 'DATA_OUTSIDE_ROOT', message: expect.stringContaining('date=2025-07-02') }));
    const viaFolder = path.join(root, 'interval=1m', 'date=2025-07-03', 'bars.arrow');
    expect(() => readDay(viaFolder, { interval: '1m', root })).toThrow(expect.objectContaining({ code: 'DATA_OUTSIDE_ROOT' }));
  });

  it('a root that is itself a link is fine', () => {
    const link = path.join(dir, 'root-link');
    symlinkSync(outside, link);
    expect(readDay(path.join(link, 'interval=1m', 'date=2025-07-02', 'bars.arrow'), { interval: '1m', root: link }).rows).toBe(1);
  });

  it('a manifest input that is a link out of the root is DATA_OUTSIDE_ROOT naming the entry, and is never hashed', () => {
    const inputs = manifestInputs('1m', ['2025-07-02']).map((x) => ({ ...x, sha256: 'b'.repeat(64) }));
    expect(() => verifyInputs(root, inputs)).toThrow(expect.objectContaining({ code: 'DATA_OUTSIDE_ROOT', message: expect.stringContaining('inputs[0]') }));
  });
});

describe('the log is a plain Arrow stream', () => {
  // pyarrow is a test dependency (.ci/run installs it): without it this test fails, it never skips.
  it('pyarrow reads it whole, with the manifest and the batch metadata', () => {
    expect(spawnSync('python3', ['-c', 'import pyarrow'], { encoding: 'utf8' }).status, 'python3 cannot import pyarrow: pip install pyarrow (see .ci/run)').toBe(0);
    const file = path.join(dir, 'pyarrow.arrow');
    smallLog(file);
    const script = [
      'import json, sys, pyarrow.ipc as ipc',
      'r = ipc.open_stream(open(sys.argv[1], "rb"))',
      'metas, rows = [], 0',
      'while True:',
      '    try: b, m = r.read_next_batch_with_custom_metadata()',
      '    except StopIteration: break',
      '    rows += b.num_rows; metas.append(sorted(k.decode() for k in (m or {}).keys()))',
      'print(json.dumps({"rows": rows, "batches": metas, "format": r.schema.metadata[b"sessionsim.log_format"].decode()}))',
    ].join('\n');
    const out = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    const got = JSON.parse(out.stdout) as { rows: number; batches: string[][]; format: string };
    expect(got.rows).toBe(30);
    expect(got.format).toBe(LOG_FORMAT_VERSION);
    expect(got.batches[0]).toContain('sessionsim.check');
    expect(got.batches[got.batches.length - 1]).toEqual(['sessionsim.check', 'sessionsim.end']);
  });
});
