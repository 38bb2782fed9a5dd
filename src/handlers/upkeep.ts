import { ev, type SimDraft, type SimEvent } from '../events/index.js';
import type { Emitted, HandlerTable } from '../kernel/index.js';
import type { DayData, SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { DerivedSlice } from './derived-slice.js';
import { GapSlice } from './gap-slice.js';
import { breakOf, inSession, LATE, NOT_DELIVERED, planDay, type DayPlan } from './day-plan.js';

/** The session's expected bar starts: the interval grid over [open, close) without the break. */
function expectedStarts(open: number, close: number, breakStart: number, breakEnd: number, step: number): Float64Array {
  const out: number[] = [];
  for (let t = open; t < close; t += step) if (inSession(t, open, close, breakStart, breakEnd)) out.push(t);
  return Float64Array.from(out);
}

/**
 * The day's derived bars for each interval, as one lazy slice in completion order. A window that
 * has bars completes at max(window end, the instant the data became ready): its last bar arrives
 * at the window end unless it was delivered late, at readiness. So the completion time depends on
 * the window only, and the order is (time, interval, symbol); windows completing together at
 * readiness come symbol by symbol, oldest window first.
 */
function derivedSlice(plan: DayPlan, intervals: readonly number[]): DerivedSlice {
  const { day, open, close, readyAt } = plan;
  const nSym = day.symbols.length;
  const parts = aggregates(plan, intervals);
  const total = parts.reduce((n, p) => n + p.filled, 0);
  const time = new Float64Array(total), sym = new Int32Array(total), mins = new Int32Array(total), start = new Float64Array(total), end = new Float64Array(total);
  const o = new Float64Array(total), h = new Float64Array(total), l = new Float64Array(total), c = new Float64Array(total), v = new Float64Array(total), cnt = new Int32Array(total);
  let n = 0;
  const put = (p: Aggregate, k: number, s: number) => {
    const cell = k * nSym + s;
    if (p.count[cell] === 0) return;
    const ws = open + k * p.width;
    const we = Math.min(ws + p.width, close);
    time[n] = Math.max(we, readyAt); sym[n] = s; mins[n] = p.minutes; start[n] = ws; end[n] = we;
    o[n] = p.open[cell]!; h[n] = p.high[cell]!; l[n] = p.low[cell]!; c[n] = p.close[cell]!; v[n] = p.volume[cell]!; cnt[n] = p.count[cell]!;
    n++;
  };
  // Windows ending at or before readiness all complete at readiness: per interval, symbol by symbol.
  const firstLive = parts.map((p) => { let k = 0; while (k < p.windows && Math.min(open + (k + 1) * p.width, close) <= readyAt) k++; return k; });
  parts.forEach((p, i) => { for (let s = 0; s < nSym; s++) for (let k = 0; k < firstLive[i]!; k++) put(p, k, s); });
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
    for (let s = 0; s < nSym; s++) put(p, next[best]!, s);
    next[best]!++;
  }
  return new DerivedSlice(day.symbols, time.subarray(0, n), sym.subarray(0, n), mins.subarray(0, n), start.subarray(0, n), end.subarray(0, n), o.subarray(0, n), h.subarray(0, n), l.subarray(0, n), c.subarray(0, n), v.subarray(0, n), cnt.subarray(0, n));
}

