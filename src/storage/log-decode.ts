import * as A from 'apache-arrow';
import { ColumnarSlice, DELIVERY, kindOf, type ColumnarKind, type NumericColumn } from '../columnar/index.js';
import { SimError, showValue } from '../errors.js';
import { EVENT_TYPES, isEventType, rankOf, type SimEvent } from '../events/index.js';
import { tailCache, type TailCache } from '../kernel/index.js';
import { boolAt, has, RowMask, type BoolColumn, type NumberColumn } from './batch-columns.js';
import { eventColumns } from './log-columns.js';
import { FIELD_COLUMNS, PRICE_FIELDS, untagNonFinite, type BarRef } from './log-format.js';

// A checked record batch of the event log as events: runs of rows of a columnar kind (bars,
// derived bars, gaps) become lazy slices over the batch's own columns, which the state folds and
// the hash reads without an object per event; every other row becomes its event object.

/** Consecutive rows of one columnar kind with consecutive seqs: element i is the event with seq `base + i`. */
export interface LogRun {
  readonly slice: ColumnarSlice;
  readonly base: number;
  /**
   * A log by reference read as runs (`byRef`): the slice has no price columns yet. Bars have each
   * element's input and row here; derived bars null (their prices come from the day's bars).
   */
  readonly unpriced?: { readonly input: ArrayLike<number>; readonly row: ArrayLike<number> } | null;
}

/** An event of a decoded batch, or a run of them. */
export type LogItem = SimEvent | LogRun;

export function isRun(item: LogItem): item is LogRun {
  return (item as LogRun).slice !== undefined;
}

/** A log's batch of events, decoded. */
export interface LogEvents {
  /** Index in the log of the batch's first event. */
  readonly first: number;
  /** The batch's events in log order: event objects, and runs of columnar rows (logs with bars in full; by reference with `byRef`). */
  readonly items: LogItem[];
  /** Reference per item (null for a run), for `bars: 'ref'` logs. */
  readonly refs: (BarRef | null)[];
  /** Events in the batch. */
  readonly length: number;
}

/** The events of a decoded batch as objects, in order. */
export function eventsOf(b: LogEvents): SimEvent[] {
  const out: SimEvent[] = [];
  for (const item of b.items) {
    if (!isRun(item)) { out.push(item); continue; }
    const { slice, base } = item;
    for (let i = 0; i < slice.length; i++) out.push(slice.materialize(i, base + i));
  }
  return out;
}

/** The (time, rank, seq) key of the last event decoded, to check the next batch follows it. */
export interface OrderKey { time: number; rank: number; seq: number }

/**
 * What the runs of a stream's batches share: the symbol dictionary's names (one array while the
 * dictionary is the same), and per kind and text the cache of hash-record tails, so that a
 * symbol's tail is encoded once per log rather than once per run.
 */
export class RunCache {
  names: readonly (string | null)[] = [];
  readonly tails = new Map<string, TailCache>();

  /** The names, the cached array when they are the same (its caches then stay valid). */
  same(names: readonly (string | null)[]): readonly (string | null)[] {
    const old = this.names;
    if (old.length === names.length && old.every((n, i) => n === names[i])) return old;
    this.names = names;
    this.tails.clear();
    return names;
  }

  tailsOf(kind: ColumnarKind, text: string | null, n: number): TailCache {
    const key = `${kind.type}\u0000${text ?? ''}`;
    let t = this.tails.get(key);
    if (t === undefined) {
      // One per kind and text: a gap's text holds its date, so a long log would keep one per day.
      if (this.tails.size >= 64) this.tails.clear();
      t = tailCache(n);
      this.tails.set(key, t);
    }
    return t;
  }
}

/** Per type, the columns its typed fields were written to (column -> field). */
const COLUMN_FIELDS = new Map(Object.entries(FIELD_COLUMNS).map(([type, m]) => [type, Object.entries(m!).map(([field, column]) => [column, field] as const)]));
const RANKS = new Map(EVENT_TYPES.map((t) => [t as string, rankOf(t)]));

/** One typed field of a batch, read for a row that becomes an event object: undefined where null. */
interface FieldReader {
  readonly field: string;
  readonly at: (i: number) => number | boolean | undefined;
}

/** Keys `data` may not set: the row's own columns, and a prototype. */
const RESERVED = new Set(['type', 'time', 'seq', '__proto__']);

