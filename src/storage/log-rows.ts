import { anyColumnar, type ColumnarKind, type ColumnarSlice, type FieldSource } from '../columnar/index.js';
import type { SimEvent } from '../events/index.js';
import { canonicalTagged } from '../kernel/hashing/canonical.js';
import type { LazySlice } from '../kernel/lazy.js';
import type { BoolCol, F64Col, I32Col, LogBatch, SymbolTable } from './log-batch.js';
import { BOOL_COLUMNS, FIELD_COLUMNS, I32_COLUMNS, logTypeIndex, PRICE_FIELDS, type BoolColumn, type F64Column, type I32Column, type TsColumn } from './log-format.js';

/** Where rows go: the event log writer's batch being filled. */
export interface RowTarget {
  readonly batch: LogBatch;
  readonly symbols: SymbolTable;
  /** Bars in full (else by reference where a bar's input row is known). */
  readonly full: boolean;
  /**
   * Starts up to n rows (at least one, n > 0) at the end of `batch`, whose nullable columns are
   * null until set; returns how many. The caller fills their seq, time and type.
   */
  rows(n: number): number;
  /**
   * Starts one row at the end of `batch` that stands for up to n events (n > 0), a run
   * (RUN_COLUMN) when more than one; returns how many (at least one). The caller fills the row.
   */
  runRow(n: number): number;
}

/** How a log keeps a columnar kind's prices: in full, by a reference to their input row, or left out. */
type PriceMode = 'full' | 'input-row' | 'dropped' | 'data';

/** Where each field of a kind goes in a log row, worked out once per kind and price mode. */
interface RowPlan {
  readonly typeIndex: number;
  readonly symbol: string | null;
  readonly f64: readonly { readonly col: TsColumn | F64Column; readonly field: string }[];
  readonly i32: readonly { readonly col: Exclude<I32Column, 'ref_input' | 'ref_row'>; readonly field: string }[];
  readonly bools: readonly { readonly col: BoolColumn; readonly code: number }[];
  /** Fields kept in `data` as canonical JSON, with their sources, in canonical key order, each with its key as JSON. */
  readonly data: readonly { readonly field: string; readonly source: FieldSource; readonly key: string }[];
  readonly ref: boolean;
}

const plans = new Map<ColumnarKind, Map<PriceMode, RowPlan>>();

/**
 * The log row of a kind, derived from its declaration and the log's typed columns (FIELD_COLUMNS):
 * the same row as writing each event object (ArrowLogWriter.append) gives.
 */
function rowPlan(kind: ColumnarKind, prices: PriceMode): RowPlan {
  let byMode = plans.get(kind);
  if (byMode === undefined) plans.set(kind, (byMode = new Map()));
  let plan = byMode.get(prices);
  if (plan !== undefined) return plan;
  const columns = FIELD_COLUMNS[kind.type] ?? {};
  const out = { typeIndex: logTypeIndex(kind.type), symbol: null as string | null, f64: [] as RowPlan['f64'][number][], i32: [] as RowPlan['i32'][number][], bools: [] as RowPlan['bools'][number][], data: [] as RowPlan['data'][number][], ref: prices === 'input-row' };
  for (const [field, source] of Object.entries(kind.fields)) {
    if (field === 'time') continue;
    const col = columns[field];
    if (source === 'symbol' && field === 'symbol' && out.symbol === null) { out.symbol = field; continue; }
    if (source === 'number' && PRICE_FIELDS.has(field)) {
      if (prices === 'full' && col !== undefined) out.f64.push({ col: col as F64Column, field });
      else if (prices === 'data' || col === undefined) out.data.push({ field, source, key: JSON.stringify(field) });
      continue;
    }
    if (source === 'number' && (col === 'start' || col === 'end')) out.f64.push({ col, field });
    else if (source === 'number' && col !== undefined && (I32_COLUMNS as readonly string[]).includes(col)) out.i32.push({ col: col as RowPlan['i32'][number]['col'], field });
    else if (typeof source === 'object' && col !== undefined && (BOOL_COLUMNS as readonly string[]).includes(col)) out.bools.push({ col: col as BoolColumn, code: source.flag });
    else out.data.push({ field, source, key: JSON.stringify(field) });
  }
  // In the order canonical() writes an object's keys, so that a row's text is written field by field.
  out.data.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  plan = out;
  byMode.set(prices, plan);
  return plan;
}

