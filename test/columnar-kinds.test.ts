import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anyColumnar, columnar, ColumnarSlice, defineKind, DELIVERY, kindOf, type AnySlice } from '../src/columnar/index.js';
import { evolve, foldSlice, initialState, snapshot } from '../src/state/index.js';
import type { SimEvent } from '../src/events/index.js';
import { columnRecordWriter, isLazySlice, LogHasher } from '../src/kernel/index.js';
import { ArrowLogWriter, LOG_FORMAT_VERSION, readLog, type LogManifest } from '../src/storage/index.js';
import { barSlice, derivedSlice, gapSlice } from './support/slices.js';
import { tmpDir } from './support/tmp.js';

/**
 * A columnar kind is declared once; its events, its hash records and its log rows are derived
 * from the declaration. Each derived path must give what the event objects give.
 */

const dir = tmpDir();
const SYMBOLS = ['A', 'BRK.B', 'Ω', 'LONGER-SYMBOL-NAME'];
const N = 300;
const f = (g: (i: number) => number) => Float64Array.from({ length: N }, (_, i) => g(i));
const i32 = (g: (i: number) => number) => Int32Array.from({ length: N }, (_, i) => g(i));
const sym = i32((i) => (i * 3) % SYMBOLS.length);

function bars(fileRow: boolean): AnySlice {
  const day = { symbols: SYMBOLS, ts: f((i) => 1e12 + i * 60_000), sym, open: f((i) => i + 0.25), high: f((i) => i + 1), low: f((i) => i - 1), close: f((i) => i + 0.5), volume: f((i) => i * 7), ...(fileRow ? { fileRow: i32((i) => 1000 + 2 * i) } : {}) };
  const code = Uint8Array.from({ length: N }, (_, i) => [DELIVERY.LIVE, DELIVERY.LATE, DELIVERY.HISTORY][i % 3]!);
  return barSlice(day, i32((i) => i).subarray(3), f((i) => 1e12 + (i + 1) * 60_000), code);
}
const derived = (): AnySlice => derivedSlice({
  symbols: SYMBOLS, time: f((i) => 1e12 + i * 300_000), sym, minutes: i32((i) => [5, 15][i % 2]!), start: f((i) => 1e12 + i * 300_000 - 300_000), end: f((i) => 1e12 + i * 300_000),
  open: f((i) => i), high: f((i) => i + 2), low: f((i) => i - 2), close: f((i) => i + 1), volume: f((i) => i * 3), count: i32((i) => 1 + (i % 5)),
});
const gaps = (): AnySlice => gapSlice('2024-03-04', SYMBOLS, f((i) => 1e12 + i * 60_000), sym, f((i) => 1e12 + i), f((i) => 1e12 + 2 * i), i32((i) => i % 9));

const manifest = (bars: 'full' | 'ref'): LogManifest => ({ format: LOG_FORMAT_VERSION, packageVersion: '0.0.0', calendarVersion: 'XNYS@test', config: {}, dataRoot: dir, inputs: [], bars });

/**
 * The same elements written twice, from the columns in uneven pieces and as event objects;
 * by reference a bar points to input 4 at its file row (its own row without a file-row column).
 */
function bothLogs(slice: AnySlice, bars: 'full' | 'ref', input: number | undefined, name: string): [Uint8Array, Uint8Array, string] {
  const base = 11;
  const refs = new Map<number, { input: number; row: number }>();
  if (slice.type === 'BarArrived' && input !== undefined) {
    for (let i = 0; i < slice.length; i++) {
      const r = slice.rows![i]!;
      refs.set(base + i, { input, row: slice.inputRow === null ? r : slice.inputRow[r]! });
    }
  }
  const columns = path.join(dir, `${name}-columns.arrow`), objects = path.join(dir, `${name}-objects.arrow`);
  const a = new ArrowLogWriter(columns, manifest(bars), { batchSize: 64, dayInput: () => input });
  const b = new ArrowLogWriter(objects, manifest(bars), { batchSize: 64, refOf: (e) => refs.get(e.seq) ?? null });
  let from = 0;
  for (const to of [1, 2, 70, 200, slice.length]) { a.appendLazy(slice, from, to, base); from = to; }
  for (let i = 0; i < slice.length; i++) b.append(slice.materialize(i, base + i));
  a.close();
  b.close();
  return [readFileSync(columns), readFileSync(objects), columns];
}

