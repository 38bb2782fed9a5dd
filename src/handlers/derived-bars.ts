import { ColumnarSlice, DELIVERY, DERIVED_BAR_COMPLETED, type DerivedSlice } from '../columnar/index.js';
import { FRESH, OhlcvCells, type ArrayAlloc, type DayPlan } from '../state/index.js';

const { NOT_DELIVERED } = DELIVERY;

/**
 * The day's derived bars for each interval, as one lazy slice in completion order. A window that
 * has bars completes at max(window end, the instant the data became ready): its last bar arrives
 * at the window end unless it was delivered late, at readiness. So the completion time depends on
 * the window only, and the order is (time, interval, symbol); windows completing together at
 * readiness come symbol by symbol, oldest window first. The aggregation's cells come from
 * `scratch`, the slice's columns from `arrays` (a collector may keep them for the whole run).
 */
export function derivedSlice(plan: DayPlan, intervals: readonly number[], scratch: ArrayAlloc = FRESH, arrays: ArrayAlloc = FRESH): DerivedSlice {
  const { day, open, close, readyAt } = plan;
  const nSym = day.symbols.length;
  const parts = aggregates(plan, intervals, scratch);
  const total = parts.reduce((n, p) => n + p.filled, 0);
  // Elements [0, n) are written, and only they are seen (the columns are cut at n).
  const time = arrays.f64ToFill(total), sym = arrays.i32ToFill(total), mins = arrays.i32ToFill(total), start = arrays.f64ToFill(total), end = arrays.f64ToFill(total);
  const o = arrays.f64ToFill(total), h = arrays.f64ToFill(total), l = arrays.f64ToFill(total), c = arrays.f64ToFill(total), v = arrays.f64ToFill(total), cnt = arrays.i32ToFill(total);
  let n = 0;
  const put = (p: Aggregate, k: number, from: number, to: number) => {
    const a = p.cells, count = a.count, base = k * nSym;
    const ws = open + k * p.width;
    const we = Math.min(ws + p.width, close);
    const at = Math.max(we, readyAt);
    for (let s = from; s < to; s++) {
      const cell = base + s;
      if (count[cell] === 0) continue;
      time[n] = at; sym[n] = s; mins[n] = p.minutes; start[n] = ws; end[n] = we;
      o[n] = a.open[cell]!; h[n] = a.high[cell]!; l[n] = a.low[cell]!; c[n] = a.close[cell]!; v[n] = a.volume[cell]!; cnt[n] = count[cell]!;
      n++;
    }
  };
  // Windows ending at or before readiness all complete at readiness: per interval, symbol by symbol.
  const firstLive = parts.map((p) => { let k = 0; while (k < p.windows && Math.min(open + (k + 1) * p.width, close) <= readyAt) k++; return k; });
  parts.forEach((p, i) => { for (let s = 0; s < nSym; s++) for (let k = 0; k < firstLive[i]!; k++) put(p, k, s, s + 1); });
  // Then merge the intervals' later windows by completion time (interval order breaks ties).
  const next = [...firstLive];
  for (;;) {
    let best = -1, bestEnd = Infinity;
    parts.forEach((p, i) => {
      if (next[i]! >= p.windows) return;
      const we = Math.min(open + (next[i]! + 1) * p.width, close);
      if (we < bestEnd) { bestEnd = we; best = i; }
    });
    if (best < 0) break;
    const p = parts[best]!;
    put(p, next[best]!, 0, nSym);
    next[best]!++;
  }
  return new ColumnarSlice(DERIVED_BAR_COMPLETED, {
    rows: null, length: n, symbols: day.symbols, sym: sym.subarray(0, n), code: null, text: {}, lease: arrays,
    columns: {
      time: time.subarray(0, n), minutes: mins.subarray(0, n), start: start.subarray(0, n), end: end.subarray(0, n),
      open: o.subarray(0, n), high: h.subarray(0, n), low: l.subarray(0, n), close: c.subarray(0, n), volume: v.subarray(0, n), count: cnt.subarray(0, n),
    },
  });
}

interface Aggregate {
  readonly minutes: number;
  readonly width: number;
  readonly windows: number;
  readonly filled: number;
  /** Every volume sum is exact (whole volumes, total below 2^53): sums can be regrouped. */
  readonly exactSums: boolean;
  /** One cell per (window, symbol): window * symbols + symbol. */
  readonly cells: OhlcvCells;
}

/** An empty aggregate of one interval over the session [open, close). */
function emptyAggregate(plan: DayPlan, minutes: number, arrays: ArrayAlloc): Aggregate & { filled: number; exactSums: boolean } {
  const width = minutes * 60_000;
  const windows = Math.max(0, Math.ceil((plan.close - plan.open) / width));
  return { minutes, width, windows, filled: 0, exactSums: false, cells: new OhlcvCells(windows * plan.day.symbols.length, arrays) };
}

/** OHLCV per (window, symbol) cell of one interval, in one pass over the day's delivered rows. */
function aggregateRows(plan: DayPlan, minutes: number, arrays: ArrayAlloc): Aggregate {
  const a = emptyAggregate(plan, minutes, arrays);
  const { filled, volume, wholeVolumes } = a.cells.addRows(plan.day, plan.kind, NOT_DELIVERED, plan.open, a.width, plan.day.symbols.length);
  a.filled = filled;
  a.exactSums = wholeVolumes && volume <= Number.MAX_SAFE_INTEGER;
  return a;
}

/**
 * A coarser interval from a finer one that divides it: both grids start at the open, so each
 * coarse window is whole fine windows (the last one cut at the close alike): the same first open,
 * extreme high and low and last close. Used only when the fine sums are exact (whole volumes,
 * total below 2^53), so that the volume does not depend on the order of the additions.
 */
function aggregateFrom(plan: DayPlan, fine: Aggregate, minutes: number, arrays: ArrayAlloc): Aggregate {
  const a = emptyAggregate(plan, minutes, arrays);
  const { cells } = a;
  const nSym = plan.day.symbols.length;
  const ratio = minutes / fine.minutes;
  let filled = 0;
  for (let w = 0; w < a.windows; w++) {
    const base = w * nSym;
    for (let j = 0; j < ratio; j++) {
      const fw = w * ratio + j;
      if (fw >= fine.windows) break;
      const fbase = fw * nSym;
      for (let s = 0; s < nSym; s++) if (cells.addCell(base + s, fine.cells, fbase + s)) filled++;
    }
  }
  a.filled = filled;
  a.exactSums = true;
  return a;
}

/** Each interval's aggregate, built from a finer interval that divides it when its sums are exact. */
function aggregates(plan: DayPlan, intervals: readonly number[], arrays: ArrayAlloc): Aggregate[] {
  const done = new Map<number, Aggregate>();
  for (const m of [...new Set(intervals)].sort((a, b) => a - b)) {
    let fine: Aggregate | undefined;
    for (const [d, agg] of done) if (agg.exactSums && m % d === 0 && (fine === undefined || d > fine.minutes)) fine = agg;
    done.set(m, fine === undefined ? aggregateRows(plan, m, arrays) : aggregateFrom(plan, fine, m, arrays));
  }
  return intervals.map((m) => done.get(m)!);
}