/** How this log keeps this kind's prices (see KindDeclaration.prices). */
function priceMode(full: boolean, kind: ColumnarKind, input: number | undefined): PriceMode {
  if (full) return 'full';
  if (kind.prices === 'aggregate') return 'dropped';
  return kind.prices === 'input-row' && input !== undefined ? 'input-row' : 'data';
}

/**
 * Writes elements [from, to) of a lazy slice (element i with seq base + i) as log rows straight
 * from its columns, column by column, and returns true; false for a slice that is not columnar
 * (written event by event). `dayInput` is the manifest input of the day being run: a kind whose
 * prices come back from their input row points into it.
 */
export function writeSliceRows(slice: LazySlice<SimEvent>, from: number, to: number, base: number, w: RowTarget, dayInput: () => number | undefined): boolean {
  const c = anyColumnar(slice);
  if (c === null) return false;
  const kind = c.kind;
  const input = !w.full && kind.prices === 'input-row' ? dayInput() : undefined;
  const plan = rowPlan(kind, priceMode(w.full, kind, input));
  if (!w.full && plan.symbol !== null && plan.data.length === 0 && (plan.ref || kind.prices === 'aggregate')) {
    writeRunRows(c, plan, from, to, base, w, input);
    return true;
  }
  const { rows, sym, code, inputRow } = c;
  const time = c.column('time');
  const names = w.symbols.idsOf(c.symbols);
  const constant = plan.data.length > 0 && plan.data.every((d) => d.source === 'text') ? dataText(c, plan, 0) : null;
  for (let at = from; at < to;) {
    const m = w.rows(to - at);
    const b = w.batch, k0 = b.n - m;
    for (let j = 0; j < m; j++) {
      const i = at + j, r = rows === null ? i : rows[i]!, k = k0 + j;
      b.seq[k] = base + i; b.time[k] = time[r]!; b.type[k] = plan.typeIndex;
      if (plan.symbol !== null) b.symbol[k] = w.symbols.idIn(c.symbols, names, sym[r]!);
      if (plan.ref) { b.refInput.values[k] = input!; b.refRow.values[k] = inputRow === null ? r : inputRow[r]!; }
      if (plan.data.length > 0) b.data[k] = constant ?? dataText(c, plan, r);
    }
    for (const { col, field } of plan.f64) fillNumbers(b[col], k0, m, c.column(field), rows, at);
    for (const { col, field } of plan.i32) fillNumbers(b[col], k0, m, c.column(field), rows, at);
    for (const { col, code: flag } of plan.bools) fillFlags(b[col], k0, m, code!, flag, rows, at);
    if (plan.ref) { markValid(b.refInput, k0, m); markValid(b.refRow, k0, m); }
    at += m;
  }
  return true;
}

/**
 * A log by reference's rows of elements [from, to) of a columnar slice whose rows hold no prices
 * and no `data`: each run of elements with consecutive symbol ids (and input rows), and the same
 * time and other fields, as one row (RUN_COLUMN). A minute's bars of a day file in (time, symbol)
 * order, whose symbols the config lists in that order, are one row.
 */
