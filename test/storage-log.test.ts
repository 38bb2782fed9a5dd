import { existsSync, readFileSync, writeFileSync, truncateSync, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as A from 'apache-arrow';
import { ArrowLogWriter, LOG_FORMAT_VERSION, readLog, readDay, verifyInputs, manifestInputs, sha256File, writeDay, columnsFromRows, type LogManifest } from '../src/storage/index.js';
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