describe('log rows derived from a kind declaration', () => {
  const cases: [string, () => AnySlice, 'full' | 'ref', number | undefined][] = [
    ['bars in full', () => bars(true), 'full', undefined],
    ['bars by reference to their file rows', () => bars(true), 'ref', 4],
    ['bars by reference without a file-row column', () => bars(false), 'ref', 4],
    ['bars by reference, the slice given no input-row key at all', () => { const b = bars(false); return new ColumnarSlice(b.kind, { rows: b.rows, length: b.length, symbols: b.symbols, sym: b.sym, code: b.code, text: {}, columns: b.columns }) as AnySlice; }, 'ref', 4],
    ['bars by reference with no input known (prices in data)', () => bars(true), 'ref', undefined],
    ['derived bars in full', derived, 'full', undefined],
    ['derived bars by reference (prices left out)', derived, 'ref', undefined],
    ['gaps', gaps, 'full', undefined],
    ['gaps by reference', gaps, 'ref', undefined],
  ];
  for (const [name, make, bars, input] of cases) {
    it(`${name}: the same bytes as writing each event`, () => {
      const slice = make();
      const [columns, objects, file] = bothLogs(slice, bars, input, name.replace(/\W+/g, '-'));
      expect(Buffer.compare(columns, objects)).toBe(0);
      // A reference needs its input pinned, which only a run does: those logs are compared as bytes.
      if (input !== undefined) return;
      const back = readLog(file);
      expect(back.events.length).toBe(slice.length);
      if (bars === 'full') expect(back.events[5]).toEqual(slice.materialize(5, 16));
    });
  }
});