/** What the rows of a columnar kind need to be a run: its numeric fields' columns, and how its other fields are kept. */
interface RunPlan {
  readonly kind: ColumnarKind;
  /** field -> the batch column holding it. */
  readonly numbers: readonly (NumberColumn & { readonly field: string })[];
  /** For bars: the late and history flags, as a DELIVERY code. */
  readonly flags: { readonly late: BoolColumn; readonly history: BoolColumn } | null;
  /** For gaps: the one text field, kept in `data` as {"<field>": text}. */
  readonly text: string | null;
  /** The batch's rows whose columns fit the kind (all but the text, which is tested per row). */
  readonly fit: RowMask;
  /**
   * A log by reference read as runs: how the kind's prices come back. 'input-row': rows with a
   * reference and no prices; 'aggregate': rows with no prices; null: rows as in a full log.
   */
  readonly unpriced: 'input-row' | 'aggregate' | null;
}

/**
 * A checked batch's rows as events. Its bytes are as the writer wrote them, so what is refused
 * here is a log made to look like one: an unknown type, `data` that is not a JSON object, a
 * reference to an input the log has not pinned (a bar by reference must come after its file's
 * hash, so that a log cut short still pins every file it uses), events out of (time, rank, seq)
 * order. With `runs`, rows of a columnar kind whose every field is in its typed column come as
 * runs (see LogRun); `last` is updated to the batch's last key. The columns are read in place
 * (batch-columns.ts): a row costs a few bit tests unless it becomes an object. `byRef`: a log by
 * reference's bars and derived bars come as runs too, their prices left for the reader to fill in
 * (LogRun.unpriced).
 */
