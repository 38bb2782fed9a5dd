import * as A from 'apache-arrow';
import { SimError } from '../errors.js';
import { numericArray } from './arrow-numbers.js';
import { bitAt } from './arrow-text.js';
import { boolColumn, dictColumn, numberColumn, TextColumn, validityOf, type BoolColumn, type DictColumn, type NumberColumn, type Validity } from './batch-columns.js';
import { BOOL_COLUMNS, F64_COLUMNS, RUN_COLUMN, TS_COLUMNS } from './log-format.js';

// A record batch of the event log as the columns its decoder reads, one element per event: a log
// by reference's run rows (RUN_COLUMN) are expanded here, so that everything after sees a run's
// events as if each had its own row.

/** A text column's rows, each decoded when asked for. */
export interface TextAt {
  at(i: number): string | null;
  readonly valid: Validity;
}

export interface EventColumns {
  /** Events in the batch. */
  readonly n: number;
  readonly seq: Float64Array;
  readonly time: Float64Array;
  readonly types: DictColumn;
  readonly symbols: DictColumn;
  readonly symbolValid: Validity;
  readonly data: TextAt;
  readonly refInput: NumberColumn | null;
  readonly refRow: NumberColumn | null;
  /** The timestamp, price, minutes and count columns the batch has. */
  readonly numeric: ReadonlyMap<string, NumberColumn>;
  readonly bools: ReadonlyMap<string, BoolColumn>;
}

/**
 * Events one batch may expand to: far above any the writer makes (8 per row of its capacity), and
 * a bound on what a log made to look like one can make a reader allocate.
 */
const MAX_EVENTS = 1 << 22;

/** A batch's columns, one element per event; a bad run length is LOG_CORRUPT naming its row. */
export function eventColumns(batch: A.RecordBatch, at: { readonly where: string; readonly first: number }): EventColumns {
  const col = (name: string) => batch.getChild(name);
  const refVec = col('ref_input'), rowVec = col('ref_row'), symbolVec = col('symbol')!;
  const numeric = new Map<string, NumberColumn>(), bools = new Map<string, BoolColumn>();
  for (const c of [...TS_COLUMNS, ...F64_COLUMNS, 'minutes', 'count']) { const v = col(c); if (v !== null) numeric.set(c, numberColumn(v)); }
  for (const c of BOOL_COLUMNS) { const v = col(c); if (v !== null) bools.set(c, boolColumn(v)); }
  const rows: EventColumns = {
    n: batch.numRows,
    seq: numericArray(col('seq')!),
    time: numericArray(col('time')!),
    types: dictColumn(col('type')!),
    symbols: dictColumn(symbolVec),
    symbolValid: validityOf(symbolVec),
    data: new TextColumn(col('data')!),
    refInput: refVec === null ? null : numberColumn(refVec),
    refRow: rowVec === null ? null : numberColumn(rowVec),
    numeric,
    bools,
  };
  const runVec = col(RUN_COLUMN);
  if (runVec === null || runVec.nullCount === runVec.length) return rows;
  return expanded(rows, numberColumn(runVec), at);
}

/** The rows' columns with each run row (a length of n in `run`) as its n events. */
function expanded(rows: EventColumns, run: NumberColumn, at: { readonly where: string; readonly first: number }): EventColumns {
  const lengths = run.values;
  let n = 0;
  for (let k = 0; k < rows.n; k++) {
    const len = run.bits === null || bitAt(run.bits, run.off + k) === 1 ? lengths[k]! : 1;
    if (!(len >= 1) || n + len > MAX_EVENTS) {
      throw new SimError('LOG_CORRUPT', `${at.where}: row ${k} stands for a run of ${len} events, which no log holds`, { row: at.first + n, value: len });
    }
    n += len;
  }
  // Per event: its row, and how far into its run it is.
  const src = new Int32Array(n), step = new Int32Array(n);
  for (let k = 0, i = 0; k < rows.n; k++) {
    const len = run.bits === null || bitAt(run.bits, run.off + k) === 1 ? lengths[k]! : 1;
    for (let j = 0; j < len; j++, i++) { src[i] = k; step[i] = j; }
  }
  const symbols = rows.symbols, names = symbols.names.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = symbols.ids[src[i]!]!;
    ids[i] = id < 0 ? id : id + step[i]!;
    if (ids[i]! >= names) throw new SimError('LOG_CORRUPT', `${at.where}: row ${src[i]} runs past the symbol dictionary's ${names} symbols`, { row: at.first + i, value: ids[i] });
  }
  const seq = new Float64Array(n);
  for (let i = 0; i < n; i++) seq[i] = rows.seq[src[i]!]! + step[i]!;
  const numeric = new Map<string, NumberColumn>(), bools = new Map<string, BoolColumn>();
  for (const [name, c] of rows.numeric) numeric.set(name, gatherNumbers(c, src, null));
  for (const [name, c] of rows.bools) bools.set(name, { valueBits: gatherBits(c.valueBits, c.voff, src)!, voff: 0, bits: gatherBits(c.bits, c.off, src), off: 0 });
  return {
    n,
    seq,
    time: gatherF64(rows.time, src),
    types: { names: rows.types.names, ids: gatherI32(rows.types.ids, src) },
    symbols: { names: symbols.names, ids },
    symbolValid: { bits: gatherBits(rows.symbolValid.bits, rows.symbolValid.off, src), off: 0 },
    data: new MappedText(rows.data, src),
    refInput: rows.refInput === null ? null : gatherNumbers(rows.refInput, src, null),
    // A bar's input row steps with its run, as its seq does.
    refRow: rows.refRow === null ? null : gatherNumbers(rows.refRow, src, step),
    numeric,
    bools,
  };
}

function gatherF64(values: Float64Array, src: Int32Array): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = values[src[i]!]!;
  return out;
}

function gatherI32(values: Int32Array, src: Int32Array): Int32Array {
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = values[src[i]!]!;
  return out;
}

/** A numeric column at rows `src`, plus `step` where given (only where the value is there). */
function gatherNumbers(c: NumberColumn, src: Int32Array, step: Int32Array | null): NumberColumn {
  const values = c.values instanceof Int32Array ? gatherI32(c.values, src) : gatherF64(c.values, src);
  const bits = gatherBits(c.bits, c.off, src);
  if (step !== null) for (let i = 0; i < src.length; i++) if (bits === null || bitAt(bits, i) === 1) values[i] = values[i]! + step[i]!;
  return { values, bits, off: 0 };
}

/** Bit `off + src[i]` of `bits` as bit i; null (every row) stays null. */
function gatherBits(bits: Uint8Array | null, off: number, src: Int32Array): Uint8Array | null {
  if (bits === null) return null;
  const out = new Uint8Array((src.length + 7) >> 3);
  for (let i = 0; i < src.length; i++) if (bitAt(bits, off + src[i]!) === 1) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

/** A text column at rows `src`. */
class MappedText implements TextAt {
  readonly valid: Validity;
  constructor(private readonly inner: TextAt, private readonly src: Int32Array) {
    this.valid = { bits: gatherBits(inner.valid.bits, inner.valid.off, src), off: 0 };
  }
  at(i: number): string | null {
    return this.inner.at(this.src[i]!);
  }
}