interface Aggregate {
  readonly minutes: number;
  readonly width: number;
  readonly windows: number;
  readonly filled: number;
  /** Every volume sum is exact (whole volumes, total below 2^53): sums can be regrouped. */
  readonly exactSums: boolean;
  readonly count: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** An empty aggregate of one interval over the session [open, close). */
function emptyAggregate(plan: DayPlan, minutes: number): Aggregate & { filled: number; exactSums: boolean } {
  const width = minutes * 60_000;
  const windows = Math.max(0, Math.ceil((plan.close - plan.open) / width));
  const cells = windows * plan.day.symbols.length;
  return { minutes, width, windows, filled: 0, exactSums: false, count: new Int32Array(cells), open: new Float64Array(cells), high: new Float64Array(cells), low: new Float64Array(cells), close: new Float64Array(cells), volume: new Float64Array(cells) };
}

/** OHLCV per (window, symbol) cell of one interval, in one pass over the day's delivered rows. */
function aggregateRows(plan: DayPlan, minutes: number): Aggregate {
  const { day, open, kind } = plan;
  const a = emptyAggregate(plan, minutes);
  const { width, count, open: o, high: h, low: l, close: c, volume: v } = a;
  const nSym = day.symbols.length;
  const { ts, sym } = day, dOpen = day.open, dHigh = day.high, dLow = day.low, dClose = day.close, dVolume = day.volume;
  let filled = 0, total = 0, integral = true;
  // Rows are in ts order: the window (a division) changes once per window, not per row.
  let windowEnd = -Infinity, base = 0;
  for (let i = 0; i < ts.length; i++) {
    if (kind[i] === NOT_DELIVERED) continue;
    const t = ts[i]!;
    if (t >= windowEnd) {
      const w = Math.floor((t - open) / width);
      windowEnd = open + (w + 1) * width;
      base = w * nSym;
    }
    const cell = base + sym[i]!;
    const vol = dVolume[i]!;
    total += vol;
    if (vol !== Math.floor(vol)) integral = false;
    if (count[cell] === 0) {
      filled++;
      o[cell] = dOpen[i]!; h[cell] = dHigh[i]!; l[cell] = dLow[i]!; c[cell] = dClose[i]!; v[cell] = vol; count[cell] = 1;
    } else {
      const hi = dHigh[i]!, lo = dLow[i]!;
      if (hi > h[cell]!) h[cell] = hi;
      if (lo < l[cell]!) l[cell] = lo;
      c[cell] = dClose[i]!; v[cell] = v[cell]! + vol; count[cell]!++;
    }
  }
  a.filled = filled;
  a.exactSums = integral && total <= Number.MAX_SAFE_INTEGER;
  return a;
}

/**
 * A coarser interval from a finer one that divides it: both grids start at the open, so each
 * coarse window is whole fine windows (the last one cut at the close alike): the same first open,
 * extreme high and low and last close. Used only when the fine sums are exact (whole volumes,
 * total below 2^53), so that the volume does not depend on the order of the additions.
 */
function aggregateFrom(plan: DayPlan, fine: Aggregate, minutes: number): Aggregate {
  const a = emptyAggregate(plan, minutes);
  const { count, open: o, high: h, low: l, close: c, volume: v } = a;
  const nSym = plan.day.symbols.length;
  const ratio = minutes / fine.minutes;
  let filled = 0;
  for (let w = 0; w < a.windows; w++) {
    const base = w * nSym;
    for (let j = 0; j < ratio; j++) {
      const fw = w * ratio + j;
      if (fw >= fine.windows) break;
      const fbase = fw * nSym;
      for (let s = 0; s < nSym; s++) {
        const f = fbase + s;
        const n = fine.count[f]!;
        if (n === 0) continue;
        const cell = base + s;
        if (count[cell] === 0) {
          filled++;
          o[cell] = fine.open[f]!; h[cell] = fine.high[f]!; l[cell] = fine.low[f]!; c[cell] = fine.close[f]!; v[cell] = fine.volume[f]!; count[cell] = n;
        } else {
          if (fine.high[f]! > h[cell]!) h[cell] = fine.high[f]!;
          if (fine.low[f]! < l[cell]!) l[cell] = fine.low[f]!;
          c[cell] = fine.close[f]!; v[cell] = v[cell]! + fine.volume[f]!; count[cell] = count[cell]! + n;
        }
      }
    }
  }
  a.filled = filled;
  a.exactSums = true;
  return a;
}

/** Each interval's aggregate, built from a finer interval that divides it when its sums are exact. */
function aggregates(plan: DayPlan, intervals: readonly number[]): Aggregate[] {
  const done = new Map<number, Aggregate>();
  for (const m of [...new Set(intervals)].sort((a, b) => a - b)) {
    let fine: Aggregate | undefined;
    for (const [d, agg] of done) if (agg.exactSums && m % d === 0 && (fine === undefined || d > fine.minutes)) fine = agg;
    done.set(m, fine === undefined ? aggregateRows(plan, m) : aggregateFrom(plan, fine, m));
  }
  return intervals.map((m) => done.get(m)!);
}

/**
 * Each day symbol's delivered bars, `first[k] .. first[k + 1]` in ts order: their start and
 * delivery instants copied out, so that walking one symbol reads memory in sequence.
 */
interface DeliveredBySymbol {
  readonly first: Int32Array;
  readonly ts: Float64Array;
  readonly at: Float64Array;
  readonly outside: Int32Array;
  readonly late: Int32Array;
}

function deliveredBySymbol(plan: DayPlan): DeliveredBySymbol {
  const { day, kind, deliverAt } = plan;
  const nSym = day.symbols.length;
  const count = new Int32Array(nSym), outside = new Int32Array(nSym), late = new Int32Array(nSym);
  const { sym } = day;
  for (let i = 0; i < sym.length; i++) {
    const k = sym[i]!;
    if (kind[i] === NOT_DELIVERED) outside[k]!++;
    else { count[k]!++; if (kind[i] === LATE) late[k]!++; }
  }
  const first = new Int32Array(nSym + 1);
  for (let k = 0; k < nSym; k++) first[k + 1] = first[k]! + count[k]!;
  const ts = new Float64Array(first[nSym]!), at = new Float64Array(first[nSym]!);
  const fill = first.slice(0, nSym);
  for (let i = 0; i < sym.length; i++) {
    if (kind[i] === NOT_DELIVERED) continue;
    const j = fill[sym[i]!]!++;
    ts[j] = day.ts[i]!; at[j] = deliverAt[i]!;
  }
  return { first, ts, at, outside, late };
}

/**
 * The order gaps become known in: by instant, then as found (universe order, then ts). A stable
 * counting sort over the distinct instants, which are few (at most the grid and two more).
 */
function knownOrder(at: readonly number[]): Int32Array {
  const distinct = Float64Array.from(at).sort();
  let nd = 0;
  for (let i = 0; i < distinct.length; i++) if (i === 0 || distinct[i] !== distinct[nd - 1]) distinct[nd++] = distinct[i]!;
  const rank = new Int32Array(at.length), counts = new Int32Array(nd + 1);
  for (let i = 0; i < at.length; i++) {
    let lo = 0, hi = nd;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (distinct[mid]! < at[i]!) lo = mid + 1; else hi = mid; }
    rank[i] = lo;
    counts[lo + 1]!++;
  }
  for (let r = 0; r < nd; r++) counts[r + 1]! += counts[r]!;
  const order = new Int32Array(at.length);
  for (let i = 0; i < at.length; i++) order[counts[rank[i]!]!++] = i;
  return order;
}

