import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRun } from '../src/api/run.js';
import { demoConfig } from '../src/index.js';
import { LogBatch, SymbolTable } from '../src/storage/log-batch.js';
import { LogThread } from '../src/storage/log-thread.js';
import { replay } from '../src/api/replay.js';
import { caseArb, concretize, configOf } from './support/lifecycle-cases.js';
import { tmpDir } from './support/tmp.js';
import type { LogCompression } from '../src/storage/log-codecs.js';
import type { OutputFile } from '../src/storage/output.js';
import { isSimError } from '../src/errors.js';

/**
 * The log thread encodes, compresses, seals and writes a run's log beside the run. Where the bytes
 * are made must change nothing: the same file, byte for byte; and a thread that fails or dies
 * fails the log as a failed write on the run's own thread does (OUTPUT_IO, nothing left).
 */
const RUNS = Number(process.env.SESSIONSIM_PROPERTY_RUNS ?? 200);
const thread = new LogThread();
afterAll(() => thread.giveUp());
const dir = tmpDir('sessionsim-log-thread-');

/** The log file a run writes, with its log on the given thread (null: its own). */
function logBytes(config: ReturnType<typeof demoConfig>, logThread: LogThread | null, rows = 100): Buffer {
  // One path: the manifest records it.
  const file = path.join(dir, 'log.arrow');
  const run = createRun({ ...config, log: { ...config.log, path: file } }, { logThread, logBatchRows: rows });
  run.kernel.run();
  run.writer!.close();
  const bytes = readFileSync(file);
  rmSync(file);
  return bytes;
}

