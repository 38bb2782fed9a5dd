import * as A from 'apache-arrow';
import { SimError } from '../errors.js';
import { BAR_SCHEMA_VERSION, checkSymbol, dayFile, type Interval } from './layout.js';
import { compareRows, type BarColumns } from './columns.js';
import { writeOutput, type OutputOptions } from './output.js';

const TS_TYPE = new A.TimestampMillisecond('UTC');
const SYMBOL_TYPE = new A.Dictionary(new A.Utf8(), new A.Int32());

export function barSchema(interval: Interval, date: string): A.Schema {
  const f64 = () => new A.Float64();
  return new A.Schema(
    [
      new A.Field('ts', TS_TYPE, false),
      new A.Field('symbol', SYMBOL_TYPE, false),
      new A.Field('open', f64(), false),
      new A.Field('high', f64(), false),
      new A.Field('low', f64(), false),
      new A.Field('close', f64(), false),
      new A.Field('volume', f64(), false),
    ],
    new Map([
      ['sessionsim.schema_version', BAR_SCHEMA_VERSION],
      ['sessionsim.interval', interval],
      ['sessionsim.date', date],
    ]),
  );
}

/** Arrow IPC file bytes for one day's columns (rows must already be sorted by (ts, symbol)). */
export function encodeDay(interval: Interval, date: string, c: BarColumns): Uint8Array {
  const n = c.ts.length;
  for (const s of c.symbols) checkSymbol(s, { date });
  for (let i = 1; i < n; i++) {
    if (compareRows(c, i - 1, i) >= 0) throw new SimError('DATA_UNSORTED', `rows ${i - 1} and ${i} are not in strictly increasing (ts, symbol) order`, { date, row: i });
  }
  const schema = barSchema(interval, date);
  const ts = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ts[i] = BigInt(c.ts[i]!);
  const dictionary = A.vectorFromArray([...c.symbols], new A.Utf8());
  const children = [
    A.makeData({ type: TS_TYPE, length: n, data: ts }),
    A.makeData({ type: SYMBOL_TYPE, length: n, data: Int32Array.from(c.sym), dictionary }),
    ...[c.open, c.high, c.low, c.close, c.volume].map((col) => A.makeData({ type: new A.Float64(), length: n, data: Float64Array.from(col) })),
  ];
  const batch = new A.RecordBatch(schema, A.makeData({ type: new A.Struct(schema.fields), length: n, nullCount: 0, children }));
  return A.tableToIPC(new A.Table(schema, [batch]), 'file');
}

/**
 * Writes bytes to a temporary name beside `file` and renames (see writeOutput): a crash never
 * leaves half a file. Creates the folder, as the dataset's layout needs.
 */
export function writeAtomic(file: string, bytes: Uint8Array | string, options: OutputOptions = {}): void {
  writeOutput(file, bytes, { mkdir: true, ...options });
}

/** Writes one day file of the dataset; returns its path. */
export function writeDay(root: string, interval: Interval, date: string, columns: BarColumns): string {
  const file = dayFile(root, interval, date);
  writeAtomic(file, encodeDay(interval, date, columns));
  return file;
}
