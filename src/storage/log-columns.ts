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
  // Events per row: 1, or a valid run length.
  const lens = new Int32Array(rows.n);
  let n = 0;
  for (let k = 0; k < rows.n; k++) {
    const len = run.bits === null || bitAt(run.bits, run.off + k) === 1 ? run.values[k]! : 1;
    if (!(len >= 1) || n + len > MAX_EVENTS) {
      throw new SimError('LOG_CORRUPT', `${at.where}: row ${k} stands for a run of ${len} events, which no log holds`, { row: at.first + n, value: len });
    }
    lens[k] = len;
    n += len;
  }
  const names = rows.symbols.names.length, rowIds = rows.symbols.ids;
  const src = new Int32Array(n), seq = new Float64Array(n), ids = new Int32Array(n);
  for (let k = 0, i = 0; k < rows.n; k++) {
    const len = lens[k]!, s = rows.seq[k]!, id = rowIds[k]!;
    if (id >= 0 && id + len > names) throw new SimError('LOG_CORRUPT', `${at.where}: row ${k} runs past the symbol dictionary's ${names} symbols`, { row: at.first + i, value: id + len - 1 });
    // A run's seqs and symbol ids step by one from its row's; a null symbol stays null.
    for (let j = 0; j < len; j++, i++) { src[i] = k; seq[i] = s + j; ids[i] = id < 0 ? id : id + j; }
  }
  const numeric = new Map<string, NumberColumn>(), bools = new Map<string, BoolColumn>();
  for (const [name, c] of rows.numeric) numeric.set(name, expandNumbers(c, lens, n, false));
  for (const [name, c] of rows.bools) bools.set(name, { valueBits: expandBits(c.valueBits, c.voff, lens, n)!, voff: 0, bits: expandBits(c.bits, c.off, lens, n), off: 0 });
  return {
    n,
    seq,
    time: expandValues(rows.time, lens, new Float64Array(n)),
    types: { names: rows.types.names, ids: expandValues(rows.types.ids, lens, new Int32Array(n)) },
    symbols: { names: rows.symbols.names, ids },
    symbolValid: { bits: expandBits(rows.symbolValid.bits, rows.symbolValid.off, lens, n), off: 0 },
    data: new MappedText(rows.data, src, { bits: expandBits(rows.data.valid.bits, rows.data.valid.off, lens, n), off: 0 }),
    refInput: rows.refInput === null ? null : expandNumbers(rows.refInput, lens, n, false),
    // A bar's input row steps with its run, as its seq does.
    refRow: rows.refRow === null ? null : expandNumbers(rows.refRow, lens, n, true),
    numeric,
    bools,
  };
}

/** Each row's value `lens[k]` times, into `out`. */
function expandValues<T extends Float64Array | Int32Array>(values: T, lens: Int32Array, out: T): T {
  for (let k = 0, i = 0; k < lens.length; k++) {
    const v = values[k]!, len = lens[k]!;
    for (let j = 0; j < len; j++) out[i++] = v;
  }
  return out;
}

/** A numeric column with each row's value `lens[k]` times; `step`: plus 0, 1, ... along a run (only where the value is there). */
function expandNumbers(c: NumberColumn, lens: Int32Array, n: number, step: boolean): NumberColumn {
  const values = c.values instanceof Int32Array ? expandValues(c.values, lens, new Int32Array(n)) : expandValues(c.values, lens, new Float64Array(n));
  const bits = expandBits(c.bits, c.off, lens, n);
  if (step) {
    for (let k = 0, i = 0; k < lens.length; k++) {
      const len = lens[k]!;
      if (len > 1 && (bits === null || bitAt(bits, i) === 1)) for (let j = 1; j < len; j++) values[i + j] = values[i + j]! + j;
      i += len;
    }
  }
  return { values, bits, off: 0 };
}

/** Bit `off + k` of `bits` as bits of each of row k's events; null (every row) stays null. */
function expandBits(bits: Uint8Array | null, off: number, lens: Int32Array, n: number): Uint8Array | null {
  if (bits === null) return null;
  const out = new Uint8Array((n + 7) >> 3);
  for (let k = 0, i = 0; k < lens.length; k++) {
    const len = lens[k]!;
    if (bitAt(bits, off + k) === 1) for (let j = 0; j < len; j++, i++) out[i >> 3]! |= 1 << (i & 7);
    else i += len;
  }
  return out;
}

/** A text column at rows `src`, whose validity is `valid`. */
class MappedText implements TextAt {
  constructor(private readonly inner: TextAt, private readonly src: Int32Array, readonly valid: Validity) {}
  at(i: number): string | null {
    return this.inner.at(this.src[i]!);
  }
}