describe('the log thread', () => {
  it('writes the demo\'s log byte for byte as the run\'s own thread does, full and by reference, in every compression', () => {
    expect(thread.ready(30_000)).toBe(true);
    for (const bars of ['full', 'ref'] as const) {
      for (const compression of ['none', 'lz4', 'zstd'] as LogCompression[]) {
        const base = demoConfig();
        const config = { ...base, log: { ...base.log, bars, compression } };
        const own = logBytes(config, null);
        const threaded = logBytes(config, thread);
        expect(threaded.length).toBe(own.length);
        expect(threaded.equals(own)).toBe(true);
        expect(thread.busy).toBe(false); // let go at the log's close
      }
    }
  });

  it('keeps every event when an event object comes after a full batch (regression: one lost per such batch, with the hash and the count short of it)', () => {
    // Small batches, no snapshots flushing them early: full batches meet event objects (a
    // session's MarketClose, its quality reports) all through the demo.
    for (const rows of [7, 16, 100]) {
      const base = demoConfig();
      const config = { ...base, log: { ...base.log, snapshot_every: 0 } };
      const own = logBytes(config, null, rows);
      const threaded = logBytes(config, thread, rows);
      expect(threaded.equals(own)).toBe(true);
      const file = path.join(dir, 'lost.arrow');
      writeFileSync(file, threaded);
      const run = createRun({ ...config, log: { ...config.log, path: null } });
      run.kernel.run();
      expect(replay(file).length).toBe(run.kernel.handled);
      rmSync(file);
    }
  });

  it('the same bytes on random runs (odd calendars, damaged and missing data, snapshots)', () => {
    expect(thread.ready(30_000)).toBe(true);
    let m = 0, logs = 0;
    const before = thread.batches;
    // Snapshots every 7 events flush batches early; without them (0) batches fill, and full batches meet event objects.
    fc.assert(fc.property(caseArb, fc.constantFrom<LogCompression>('none', 'zstd'), fc.constantFrom(0, 7), fc.constantFrom(5, 16), (c, compression, every, rows) => {
      const root = path.join(dir, `r${m++}`);
      mkdirSync(root, { recursive: true });
      try {
        const k = concretize(c, root);
        const write = (logThread: LogThread | null) => {
          const file = path.join(root, 'run.arrow');
          const config = configOf(k, root, file);
          const run = createRun({ ...config, log: { ...config.log, compression, snapshot_every: every } }, { logThread, logBatchRows: rows });
          let error: unknown = null;
          try { run.kernel.run(); run.writer!.close(); } catch (e) { error = e; run.writer?.abandon(); }
          const kept = [file, `${file}.partial`].find((f) => existsSync(f));
          const out = { error: error === null ? null : isSimError(error) ? error.code : String(error), bytes: kept === undefined ? null : readFileSync(kept), name: kept === undefined ? null : path.basename(kept) };
          if (kept !== undefined) rmSync(kept);
          return out;
        };
        const own = write(null);
        const threaded = write(thread);
        expect(threaded.error).toBe(own.error);
        expect(threaded.name).toBe(own.name);
        expect(threaded.bytes?.equals(own.bytes!) ?? own.bytes).toBe(own.bytes === null ? null : true);
        if (own.bytes !== null) logs++;
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }), { numRuns: RUNS });
    // Not a property passing on runs that wrote nothing, or without the thread.
    expect(logs).toBeGreaterThan(RUNS / 2);
    expect(thread.batches - before).toBeGreaterThan(RUNS * 5);
  }, Math.max(120_000, RUNS * 1_500));

  it('a log written on the thread replays, and a second log at the same time is written by its own run', () => {
    const base = demoConfig();
    const a = path.join(dir, 'a', 'run.arrow'), b = path.join(dir, 'b', 'run.arrow');
    mkdirSync(path.dirname(a)); mkdirSync(path.dirname(b));
    const first = createRun({ ...base, log: { path: a, compression: 'zstd' } }, { logThread: thread, logBatchRows: 100 });
    expect(thread.busy).toBe(true);
    const second = createRun({ ...base, log: { path: b, compression: 'zstd' } }, { logThread: thread, logBatchRows: 100 });
    first.kernel.run({ maxEvents: 5_000 });
    second.kernel.run();
    first.kernel.run();
    second.writer!.close();
    first.writer!.close();
    expect(thread.busy).toBe(false);
    expect(replay(a).hash).toBe(first.writer!.hash());
    expect(replay(b).hash).toBe(second.writer!.hash());
    // The same run: the same log but for the path in its manifest.
    expect(first.writer!.hash()).toBe(second.writer!.hash());
  });

  it('a thread that dies mid-log fails the run with OUTPUT_IO naming the log, and leaves no file', () => {
    for (const after of [0, 1, 5]) {
      const own = new LogThread(undefined, { exitAfter: after });
      expect(own.ready(30_000)).toBe(true);
      const file = path.join(dir, `dies${after}.arrow`);
      const base = demoConfig();
      const run = createRun({ ...base, log: { ...base.log, path: file } }, { logThread: own, logBatchRows: 100 });
      const t0 = performance.now();
      let error: unknown = null;
      try { run.kernel.run(); run.writer!.close(); } catch (e) { error = e; expect(run.writer!.abandon()).toBeNull(); }
      expect(isSimError(error) && error.code).toBe('OUTPUT_IO');
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('the thread writing it stopped');
      // Seen when it died, not after the stall limit.
      expect(performance.now() - t0).toBeLessThan(60_000);
      expect(readdirSync(dir).filter((f) => f.startsWith(`dies${after}`))).toEqual([]);
      expect(own.usable).toBe(false);
    }
  });

  it('writes nothing into a file that is not the one the run opened (a path replaced under it): OUTPUT_IO', () => {
    expect(thread.ready(30_000)).toBe(true);
    const opened = path.join(dir, 'opened.partial'), other = path.join(dir, 'other.partial');
    writeFileSync(opened, '');
    writeFileSync(other, '');
    const fd = openSync(opened, 'r+');
    let discarded = 0;
    const out = { fd, temp: other, path: path.join(dir, 'x.arrow'), fail: (e: Error) => { discarded++; return Object.assign(new Error(`OUTPUT_IO ${e.message}`), { code: 'OUTPUT_IO' }); } } as unknown as OutputFile;
    const base = demoConfig();
    const manifest = { format: '5', packageVersion: 'test', calendarVersion: 'test', config: base, dataRoot: dir, inputs: [], bars: 'full' as const };
    const sink = thread.open(out, manifest as never, 'none', new SymbolTable())!;
    expect(sink).not.toBeNull();
    const batch = new LogBatch(16);
    expect(() => { sink.put(batch, { pins: null, end: null, snapshot: null }); sink.drain(); }).toThrow(/replaced/);
    expect(discarded).toBe(1);
    sink.release();
    expect(thread.busy).toBe(false);
    expect(readFileSync(other).length).toBe(0);
    expect(readFileSync(opened).length).toBe(0);
  });
});
