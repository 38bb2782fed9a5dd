import type { SimEvent } from '../events/index.js';
import { tailCache, type LazySlice, type RecordColumns, type RecordWriter, type TailCache } from '../kernel/index.js';
import type { ColumnarKind, NumericColumn, SliceColumns, TextField } from './kind.js';

/**
 * Many events of one columnar kind as one lazy slice: built as objects only when somebody needs
 * one; the state folds them, the log writes their rows and the hash their records, all from the
 * columns. Its columns never change once made.
 */
export class ColumnarSlice<K extends ColumnarKind = ColumnarKind> implements LazySlice<SimEvent>, RecordColumns, SliceColumns<K['fields']> {
  readonly lazy = true;
  readonly type: K['type'];
  readonly rows: Int32Array | null;
  readonly length: number;
  readonly columns: SliceColumns<K['fields']>['columns'];
  readonly symbols: readonly string[];
  readonly sym: Int32Array;
  readonly code: Uint8Array | null;
  readonly text: SliceColumns<K['fields']>['text'];
  readonly inputRow: Int32Array | null;
  readonly lease: { retain(): void } | null;
  /** For the hash: a record's tail is decided by its symbol and its code. */
  readonly tailCode: Uint8Array | null;
  readonly tailCodes: number;
  readonly tails: TailCache;
  private readonly time: NumericColumn;
  /** The kind's generated code, looked up once per slice rather than once per call. */
  private readonly build: ColumnarKind['materialize'];
  private readonly write: ColumnarKind['writeRecords'];

  constructor(readonly kind: K, c: SliceColumns<K['fields']>) {
    this.type = kind.type;
    this.rows = c.rows;
    this.length = c.length;
    this.columns = c.columns;
    this.symbols = c.symbols;
    this.sym = c.sym;
    this.code = c.code;
    this.text = c.text;
    this.inputRow = c.inputRow ?? null;
    this.lease = c.lease ?? null;
    this.time = (c.columns as Readonly<Record<string, NumericColumn>>).time!;
    if (kind.codes > 0 && c.code === null) throw new Error(`a ${kind.type} slice needs its code column`);
    this.tailCode = kind.codes > 0 ? c.code : null;
    this.tailCodes = Math.max(kind.codes, 1);
    this.tails = c.tails ?? tailCache(c.symbols.length * this.tailCodes);
    this.build = kind.materialize;
    this.write = kind.writeRecords;
  }

  get tailKey(): Int32Array {
    return this.sym;
  }

  timeAt(i: number): number {
    return this.time[this.rows === null ? i : this.rows[i]!]!;
  }

  materialize(i: number, seq: number): SimEvent {
    return this.build(this, i, seq);
  }

  writeRecords(from: number, to: number, base: number, w: RecordWriter): void {
    this.write(this, from, to, base, w);
  }

  column(name: string): NumericColumn {
    return (this.columns as Readonly<Record<string, NumericColumn>>)[name]!;
  }

  valueAt(name: string, r: number): boolean | string {
    const s = this.kind.fields[name];
    if (s === 'symbol') return this.symbols[this.sym[r]!]!;
    if (s === 'text') return this.text[name as TextField<K['fields']>];
    if (typeof s === 'object') return this.code![r] === s.flag;
    throw new Error(`${this.type}.${name} is not a boolean or a string`);
  }
}