export function decodeBatch(batch: A.RecordBatch, at: { readonly file: string; readonly shown: string; readonly where: string; readonly first: number; readonly pins: readonly (string | null | undefined)[]; readonly runs: RunCache | null; readonly last: OrderKey | null; readonly byRef?: boolean }): { out: LogEvents; last: OrderKey | null } {
  const { where, first, pins, runs } = at;
  const byRef = at.byRef === true;
  const columns = eventColumns(batch, at);
  const { n, seq, time, types, data, refInput, refRow, numeric, bools } = columns;
  const typeIds = types.ids;
  const bad = (i: number, what: string): never => {
    throw new SimError('LOG_CORRUPT', `${where}: the event with seq ${seq[i]} ${what}`, { row: first + i, value: seq[i] });
  };
  /** A bar by reference comes after its input's pinned hash (a log cut short still pins every file it uses). */
  const checkPinned = (i: number, input: number): void => {
    if (typeof pins[input] !== 'string') bad(i, `refers to input ${input}, whose sha256 the log has not pinned before it`);
  };

  // The order, on the columns: (time, rank, seq) strictly increases, across batches too.
  let pt = at.last?.time ?? NaN, pr = at.last?.rank ?? NaN, ps = at.last?.seq ?? NaN;
  let lastId = -2, rank = 0;
  for (let i = 0; i < n; i++) {
    const id = typeIds[i]!;
    if (id !== lastId) {
      const t = id < 0 ? null : types.names[id] ?? null;
      if (!isEventType(t)) return bad(i, `has an unknown type ${showValue(t)}`);
      lastId = id;
      rank = RANKS.get(t)!;
    }
    const ti = time[i]!, si = seq[i]!;
    const cmp = i === 0 && at.last === null ? -1 : pt - ti || pr - rank || ps - si;
    if (!(cmp < 0)) throw new SimError('LOG_CORRUPT', `${at.shown}: event ${first + i} (seq ${si}) is out of (time, rank, seq) order`, { file: at.file, row: first + i });
    pt = ti; pr = rank; ps = si;
  }
  const prev: OrderKey | null = n === 0 ? at.last : { time: pt, rank: pr, seq: ps };

  // Symbols: the dictionary's names once, each row's id into them.
  const decoded = columns.symbols;
  const ids = decoded.ids, names = runs === null ? decoded.names : runs.same(decoded.names);
  const symbolAt = (i: number) => (ids[i]! < 0 ? null : names[ids[i]!]!);

  const readers = new Map<string, FieldReader[]>();
  const readersOf = (t: string): FieldReader[] => {
    let list = readers.get(t);
    if (list === undefined) {
      list = [];
      for (const [column, field] of COLUMN_FIELDS.get(t) ?? []) {
        const c = numeric.get(column), b = bools.get(column);
        if (c !== undefined) list.push({ field, at: (i) => (has(c, i) ? c.values[i] : undefined) });
        else if (b !== undefined) list.push({ field, at: (i) => (has(b, i) ? boolAt(b, i) : undefined) });
      }
      readers.set(t, list);
    }
    return list;
  };
  const plans = new Map<number, RunPlan | null>();
  const planOf = (id: number): RunPlan | null => {
    if (runs === null) return null;
    let plan = plans.get(id);
    if (plan === undefined) {
      const p = runPlan(types.names[id]!, numeric, bools, byRef);
      const unpriced = byRef ? p?.kind.prices ?? null : null;
      // By reference, bars are runs only where both reference columns are there to point into.
      plan = p === null || (unpriced === 'input-row' && (refInput === null || refRow === null)) ? null : { ...p, unpriced, fit: fitMask({ ...p, unpriced }) };
      plans.set(id, plan);
    }
    return plan;
  };
  // A gap's date is the same text over many rows: read once per distinct text.
  const texts = new Map<string, string | null>();
  const textAt = (i: number, field: string): string | null => {
    const d = data.at(i);
    if (d === null) return null;
    let v = texts.get(d);
    if (v === undefined) { v = textOf(d, field); texts.set(d, v); }
    return v;
  };
  /**
   * The rows that can be run elements of a kind: a symbol, no reference, every numeric field in
   * its column, for bars both flags and not both set, and `data` null (or, for a text field, set).
   */
  const fitMask = (plan: Omit<RunPlan, 'fit'>): RowMask => {
    const m = new RowMask(n);
    const sv = columns.symbolValid;
    m.and(sv.bits, sv.off);
    if (plan.unpriced === 'input-row') m.and(refInput!.bits, refInput!.off).and(refRow!.bits, refRow!.off);
    else if (refInput !== null) m.andNot(refInput.bits, refInput.off);
    for (const c of plan.numbers) m.and(c.bits, c.off);
    const f = plan.flags;
    if (f !== null) m.and(f.late.bits, f.late.off).and(f.history.bits, f.history.off).andNotBoth(f.late.valueBits, f.late.voff, f.history.valueBits, f.history.voff);
    if (plan.text === null) m.andNot(data.valid.bits, data.valid.off);
    else m.and(data.valid.bits, data.valid.off);
    return m;
  };
  /** The row as a run element: true when every field of its kind is in its typed column. */
  const fits = (plan: RunPlan, i: number): boolean => plan.fit.has(i) && (plan.text === null || textAt(i, plan.text) !== null);

  const items: LogItem[] = [];
  const refs: (BarRef | null)[] = [];
  for (let i = 0; i < n;) {
    const id = typeIds[i]!, t = types.names[id]!;
    const plan = planOf(id);
    if (plan !== null && fits(plan, i)) {
      const text = plan.text === null ? null : data.at(i);
      let j = i + 1;
      if (text === null) {
        // The usual run (bars, derived bars): its mask alone decides, without `fits` and its text test per event.
        const fit = plan.fit;
        while (j < n && typeIds[j] === id && seq[j] === seq[j - 1]! + 1 && fit.has(j)) j++;
      } else {
        while (j < n && typeIds[j] === id && seq[j] === seq[j - 1]! + 1 && data.at(j) === text && fits(plan, j)) j++;
      }
      const slice = runSlice(plan, i, j, time, names, ids, text === null ? null : { field: plan.text!, data: text, text: textAt(i, plan.text!)! }, runs!);
      if (plan.unpriced === null) items.push({ slice, base: seq[i]! });
      else if (plan.unpriced === 'aggregate') items.push({ slice, base: seq[i]!, unpriced: null });
      else {
        const input = refInput!.values.subarray(i, j), row = refRow!.values.subarray(i, j);
        for (let k = i; k < j; k++) checkPinned(k, input[k - i]!);
        items.push({ slice, base: seq[i]!, unpriced: { input, row } });
      }
      refs.push(null);
      i = j;
      continue;
    }
    const e: Record<string, unknown> = { type: t, time: time[i]!, seq: seq[i]! };
    const s = symbolAt(i);
    if (s !== null) e.symbol = s;
    for (const f of readersOf(t)) {
      const v = f.at(i);
      if (v !== undefined) e[f.field] = v;
    }
    const d = data.at(i);
    if (d !== null) {
      let rest: unknown;
      // The reviver (a non-finite number is written {"$n": "NaN"}) only where one can be: a reviver
      // makes JSON.parse several times slower, and most data has none.
      try { rest = d.includes('"$n"') ? JSON.parse(d, untagNonFinite) : JSON.parse(d); } catch { rest = null; }
      if (typeof rest !== 'object' || rest === null || Array.isArray(rest)) bad(i, `has data that is not a JSON object: ${showValue(d)}`);
      for (const k of Object.keys(rest as object)) if (RESERVED.has(k)) bad(i, `sets ${showValue(k)} in its data`);
      Object.assign(e, rest as object);
    }
    const ref = refInput !== null && refRow !== null && has(refInput, i);
    if (ref) {
      const input = refInput!.values[i]!;
      checkPinned(i, input);
      if (!has(refRow!, i)) bad(i, 'has a reference without a row');
    }
    refs.push(ref ? { input: refInput!.values[i]!, row: refRow!.values[i]! } : null);
    items.push(e as unknown as SimEvent);
    i++;
  }
  return { out: { first, items, refs, length: n }, last: prev };
}