describe('defining a kind', () => {
  // A kind the product does not ship as columns: everything about it comes from the declaration.
  const QUALITY = defineKind({
    type: 'QualityReport',
    fields: {
      time: 'number', date: 'text', symbol: 'symbol', expected: 'number', received: 'number', missing: 'number', duplicates: 'number',
      outOfSession: 'number', late: 'number', pct: 'number',
    },
  });
  const quality = (): ColumnarSlice<typeof QUALITY> => new ColumnarSlice(QUALITY, {
    rows: null, length: N, symbols: SYMBOLS, sym, code: null, text: { date: '2024-03-04' },
    columns: { time: f((i) => 1e12 + i), expected: f(() => 390), received: f((i) => 390 - (i % 4)), missing: f((i) => i % 4), duplicates: i32((i) => i % 2), outOfSession: f(() => 0), late: f((i) => i % 3), pct: f((i) => 100 - (i % 4) / 3.9) },
  });

  it('builds its events in the declared order, type first and seq last', () => {
    const e = quality().materialize(2, 40);
    expect(Object.keys(e)).toEqual(['type', 'time', 'date', 'symbol', 'expected', 'received', 'missing', 'duplicates', 'outOfSession', 'late', 'pct', 'seq']);
    expect(e).toEqual({ type: 'QualityReport', time: 1e12 + 2, date: '2024-03-04', symbol: SYMBOLS[6 % 4], expected: 390, received: 388, missing: 2, duplicates: 0, outOfSession: 0, late: 2, pct: 100 - 2 / 3.9, seq: 40 });
  });

  it('hashes and logs like its events', () => {
    const slice = quality();
    const cols = new LogHasher(), objs = new LogHasher();
    cols.updateLazy(slice, 0, 100, 7); cols.updateLazy(slice, 100, N, 7);
    for (let i = 0; i < N; i++) objs.update(slice.materialize(i, 7 + i));
    expect(cols.digest()).toBe(objs.digest());
    const file = path.join(dir, 'quality.arrow');
    const w = new ArrowLogWriter(file, manifest('full'), { batchSize: 50 });
    w.appendLazy(slice, 0, N, 7);
    w.close();
    expect(readLog(file).events).toEqual(Array.from({ length: N }, (_, i) => slice.materialize(i, 7 + i)));
  });

  it('is folded event by event by the state, which knows only the shipped kinds, and logged from its columns', () => {
    const slice = quality();
    expect(columnar(slice)).toBeNull();
    expect(anyColumnar(slice)).toBe(slice);
    const viaSlice = foldSlice(initialState(), slice, 0, N, 3);
    let viaEvents = initialState();
    for (let i = 0; i < N; i++) viaEvents = evolve(viaEvents, slice.materialize(i, 3 + i));
    expect(snapshot(viaSlice)).toEqual(snapshot(viaEvents));
    expect(viaSlice.quality.length).toBe(N);
  });

  it('refuses a declaration it could not derive from', () => {
    expect(() => defineKind({ type: 'MarketClose', fields: { date: 'text' } })).toThrow('MarketClose: a columnar kind needs a number field time');
    expect(() => defineKind({ type: 'MarketClose', fields: { time: 'number', seq: 'number' } })).toThrow('MarketClose: type and seq are implied, not declared');
    expect(() => defineKind({ type: 'MarketClose', fields: { time: 'number', open: { flag: 255 } } })).toThrow('MarketClose.open: a flag code is an integer in 0..254');
    expect(() => defineKind({ type: 'MarketClose', fields: { time: 'number', open: { flag: 1.5 } } })).toThrow('a flag code');
    expect(() => defineKind({ type: 'MarketClose', fields: { time: 'number', open: { flag: -1 } } })).toThrow('MarketClose.open: a flag code is an integer in 0..254');
    // The ends of the range are codes.
    expect(defineKind({ type: 'MarketClose', fields: { time: 'number', a: { flag: 0 }, b: { flag: 254 } } }).codes).toBe(255);
    expect(() => new ColumnarSlice(kindOf('BarArrived')!, { rows: null, length: 0, symbols: [], sym: new Int32Array(0), code: null, text: {}, columns: { time: new Float64Array(0) } })).toThrow('a BarArrived slice needs its code column');
  });

  it('has hash records only of numbers, booleans and strings, with a number seq', () => {
    expect(() => columnRecordWriter('X', { seq: 'n', a: 'j' })).toThrow('X.a: a columnar record holds numbers, booleans and strings, not j');
    expect(() => columnRecordWriter('X', { seq: 'n', a: 'z' })).toThrow('X.a: a columnar record holds numbers, booleans and strings, not z');
    expect(() => columnRecordWriter('X', { a: 'n' })).toThrow('X: a columnar record needs a number field seq');
    expect(() => columnRecordWriter('X', { seq: 's' })).toThrow('X: a columnar record needs a number field seq');
    expect(typeof columnRecordWriter('X', { seq: 'n', a: 'b', b: 's' })).toBe('function');
  });

  it('a slice answers for its booleans and strings only, and its tail key is its symbol column', () => {
    const slice = bars(true) as ColumnarSlice;
    expect(slice.valueAt('symbol', 5)).toBe(SYMBOLS[15 % 4]);
    expect([slice.valueAt('late', 4), slice.valueAt('history', 5), slice.valueAt('late', 3)]).toEqual([true, true, false]);
    expect(() => slice.valueAt('open', 0)).toThrow('BarArrived.open is not a boolean or a string');
    expect(() => slice.valueAt('nothing', 0)).toThrow('BarArrived.nothing is not a boolean or a string');
    expect(slice.tailKey).toBe(slice.sym);
    expect([slice.tailCodes, slice.tails.length]).toEqual([3, 3 * SYMBOLS.length]);
    // A kind without flags keys its tails by symbol alone, whatever code column it is given.
    const withCode = new ColumnarSlice(kindOf('GapDetected')!, { rows: null, length: 1, symbols: ['A', 'B'], sym: Int32Array.of(1), code: Uint8Array.of(7), text: { date: 'd' }, columns: { time: Float64Array.of(1), from: Float64Array.of(0), to: Float64Array.of(0), missing: Int32Array.of(1) } });
    expect([withCode.tailCode, withCode.tailCodes, withCode.tails.length, withCode.inputRow]).toEqual([null, 1, 2, null]);
    const g = gaps() as ColumnarSlice;
    expect([g.valueAt('date', 0), g.tailCode, g.tailCodes, g.tails.length]).toEqual(['2024-03-04', null, 1, SYMBOLS.length]);
    expect([slice.timeAt(0), slice.length, g.timeAt(2)]).toEqual([1e12 + 4 * 60_000, N - 3, 1e12 + 2 * 60_000]);
  });

  it('knows the shipped kinds by type, and only those', () => {
    expect(['BarArrived', 'DerivedBarCompleted', 'GapDetected'].map((t) => kindOf(t)?.type)).toEqual(['BarArrived', 'DerivedBarCompleted', 'GapDetected']);
    expect(kindOf('QualityReport')).toBeUndefined();
    const b = bars(true);
    expect(columnar(b)).toBe(b);
    expect(anyColumnar(b)).toBe(b);
    expect(isLazySlice(b)).toBe(true);
    expect([columnar({ type: 'BarArrived' }), anyColumnar({ type: 'BarArrived' })]).toEqual([null, null]);
    expect([kindOf('BarArrived')!.codes, kindOf('GapDetected')!.codes, kindOf('BarArrived')!.prices, kindOf('DerivedBarCompleted')!.prices, kindOf('GapDetected')!.prices]).toEqual([3, 0, 'input-row', 'aggregate', undefined]);
  });
});
