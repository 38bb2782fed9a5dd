import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoConfig, replay, simulate, type SimEvent } from '../src/index.js';
import { logEvents } from '../src/api/replay.js';
import { ArrowLogWriter, knownSymbols, LOG_FORMAT_VERSION, mayHoldSymbol, readLog, scanLog, type LogCompression, type LogManifest } from '../src/storage/index.js';
import { tmpDir } from './support/tmp.js';

/**
 * The log is compact: symbols dictionary-encoded, null rows zeros that a codec stores in next to
 * nothing, buffers optionally compressed with LZ4 frame or ZSTD. Whatever the compression, it
 * holds the same events, and it stays a standard Arrow IPC stream that other Arrow
 * implementations read: nodejs-polars (from the npm registry, pinned in the lock file) and pyarrow.
 */

const dir = tmpDir('log-compact-');
const COMPRESSIONS: LogCompression[] = ['none', 'lz4', 'zstd'];
const logs = new Map<string, string>();
for (const bars of ['full', 'ref'] as const) {
  for (const compression of COMPRESSIONS) {
    const file = path.join(dir, `${bars}-${compression}.arrow`);
    simulate(demoConfig({ log: { path: file, bars, compression } }));
    logs.set(`${bars}-${compression}`, file);
  }
}
const events = readLog(logs.get('full-none')!).events;
const symbolOf = (e: SimEvent) => (e as { symbol?: string }).symbol ?? null;
const bytesPerEvent = (file: string) => statSync(file).size / events.length;

const polars = createRequire(import.meta.url)('nodejs-polars') as {
  readIPCStream(bytes: Buffer): { height: number; getColumn(name: string): { toArray(): unknown[] } };
};

describe('a compact log', () => {
  it('holds the same events whatever its compression, and replays to its stored hash', () => {
    for (const [name, file] of logs) {
      const log = readLog(file);
      expect(log.events.length, name).toBe(events.length);
      if (name.startsWith('full')) expect(log.events, name).toEqual(events);
      expect(replay(file).hash, name).toBe(log.end!.hash);
    }
  });

  it('is smaller compressed, within the bytes per event the issue sets (real minute bars)', () => {
    for (const bars of ['full', 'ref']) {
      const none = statSync(logs.get(`${bars}-none`)!).size;
      for (const c of ['lz4', 'zstd']) {
        const file = logs.get(`${bars}-${c}`)!;
        expect(statSync(file).size, file).toBeLessThan(none / 2);
        expect(bytesPerEvent(file), file).toBeLessThanOrEqual(bars === 'full' ? 40 : 24);
      }
    }
  });

  it('a flipped byte inside a compressed batch is LOG_CORRUPT naming its batch and byte offset', () => {
    const bytes = readFileSync(logs.get('full-zstd')!);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x20;
    const file = path.join(dir, 'flipped.arrow');
    writeFileSync(file, bytes);
    let err: { code?: string; message?: string; details?: { offset?: number } } = {};
    try { [...replay(file).logged()]; } catch (e) { err = e as typeof err; }
    expect(err.code).toBe('LOG_CORRUPT');
    expect(err.message).toMatch(/batch \d+ \(bytes \d+\.\.\d+\) does not match its check/);
    expect(err.details!.offset).toBeLessThanOrEqual(at);
  });

  it('refuses an unknown compression in the config', () => {
    expect(() => simulate(demoConfig({ log: { path: path.join(dir, 'x.arrow'), compression: 'gzip' as LogCompression } }))).toThrow(/config\.log\.compression: must be one of 'none', 'lz4', 'zstd', got "gzip"/);
  });
});