/**
 * The run plan of a type: null for a type that is not a columnar kind, or a log without one of its
 * columns. `byRef`: a log by reference, which has no price columns; a kind whose prices come back
 * is planned without them.
 */
function runPlan(type: string, numeric: ReadonlyMap<string, NumberColumn>, bools: ReadonlyMap<string, BoolColumn>, byRef: boolean): Omit<RunPlan, 'fit' | 'unpriced'> | null {
  const kind = kindOf(type);
  const map = FIELD_COLUMNS[type as SimEvent['type']];
  if (kind === undefined || map === undefined) return null;
  const out: RunPlan['numbers'][number][] = [];
  let flagged = false, text: string | null = null;
  for (const [field, source] of Object.entries(kind.fields)) {
    if (field === 'time' || source === 'symbol') continue;
    if (source === 'text') { if (text !== null) return null; text = field; continue; }
    if (typeof source === 'object') { flagged = true; continue; }
    if (byRef && kind.prices !== undefined && PRICE_FIELDS.has(field)) continue;
    const c = numeric.get(map[field] ?? '');
    if (c === undefined) return null;
    out.push({ field, ...c });
  }
  // A flag is either late or history: the kinds that have flags have exactly those two.
  let flags: RunPlan['flags'] = null;
  if (flagged) {
    const late = bools.get('late'), history = bools.get('history');
    if (kind.fields.late === undefined || kind.fields.history === undefined || late === undefined || history === undefined) return null;
    flags = { late, history };
  }
  return { kind, numbers: out, flags, text };
}

/** The text of a row's `data` when it is exactly {"<field>": a string}, as the writer writes a gap's date; else null. */
function textOf(d: string | null, field: string): string | null {
  if (d === null) return null;
  const head = `{"${field}":"`;
  if (!d.startsWith(head) || !d.endsWith('"}')) return null;
  let v: unknown;
  try { v = (JSON.parse(d) as Record<string, unknown>)[field]; } catch { return null; }
  return typeof v === 'string' && JSON.stringify({ [field]: v }) === d ? v : null;
}

/** Rows [a, b) of the batch as a lazy slice of their kind, over views of the batch's columns. */
function runSlice(plan: RunPlan, a: number, b: number, time: Float64Array, names: readonly (string | null)[], ids: Int32Array, text: { field: string; data: string; text: string } | null, cache: RunCache): ColumnarSlice {
  const columns: Record<string, NumericColumn> = { time: time.subarray(a, b) };
  for (const c of plan.numbers) columns[c.field] = c.values.subarray(a, b);
  let code: Uint8Array | null = null;
  const f = plan.flags;
  if (f !== null) {
    code = new Uint8Array(b - a);
    for (let i = a; i < b; i++) code[i - a] = boolAt(f.history, i) ? DELIVERY.HISTORY : boolAt(f.late, i) ? DELIVERY.LATE : DELIVERY.LIVE;
  }
  // The tails cache is per text too: a record's tail holds its text fields.
  const tails = cache.tailsOf(plan.kind, text?.data ?? null, names.length * Math.max(plan.kind.codes, 1));
  return new ColumnarSlice(plan.kind, { rows: null, length: b - a, columns, symbols: names as string[], sym: ids.subarray(a, b), code, text: text === null ? {} : { [text.field]: text.text }, tails } as never);
}
