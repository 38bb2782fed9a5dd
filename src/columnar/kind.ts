import type { SimEvent } from '../events/index.js';
import { columnRecordWriter, type ColumnRecordWriter, type TailCache, type ValueKind } from '../kernel/index.js';

/**
 * Where a field of a columnar event is kept in its slice:
 * - 'number': a column of the same name, indexed by row;
 * - 'symbol': a string, `symbols[sym[row]]`;
 * - 'text': a string the same for every element of the slice, `text[name]`;
 * - { flag: c }: a boolean, true when the slice's `code[row]` is c.
 */
export type FieldSource = 'number' | 'symbol' | 'text' | { readonly flag: number };
export type FieldSources = Readonly<Record<string, FieldSource>>;

/**
 * A kind of event that travels as columns: its type and its fields, declared once, in the order
 * its event objects list them (`type` first and `seq` last are implied). A field `time` is required.
 */
export interface KindDeclaration<T extends SimEvent['type'], F extends FieldSources> {
  readonly type: T;
  readonly fields: F;
  /**
   * How a log that keeps bars by reference gets this kind's prices back: from the input file's
   * row ('input-row'), or by aggregating the bars again ('aggregate'). Absent: they are kept.
   */
  readonly prices?: 'input-row' | 'aggregate';
}

export type NumberField<F> = { [N in keyof F]: F[N] extends 'number' ? N : never }[keyof F] & string;
export type TextField<F> = { [N in keyof F]: F[N] extends 'text' ? N : never }[keyof F] & string;
export type NumericColumn = Float64Array | Int32Array;

/** The columns of one slice of a kind (see FieldSource). */
export interface SliceColumns<F extends FieldSources> {
  /** Row of element i (null: element i is row i). Times must not decrease along the elements. */
  readonly rows: Int32Array | null;
  readonly length: number;
  readonly columns: { readonly [N in NumberField<F>]: NumericColumn };
  readonly symbols: readonly string[];
  readonly sym: Int32Array;
  readonly code: Uint8Array | null;
  readonly text: { readonly [N in TextField<F>]: string };
  /** For 'input-row' prices: each row's row in its input file (null: the same row). */
  readonly inputRow?: Int32Array | null;
  /**
   * The cache of encoded hash-record tails (see tailCache), when slices share one: only slices of
   * one kind with the same `symbols` array and the same text fields may (a tail is made of them).
   */
  readonly tails?: TailCache;
  /**
   * The lease of recycled arrays the columns live in (state/day-arena.ts): whoever keeps the slice
   * past its day (a results collector) retains it.
   */
  readonly lease?: { retain(): void } | null;
}

/** What the generated code reads: a slice's columns, untyped. */
interface RawColumns {
  readonly rows: Int32Array | null;
  readonly columns: Readonly<Record<string, NumericColumn>>;
  readonly symbols: readonly string[];
  readonly sym: Int32Array;
  readonly code: Uint8Array | null;
  readonly text: Readonly<Record<string, string>>;
}

/** A declared kind, with what is derived from its declaration. */
export interface ColumnarKind<T extends SimEvent['type'] = SimEvent['type'], F extends FieldSources = FieldSources> extends KindDeclaration<T, F> {
  /** Codes a slice's `code` column takes (0 when the kind has no flag). */
  readonly codes: number;
  /** Element i of a slice as its event object, with this seq. */
  readonly materialize: (slice: RawColumns, i: number, seq: number) => SimEvent;
  /** The hash records of a slice's elements (see the kernel's column-records). */
  readonly writeRecords: ColumnRecordWriter;
}

type Derived = Pick<ColumnarKind, 'codes' | 'materialize' | 'writeRecords'>;

/**
 * A kind from its declaration, checked now. Its event builder and its hash record writer are
 * generated as code for its fields on first use (so that the code generating them runs inside
 * the tests that use it, not when modules load).
 */
export function defineKind<T extends SimEvent['type'], F extends FieldSources>(decl: KindDeclaration<T, F>): ColumnarKind<T, F> {
  if (decl.fields.time !== 'number') throw new Error(`${decl.type}: a columnar kind needs a number field time`);
  if ('seq' in decl.fields || 'type' in decl.fields) throw new Error(`${decl.type}: type and seq are implied, not declared`);
  for (const [name, s] of Object.entries(decl.fields)) {
    if (typeof s === 'object' && (!Number.isInteger(s.flag) || s.flag < 0 || s.flag > 254)) throw new Error(`${decl.type}.${name}: a flag code is an integer in 0..254`);
  }
  let derived: Derived | null = null;
  const get = (): Derived => (derived ??= derive(decl));
  return {
    ...decl,
    get codes() { return get().codes; },
    get materialize() { return get().materialize; },
    get writeRecords() { return get().writeRecords; },
  };
}

function derive(decl: KindDeclaration<SimEvent['type'], FieldSources>): Derived {
  const entries = Object.entries(decl.fields);
  const codes = entries.map(([, s]) => (typeof s === 'object' ? s.flag + 1 : 0));
  const hashKinds: Record<string, ValueKind> = { seq: 'n' };
  const value = (name: string, s: FieldSource): string => {
    if (s === 'number') { hashKinds[name] = 'n'; return `s.columns[${JSON.stringify(name)}][r]`; }
    if (s === 'symbol') { hashKinds[name] = 's'; return 's.symbols[s.sym[r]]'; }
    if (s === 'text') { hashKinds[name] = 's'; return `s.text[${JSON.stringify(name)}]`; }
    hashKinds[name] = 'b';
    return `s.code[r] === ${s.flag}`;
  };
  const props = entries.map(([name, s]) => `${JSON.stringify(name)}: ${value(name, s)}`);
  const materialize = new Function(`'use strict'; return function materialize_${decl.type}(s, i, seq) {
    const r = s.rows === null ? i : s.rows[i];
    return { type: ${JSON.stringify(decl.type)}, ${props.join(', ')}, seq };
  };`)() as Derived['materialize'];
  return { codes: Math.max(0, ...codes), materialize, writeRecords: columnRecordWriter(decl.type, hashKinds) };
}
