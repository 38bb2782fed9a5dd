import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as A from 'apache-arrow';
import { columnsFromRows, dayFile, decodeDay, encodeDay, readDay, writeDay, type BarColumns } from '../src/storage/index.js';
import { SimError } from '../src/errors.js';
import { tmpDir } from './support/tmp.js';

const root = tmpDir();
const T0 = Date.UTC(2025, 6, 2, 13, 30);

const rowArb = fc.record({
  symbol: fc.constantFrom('AAPL', 'BRK.B', 'SPY', '../../x', 'Ω', 'a b'),
  ts: fc.integer({ min: 0, max: 500 }).map((m) => T0 + m * 60_000),
  low: fc.double({ min: 1, max: 1000, noNaN: true }),
  span: fc.double({ min: 0, max: 10, noNaN: true }),
  fo: fc.double({ min: 0, max: 1, noNaN: true }),
  fc: fc.double({ min: 0, max: 1, noNaN: true }),
  volume: fc.double({ min: 0, max: 1e9, noNaN: true }),
}).map((r) => ({ symbol: r.symbol, ts: r.ts, low: r.low, high: r.low + r.span, open: r.low + r.span * r.fo, close: r.low + r.span * r.fc, volume: r.volume }));

const uniqueRows = fc.uniqueArray(rowArb, { selector: (r) => `${r.ts}|${r.symbol}`, maxLength: 200 });