/**
 * Gaps (maximal runs of missing expected starts) and the quality figures, per universe symbol.
 * A gap becomes known when the symbol's next bar after it is delivered, or at the close: the
 * day's gaps are one slice in (that instant, universe order) order.
 */
function gapsAndQuality(ctx: RunContext, s: SessionState, plan: DayPlan | null, date: string, out: Emitted<SimEvent>[]): void {
  const [breakStart, breakEnd] = plan === null ? breakOf(ctx, date) : [plan.breakStart, plan.breakEnd];
  const grid = expectedStarts(s.open, s.close, breakStart, breakEnd, ctx.intervalMs);
  const day: DayData | null = plan?.day ?? null;
  const by = plan === null ? null : deliveredBySymbol(plan);
  const dayIndex = new Map((day?.symbols ?? []).map((name, k) => [name, k]));
  const ts = by?.ts ?? new Float64Array(0), at = by?.at ?? new Float64Array(0);
  const gAt: number[] = [], gSym: number[] = [], gFrom: number[] = [], gTo: number[] = [], gMissing: number[] = [];
  const quality: SimDraft[] = [];
  const nGrid = grid.length;
  for (let u = 0; u < ctx.symbols.length; u++) {
    const symbol = ctx.symbols[u]!;
    const k = dayIndex.get(symbol) ?? -1;
    const from = k < 0 || by === null ? 0 : by.first[k]!;
    const to = k < 0 || by === null ? 0 : by.first[k + 1]!;
    // Delivered bars are in session and on the grid, in ts order: walk both together.
    let j = from;
    let next = j < to ? ts[j]! : Infinity;
    let gapFrom = 0, gapTo = 0, missing = 0;
    for (let g = 0; g < nGrid; g++) {
      const t = grid[g]!;
      if (t === next) {
        if (missing > 0) { gAt.push(at[j]!); gSym.push(u); gFrom.push(gapFrom); gTo.push(gapTo); gMissing.push(missing); missing = 0; }
        j++;
        next = j < to ? ts[j]! : Infinity;
      } else {
        if (missing === 0) gapFrom = t;
        gapTo = t;
        missing++;
      }
    }
    if (missing > 0) { gAt.push(s.close); gSym.push(u); gFrom.push(gapFrom); gTo.push(gapTo); gMissing.push(missing); }
    const received = to - from;
    const pct = nGrid === 0 ? 0 : Math.round((received / nGrid) * 10_000) / 100;
    quality.push(ev.qualityReport(s.close, {
      date, symbol, expected: nGrid, received, missing: nGrid - received,
      duplicates: k >= 0 ? day!.duplicates[k] ?? 0 : 0, outOfSession: k >= 0 ? by!.outside[k]! : 0, late: k >= 0 ? by!.late[k]! : 0, pct,
    }));
  }
  if (gAt.length > 0) {
    const order = knownOrder(gAt);
    const pick = <T extends Float64Array | Int32Array>(make: new (n: number) => T, src: readonly number[]): T => {
      const a = new make(order.length);
      for (let i = 0; i < order.length; i++) a[i] = src[order[i]!]!;
      return a;
    };
    out.push(new GapSlice(date, ctx.symbols, pick(Float64Array, gAt), pick(Int32Array, gSym), pick(Float64Array, gFrom), pick(Float64Array, gTo), pick(Int32Array, gMissing)));
  }
  for (const q of quality) out.push(q);
}

/**
 * The upkeep handler: when a day's data becomes visible (or fails to), it decides the day's
 * derived bars, gaps and quality, each stamped at the instant it becomes known: a derived bar
 * when its window's last bar has been delivered, a gap when the next bar after it arrives (or at
 * the close), the quality at the close, before MarketClose.
 */
export function upkeepHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  if (!ctx.upkeep.enabled) return {};
  const withoutData = (s: SessionState, date: string): Emitted<SimEvent>[] => {
    const out: Emitted<SimEvent>[] = [];
    gapsAndQuality(ctx, s, null, date, out);
    return out;
  };
  return {
    PrefetchComplete: (s, e) => {
      const loaded = ctx.loader.load(e.date);
      if (!loaded.ok) return withoutData(s, e.date);
      const plan = planDay(ctx, s, loaded.day);
      const out: Emitted<SimEvent>[] = [derivedSlice(plan, ctx.upkeep.derivedMinutes)];
      gapsAndQuality(ctx, s, plan, e.date, out);
      return out;
    },
    PrefetchFailed: (s, e) => withoutData(s, e.date),
    PrefetchTimeout: (s, e) => withoutData(s, e.date),
  };
}
