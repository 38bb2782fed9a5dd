import type { SimEvent } from '../events/index.js';
import { canonical } from '../kernel/canonical.js';
import type { LazySlice } from '../kernel/lazy.js';
import { columnarSlice, DELIVERY, type BarSliceData, type DerivedSliceData, type GapSliceData } from '../state/index.js';
import type { LogBatch, SymbolTable } from './log-batch.js';
import { logTypeIndex } from './log-format.js';

/** Where rows go: the event log writer's batch being filled. */
export interface RowTarget {
  readonly batch: LogBatch;
  readonly symbols: SymbolTable;
  /** Bars in full (else by reference where a bar's input row is known). */
  readonly full: boolean;
  /** Starts a row: its index in `batch`. */
  row(seq: number, time: number, typeIndex: number): number;
}

const BAR = logTypeIndex('BarArrived'), DERIVED = logTypeIndex('DerivedBarCompleted'), GAP = logTypeIndex('GapDetected');
const { LATE, HISTORY } = DELIVERY;

/**
 * Writes elements [from, to) of a lazy slice (element i with seq base + i) as log rows straight
 * from its columns, and returns true; false for a kind without columns (written event by event).
 * `dayInput` is the manifest input of the day being run: a bar by reference points into it.
 */
export function writeSliceRows(slice: LazySlice<SimEvent>, from: number, to: number, base: number, w: RowTarget, dayInput: () => number | undefined): boolean {
  const c = columnarSlice(slice);
  switch (c?.type) {
    case 'BarArrived': barRows(c, from, to, base, w, dayInput()); return true;
    case 'DerivedBarCompleted': derivedRows(c, from, to, base, w); return true;
    case 'GapDetected': gapRows(c, from, to, base, w); return true;
    default: return false;
  }
}

function barRows(slice: BarSliceData, from: number, to: number, base: number, w: RowTarget, input: number | undefined): void {
  const b = w.batch, d = slice.day, names = w.symbols.idsOf(d.symbols);
  const byRef = !w.full && input !== undefined;
  for (let i = from; i < to; i++) {
    const r = slice.rows[i]!, kind = slice.kind[r]!;
    const k = w.row(base + i, slice.deliverAt[r]!, BAR);
    b.symbol[k] = names[d.sym[r]!]!;
    b.start.set(k, d.ts[r]!);
    b.late.set(k, kind === LATE);
    b.history.set(k, kind === HISTORY);
    if (byRef) b.setRef(k, input, d.fileRow?.[r] ?? r);
    else if (w.full) b.setPrices(k, d.open[r]!, d.high[r]!, d.low[r]!, d.close[r]!, d.volume[r]!);
    else b.data[k] = canonical({ open: d.open[r]!, high: d.high[r]!, low: d.low[r]!, close: d.close[r]!, volume: d.volume[r]! });
  }
}

/** By reference a derived bar's prices are left out: replay aggregates them back from its bars. */
function derivedRows(slice: DerivedSliceData, from: number, to: number, base: number, w: RowTarget): void {
  const b = w.batch, names = w.symbols.idsOf(slice.symbols);
  for (let i = from; i < to; i++) {
    const k = w.row(base + i, slice.time[i]!, DERIVED);
    b.symbol[k] = names[slice.sym[i]!]!;
    b.start.set(k, slice.start[i]!);
    b.end.set(k, slice.end[i]!);
    b.minutes.set(k, slice.minutes[i]!);
    b.count.set(k, slice.count[i]!);
    if (w.full) b.setPrices(k, slice.open[i]!, slice.high[i]!, slice.low[i]!, slice.close[i]!, slice.volume[i]!);
  }
}

function gapRows(slice: GapSliceData, from: number, to: number, base: number, w: RowTarget): void {
  const b = w.batch, data = `{"date":${JSON.stringify(slice.date)}}`, names = w.symbols.idsOf(slice.symbols);
  for (let i = from; i < to; i++) {
    const k = w.row(base + i, slice.time[i]!, GAP);
    b.symbol[k] = names[slice.sym[i]!]!;
    b.start.set(k, slice.from[i]!);
    b.end.set(k, slice.to[i]!);
    b.count.set(k, slice.missing[i]!);
    b.data[k] = data;
  }
}