function writeRunRows(c: ColumnarSlice, plan: RowPlan, from: number, to: number, base: number, w: RowTarget, input: number | undefined): void {
  const { rows, sym, code, inputRow } = c;
  const time = c.column('time');
  const symbols = w.symbols, names = symbols.idsOf(c.symbols);
  // The kinds written this way have at most two timestamps (start, end) and two integers
  // (minutes, count): held in locals, the test per element is a few loads and compares.
  if (plan.f64.length > 2 || plan.i32.length > 2) throw new Error(`writeRunRows: ${c.kind.type} has more fields than a run row compares`);
  const f0 = plan.f64.length > 0 ? c.column(plan.f64[0]!.field) : null, f1 = plan.f64.length > 1 ? c.column(plan.f64[1]!.field) : null;
  const i0 = plan.i32.length > 0 ? c.column(plan.i32[0]!.field) : null, i1 = plan.i32.length > 1 ? c.column(plan.i32[1]!.field) : null;
  const flagged = plan.bools.length > 0, ref = plan.ref;
  // The row's columns, looked up once per batch (a flush hands over another batch).
  let b = w.batch, dst = rowColumns(b, plan);
  for (let i = from; i < to;) {
    const r0 = rows === null ? i : rows[i]!;
    const id0 = symbols.idIn(c.symbols, names, sym[r0]!);
    const t0 = time[r0], row0 = ref ? (inputRow === null ? r0 : inputRow[r0]!) : 0;
    let j = i + 1;
    for (; j < to; j++) {
      const r = rows === null ? j : rows[j]!, len = j - i;
      if (time[r] !== t0) break;
      let id = names[sym[r]!]!;
      if (id < 0) id = symbols.idIn(c.symbols, names, sym[r]!);
      if (id !== id0 + len) break;
      if (ref && (inputRow === null ? r : inputRow[r]!) !== row0 + len) break;
      if (flagged && code![r] !== code![r0]) break;
      if (f0 !== null && (f0[r] !== f0[r0] || (f1 !== null && f1[r] !== f1[r0]))) break;
      if (i0 !== null && (i0[r] !== i0[r0] || (i1 !== null && i1[r] !== i1[r0]))) break;
    }
    const m = w.runRow(j - i);
    if (w.batch !== b) { b = w.batch; dst = rowColumns(b, plan); }
    const k = b.n - 1;
    b.seq[k] = base + i; b.time[k] = t0!; b.type[k] = plan.typeIndex; b.symbol[k] = id0;
    if (m > 1) b.run.set(k, m);
    if (ref) b.setRef(k, input!, row0);
    if (dst.f0 !== null) { dst.f0.set(k, f0![r0]!); if (dst.f1 !== null) dst.f1.set(k, f1![r0]!); }
    if (dst.i0 !== null) { dst.i0.set(k, i0![r0]!); if (dst.i1 !== null) dst.i1.set(k, i1![r0]!); }
    if (dst.late !== null) dst.late.set(k, code![r0] === dst.lateFlag);
    if (dst.history !== null) dst.history.set(k, code![r0] === dst.historyFlag);
    i += m;
  }
}

/** Where writeRunRows puts a row's fields in a batch: a plan's (at most two) timestamps, integers, and the flags with their codes. */
function rowColumns(b: LogBatch, plan: RowPlan) {
  const flag = (col: BoolColumn) => plan.bools.find((x) => x.col === col) ?? null;
  const late = flag('late'), history = flag('history');
  return {
    f0: plan.f64.length > 0 ? b[plan.f64[0]!.col] : null, f1: plan.f64.length > 1 ? b[plan.f64[1]!.col] : null,
    i0: plan.i32.length > 0 ? b[plan.i32[0]!.col] : null, i1: plan.i32.length > 1 ? b[plan.i32[1]!.col] : null,
    late: late === null ? null : b.late, lateFlag: late?.code ?? 0,
    history: history === null ? null : b.history, historyFlag: history?.code ?? 0,
  };
}

/** New rows k0 .. k0 + m - 1 of a column (null until now) hold values. */
function markValid(col: F64Col | I32Col | BoolCol, k0: number, m: number): void {
  col.valid.fill(1, k0, k0 + m);
  col.nonNull += m;
}

/** New rows k0 .. k0 + m - 1 of a nullable column, from `src` at the rows of elements at .. at + m - 1. */
function fillNumbers(col: F64Col | I32Col, k0: number, m: number, src: ArrayLike<number>, rows: Int32Array | null, at: number): void {
  const values = col.values;
  if (rows === null) for (let j = 0; j < m; j++) values[k0 + j] = src[at + j]!;
  else for (let j = 0; j < m; j++) values[k0 + j] = src[rows[at + j]!]!;
  markValid(col, k0, m);
}

function fillFlags(col: BoolCol, k0: number, m: number, code: Uint8Array, flag: number, rows: Int32Array | null, at: number): void {
  const values = col.values;
  for (let j = 0; j < m; j++) values[k0 + j] = code[rows === null ? at + j : rows[at + j]!] === flag ? 1 : 0;
  markValid(col, k0, m);
}

/**
 * The `data` text of row r: the fields without a typed column, as the event object's would be
 * (canonical(tagNonFinite(fields))), written field by field in canonical key order without
 * building the object.
 */
function dataText(c: ColumnarSlice, plan: RowPlan, r: number): string {
  let out = '{';
  for (const { field, source, key } of plan.data) {
    const v = source === 'number' ? c.column(field)[r] : c.valueAt(field, r);
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${key}:${canonicalTagged(v)}`;
  }
  return out + '}';
}