function sameColumns(a: BarColumns, b: BarColumns): void {
  expect(b.symbols).toEqual(a.symbols);
  for (const k of ['ts', 'sym', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(b[k])).toEqual(Array.from(a[k]));
}

describe('bar dataset', () => {
  it('write then read returns the same columns for any bars', () => {
    fc.assert(
      fc.property(uniqueRows, (rows) => {
        const cols = columnsFromRows(rows);
        const file = writeDay(root, '1m', '2025-07-02', cols);
        const day = readDay(file, { interval: '1m' });
        sameColumns(cols, day);
        expect(day.flagged).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps symbols as data: a symbol like ../../x never reaches a path', () => {
    const file = writeDay(root, '1m', '2025-07-03', columnsFromRows([{ symbol: '../../x', ts: T0, open: 1, high: 1, low: 1, close: 1, volume: 1 }]));
    expect(file).toBe(path.join(root, 'interval=1m', 'date=2025-07-03', 'bars.arrow'));
    expect(readDay(file, { interval: '1m' }).symbols).toEqual(['../../x']);
    expect(() => dayFile(root, '1m', '../../etc')).toThrow(SimError);
    expect(() => dayFile(root, '../x' as never, '2025-07-03')).toThrow(SimError);
  });

  it('writes atomically: no temporary file is left behind', () => {
    writeDay(root, '1s', '2025-07-07', columnsFromRows([{ symbol: 'A', ts: T0 + 1000, open: 1, high: 1, low: 1, close: 1, volume: 1 }]));
    expect(readdirSync(path.join(root, 'interval=1s', 'date=2025-07-07'))).toEqual(['bars.arrow']);
  });

  it('stores the documented schema with its version in the metadata', () => {
    const file = writeDay(root, '1m', '2025-07-08', columnsFromRows([{ symbol: 'A', ts: T0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }]));
    const t = A.tableFromIPC(readFileSync(file));
    expect(t.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'ts:Timestamp<MILLISECOND, UTC>', 'symbol:Dictionary<Int32, Utf8>', 'open:Float64', 'high:Float64', 'low:Float64', 'close:Float64', 'volume:Float64',
    ]);
    expect(t.schema.metadata.get('sessionsim.schema_version')).toBe('1');
  });

  it('reads a subset of symbols, each row naming its symbol', () => {
    const rows = ['A', 'B', 'C'].flatMap((symbol, k) => [0, 1, 2].map((m) => ({ symbol, ts: T0 + m * 60_000, open: k, high: k, low: k, close: k, volume: m })));
    const file = writeDay(root, '1m', '2025-07-09', columnsFromRows(rows));
    const day = readDay(file, { interval: '1m', symbols: ['C', 'A'] });
    expect(day.symbols).toEqual(['A', 'C']);
    expect(day.ts.length).toBe(6);
    const rowsOf = (s: number) => [...day.sym.keys()].filter((i) => day.sym[i] === s);
    expect(rowsOf(1).map((i) => day.open[i])).toEqual([2, 2, 2]);
    expect(rowsOf(0).map((i) => day.volume[i])).toEqual([0, 1, 2]);
  });
});

/** Builds an Arrow file whose columns are given directly, so any defect can be written. */
function rawFile(columns: Record<string, A.Vector>): Uint8Array {
  return A.tableToIPC(new A.Table(columns), 'file');
}
const ts = (mins: number[]) => A.makeVector(A.makeData({ type: new A.TimestampMillisecond('UTC'), length: mins.length, data: BigInt64Array.from(mins.map((m) => BigInt(T0 + m))) }));
const f64 = (xs: number[]) => A.makeVector(Float64Array.from(xs));
const syms = (xs: string[]) => A.vectorFromArray(xs, new A.Dictionary(new A.Utf8(), new A.Int32()));
function good(n = 3) {
  return { ts: ts(Array.from({ length: n }, (_, i) => i * 60_000)), symbol: syms(Array(n).fill('A')), open: f64(Array(n).fill(1)), high: f64(Array(n).fill(2)), low: f64(Array(n).fill(0.5)), close: f64(Array(n).fill(1.5)), volume: f64(Array(n).fill(100)) };
}

function errorOf(bytes: Uint8Array): SimError {
  try {
    decodeDay('bad.arrow', bytes, { interval: '1m' });
  } catch (e) {
    return e as SimError;
  }
  throw new Error('expected an error');
}

describe('bad files', () => {
  it('gives a typed, exact error for each fatal defect', () => {
    const valid = rawFile(good());
    expect(errorOf(new Uint8Array()).code).toBe('DATA_EMPTY');
    expect(errorOf(new TextEncoder().encode('ts,symbol\n1,A\n'))).toMatchObject({ code: 'DATA_NOT_ARROW', message: 'bad.arrow: not an Arrow IPC file (no ARROW1 magic)' });
    expect(errorOf(valid.subarray(0, valid.length - 40))).toMatchObject({ code: 'DATA_TRUNCATED' });
    const { volume: _v, ...noVolume } = good();
    expect(errorOf(rawFile(noVolume))).toMatchObject({ code: 'DATA_MISSING_COLUMN', message: "bad.arrow: missing column 'volume'" });
    expect(errorOf(rawFile({ ...good(), open: A.vectorFromArray(['1', '1', '1'], new A.Utf8()) }))).toMatchObject({ code: 'DATA_COLUMN_TYPE', details: { column: 'open' } });
    expect(errorOf(rawFile({ ...good(), ts: f64([1, 2, 3]) }))).toMatchObject({ code: 'DATA_COLUMN_TYPE', details: { column: 'ts' } });
    expect(errorOf(rawFile({ ...good(), ts: ts([0, 120_000, 60_000]) }))).toMatchObject({ code: 'DATA_UNSORTED', details: { row: 2 } });
  });

  it('flags and skips bad rows with their row, column and value', () => {
    const cols = {
      ts: ts([0, 60_000, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000, 390_000]),
      symbol: syms(Array(9).fill('A')),
      open: f64([1, 1, 1, NaN, 1, 3, 1, 1, 1]),
      high: f64([2, 2, 2, 2, 0.1, 2, 2, 2, 2]),
      low: f64([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
      close: f64([1, 1, 1, 1, 1, 1, 1, 1, 1]),
      volume: f64([1, 1, 1, 1, 1, 1, Infinity, -5, 1]),
    };
    const day = decodeDay('f.arrow', rawFile(cols), { interval: '1m' });
    expect(day.flagged.map((f) => [f.row, f.flag, f.column, f.value])).toEqual([
      [2, 'duplicate', 'ts', String(T0 + 60_000)],
      [3, 'non-finite', 'open', 'NaN'],
      [4, 'high-below-low', 'high', '0.1 < low 0.5'],
      [5, 'outside-range', 'open', '3 outside [0.5, 2]'],
      [6, 'non-finite', 'volume', 'Infinity'],
      [7, 'negative-volume', 'volume', '-5'],
      [8, 'off-grid', 'ts', String(T0 + 390_000)],
    ]);
    expect(Array.from(day.fileRow)).toEqual([0, 1]);
    expect(Array.from(day.duplicates)).toEqual([1]);
  });

  it('reads timestamps in other units and plain utf8 symbols (files from pyarrow)', () => {
    const ns = A.makeVector(A.makeData({ type: new A.TimestampNanosecond('UTC'), length: 2, data: BigInt64Array.from([BigInt(T0) * 1_000_000n, BigInt(T0 + 60_000) * 1_000_000n]) }));
    const day = decodeDay('ns.arrow', rawFile({ ...good(2), ts: ns, symbol: A.vectorFromArray(['A', 'A'], new A.Utf8()) }), { interval: '1m' });
    expect(Array.from(day.ts)).toEqual([T0, T0 + 60_000]);
  });

  it('flags a null value with its row and column', () => {
    const open = A.makeVector(A.makeData({ type: new A.Float64(), length: 4, data: Float64Array.from([1, 1, 1, 1]), nullBitmap: Uint8Array.from([0b1011]), nullCount: 1 }));
    const ts4 = ts([0, 60_000, 120_000, 180_000]);
    const day = decodeDay('n.arrow', rawFile({ ...good(4), ts: ts4, open }), { interval: '1m' });
    expect(day.flagged.map((f) => [f.row, f.flag, f.column])).toEqual([[2, 'null', 'open']]);
    expect(Array.from(day.fileRow)).toEqual([0, 1, 3]);
  });

  it('reads a dictionary stored in any order, and timestamps before 1970 exactly', () => {
    const dictionary = A.vectorFromArray(['B', 'A'], new A.Utf8());
    const symbol = A.makeVector(A.makeData({ type: new A.Dictionary(new A.Utf8(), new A.Int32()), length: 4, data: Int32Array.from([1, 0, 1, 0]), dictionary }));
    const early = [-86_400_000 * 365 * 30, -86_400_000 * 365 * 30, -86_400_000 * 365 * 30 + 60_000, -86_400_000 * 365 * 30 + 60_000];
    const t = A.makeVector(A.makeData({ type: new A.TimestampMillisecond('UTC'), length: 4, data: BigInt64Array.from(early.map(BigInt)) }));
    const day = decodeDay('d.arrow', rawFile({ ...good(4), ts: t, symbol }), { interval: '1m' });
    expect(day.symbols).toEqual(['A', 'B']);
    expect(Array.from(day.sym)).toEqual([0, 1, 0, 1]);
    expect(Array.from(day.ts)).toEqual(early);
    expect(day.flagged).toEqual([]);
  });

  it('a missing day file is DATA_MISSING_DAY naming it', () => {
    const f = dayFile(root, '1m', '2025-01-02');
    expect(existsSync(f)).toBe(false);
    expect(() => readDay(f, { interval: '1m' })).toThrow(expect.objectContaining({ code: 'DATA_MISSING_DAY', details: { file: f } }));
  });

  it('a text file named .arrow is DATA_NOT_ARROW', () => {
    const f = path.join(root, 'text.arrow');
    writeFileSync(f, 'hello');
    expect(() => readDay(f, { interval: '1m' })).toThrow(expect.objectContaining({ code: 'DATA_NOT_ARROW' }));
  });

  it('encodeDay refuses unsorted columns', () => {
    const c = columnsFromRows([{ symbol: 'A', ts: T0, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
    const bad = { ...c, ts: Float64Array.from([T0, T0 - 60_000]), sym: Int32Array.from([0, 0]), open: new Float64Array(2), high: new Float64Array(2), low: new Float64Array(2), close: new Float64Array(2), volume: new Float64Array(2) };
    expect(() => encodeDay('1m', '2025-07-02', bad)).toThrow(expect.objectContaining({ code: 'DATA_UNSORTED' }));
  });
});