describe('a second Arrow implementation reads it', () => {
  // A log by reference's run rows (its `run` column: a row of n events, the k-th with seq + k and
  // the k-th symbol of the dictionary from the row's) expanded as any reader of the format would.
  it('nodejs-polars reads every compression, symbols as a dictionary column, prices and all', () => {
    for (const [name, file] of logs) {
      const df = polars.readIPCStream(readFileSync(file));
      const runs = name.startsWith('ref') ? df.getColumn('run').toArray().map((n) => (n === null ? 1 : Number(n))) : new Array<number>(df.height).fill(1);
      const dictionary = knownSymbols(scanLog(file).manifest);
      const seqs: number[] = [], types: unknown[] = [], symbols: unknown[] = [];
      const [seq, type, symbol] = ['seq', 'type', 'symbol'].map((c) => df.getColumn(c).toArray());
      runs.forEach((n, k) => {
        for (let j = 0; j < n; j++) {
          seqs.push(Number(seq![k]) + j);
          types.push(type![k]);
          symbols.push(symbol![k] === null || j === 0 ? symbol![k] : dictionary[dictionary.indexOf(symbol![k] as string) + j]);
        }
      });
      expect(name.startsWith('ref') && runs.some((n) => n > 1), `${name} has runs`).toBe(name.startsWith('ref'));
      expect(seqs.length, name).toBe(events.length);
      expect(seqs, name).toEqual(events.map((e) => e.seq));
      expect(types, name).toEqual(events.map((e) => e.type));
      expect(symbols, name).toEqual(events.map(symbolOf));
      if (name.startsWith('full')) expect(df.getColumn('close').toArray(), name).toEqual(events.map((e) => (e.type === 'BarArrived' || e.type === 'DerivedBarCompleted' ? e.close : null)));
    }
  });

  // pyarrow is a test dependency (.ci/run installs it): without it this test fails, it never skips.
  it('pyarrow reads the compressed logs (each buffer prefixed with its uncompressed length, as the format says)', () => {
    const script = [
      'import json, sys, pyarrow.ipc as ipc',
      'out = {}',
      'for f in sys.argv[1:]:',
      '    rows, seq, close, symbols = 0, 0, 0.0, []',
      '    for b in ipc.open_stream(open(f, "rb")):',
      '        runs = b.column("run").to_pylist() if "run" in b.schema.names else [None] * b.num_rows',
      '        ids, names = b.column("symbol").indices.to_pylist(), b.column("symbol").dictionary.to_pylist()',
      '        for s, i, n in zip(b.column("seq").to_pylist(), ids, runs):',
      '            n = n or 1',
      '            rows += n',
      '            seq += n * s + n * (n - 1) // 2',
      '            symbols += [None if i is None else names[i + k] for k in range(n)]',
      '        close += sum(x for x in (b.column("close").to_pylist() if "close" in b.schema.names else []) if x is not None)',
      '    out[f] = {"rows": rows, "seq": seq, "close": close, "symbols": symbols[:50]}',
      'print(json.dumps(out))',
    ].join('\n');
    const files = [...logs.values()];
    const run = spawnSync('python3', ['-c', script, ...files], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const got = JSON.parse(run.stdout) as Record<string, { rows: number; seq: number; close: number; symbols: (string | null)[] }>;
    const closes = events.reduce((s, e) => s + (e.type === 'BarArrived' || e.type === 'DerivedBarCompleted' ? e.close : 0), 0);
    for (const file of files) {
      expect(got[file]!.rows).toBe(events.length);
      expect(got[file]!.seq).toBe(events.reduce((s, e) => s + e.seq, 0));
      expect(got[file]!.symbols).toEqual(events.slice(0, 50).map(symbolOf));
      if (file.includes('full-')) expect(got[file]!.close).toBeCloseTo(closes, 6);
    }
  });
});

describe('the symbol dictionary and the index of symbols', () => {
  const manifest: LogManifest = { format: LOG_FORMAT_VERSION, packageVersion: '0.0.0', calendarVersion: 'XNYS@test', config: { symbols: ['AAA', 'BBB', 'CCC'] }, dataRoot: dir, inputs: [], bars: 'full' };
  const bar = (seq: number, symbol: string): SimEvent => ({ type: 'BarArrived', time: 60_000 * (seq + 1), seq, symbol, start: 60_000 * seq, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, late: false, history: false } as SimEvent);
  // Batches of 3 rows: [AAA AAA CCC] [CCC ZZZ BBB] [AAA AAA]; ZZZ is not a config symbol (a delta).
  const symbols = ['AAA', 'AAA', 'CCC', 'CCC', 'ZZZ', 'BBB', 'AAA', 'AAA'];

  for (const compression of COMPRESSIONS) {
    it(`knows which symbols each batch holds and skips the others on a filter (${compression})`, () => {
      const file = path.join(dir, `dict-${compression}.arrow`);
      const w = new ArrowLogWriter(file, manifest, { batchSize: 3, compression });
      symbols.forEach((s, i) => w.append(bar(i, s)));
      w.close();
      const ranges = scanLog(file).batches.filter((b) => b.summary !== null).map((b) => b.summary!.symbols);
      expect(ranges).toEqual([[[0, 0], [2, 2]], [[1, 3]], [[0, 0]]]);
      expect(readLog(file).events.map(symbolOf)).toEqual(symbols);
      for (const s of ['AAA', 'BBB', 'CCC', 'ZZZ']) expect([...logEvents(file, manifest, dir, { symbol: s })].map((e) => e.seq)).toEqual(symbols.flatMap((x, i) => (x === s ? [i] : [])));
      const run = spawnSync('python3', ['-c', 'import sys, pyarrow.ipc as ipc; print(",".join(ipc.open_stream(open(sys.argv[1], "rb")).read_all().column("symbol").to_pylist()))', file], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe(symbols.join(','));
    });
  }

  it('a batch without a symbol index may hold any symbol', () => {
    expect(mayHoldSymbol({ rows: 1, seq: [0, 0], time: [0, 0], types: 1 }, 7)).toBe(true);
    expect(mayHoldSymbol({ rows: 1, seq: [0, 0], time: [0, 0], types: 1, symbols: [[0, 2], [5, 6]] }, 4)).toBe(false);
    expect(mayHoldSymbol({ rows: 1, seq: [0, 0], time: [0, 0], types: 1, symbols: [[0, 2], [5, 6]] }, 6)).toBe(true);
  });
});
