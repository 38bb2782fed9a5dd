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
  const parts = intervals.map((minutes) => aggregate(plan, minutes));
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
  readonly count: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** OHLCV per (window, symbol) cell of one interval, in one pass over the day's delivered rows. */
function aggregate(plan: DayPlan, minutes: number): Aggregate {
  const { day, open, close, kind } = plan;
  const width = minutes * 60_000;
  const windows = Math.max(0, Math.ceil((close - open) / width));
  const nSym = day.symbols.length;
  const cells = windows * nSym;
  const count = new Int32Array(cells), o = new Float64Array(cells), h = new Float64Array(cells), l = new Float64Array(cells), c = new Float64Array(cells), v = new Float64Array(cells);
  let filled = 0;
  for (let i = 0; i < day.ts.length; i++) {
    if (kind[i] === NOT_DELIVERED) continue;
    const cell = Math.floor((day.ts[i]! - open) / width) * nSym + day.sym[i]!;
    if (count[cell] === 0) {
      filled++;
      o[cell] = day.open[i]!; h[cell] = day.high[i]!; l[cell] = day.low[i]!; c[cell] = day.close[i]!; v[cell] = day.volume[i]!; count[cell] = 1;
    } else {
      if (day.high[i]! > h[cell]!) h[cell] = day.high[i]!;
      if (day.low[i]! < l[cell]!) l[cell] = day.low[i]!;
      c[cell] = day.close[i]!; v[cell] = v[cell]! + day.volume[i]!; count[cell]!++;
    }
  }
  return { minutes, width, windows, filled, count, open: o, high: h, low: l, close: c, volume: v };
}

/** Where each day symbol's delivered rows are: `rows[first[k] .. first[k + 1])`, in ts order. */
interface DeliveredBySymbol {
  readonly first: Int32Array;
  readonly rows: Int32Array;
  readonly outside: Int32Array;
  readonly late: Int32Array;
}

function deliveredBySymbol(plan: DayPlan): DeliveredBySymbol {
  const { day, kind } = plan;
  const nSym = day.symbols.length;
  const count = new Int32Array(nSym), outside = new Int32Array(nSym), late = new Int32Array(nSym);
  for (let i = 0; i < day.ts.length; i++) {
    const k = day.sym[i]!;
    if (kind[i] === NOT_DELIVERED) outside[k]!++;
    else { count[k]!++; if (kind[i] === LATE) late[k]!++; }
  }
  const first = new Int32Array(nSym + 1);
  for (let k = 0; k < nSym; k++) first[k + 1] = first[k]! + count[k]!;
  const rows = new Int32Array(first[nSym]!);
  const fill = first.slice(0, nSym);
  for (let i = 0; i < day.ts.length; i++) if (kind[i] !== NOT_DELIVERED) rows[fill[day.sym[i]!]!++] = i;
  return { first, rows, outside, late };
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
  const ts = day?.ts ?? new Float64Array(0), deliverAt = plan?.deliverAt ?? new Float64Array(0), rows = by?.rows ?? new Int32Array(0);
  const gAt: number[] = [], gSym: number[] = [], gFrom: number[] = [], gTo: number[] = [], gMissing: number[] = [];
  const quality: SimDraft[] = [];
  const nGrid = grid.length;
  for (let u = 0; u < ctx.symbols.length; u++) {
    const symbol = ctx.symbols[u]!;
    const k = dayIndex.get(symbol) ?? -1;
    const from = k < 0 || by === null ? 0 : by.first[k]!;
    const to = k < 0 || by === null ? 0 : by.first[k + 1]!;
    // Delivered rows are in session and on the grid, in ts order: walk both together.
    let j = from;
    let next = j < to ? ts[rows[j]!]! : Infinity;
    let gapFrom = 0, gapTo = 0, missing = 0;
    for (let g = 0; g < nGrid; g++) {
      const t = grid[g]!;
      if (t === next) {
        if (missing > 0) { gAt.push(deliverAt[rows[j]!]!); gSym.push(u); gFrom.push(gapFrom); gTo.push(gapTo); gMissing.push(missing); missing = 0; }
        j++;
        next = j < to ? ts[rows[j]!]! : Infinity;
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
    // Found symbol by symbol; known in (instant, universe order) order.
    const order = Int32Array.from(gAt.keys()).sort((a, b) => gAt[a]! - gAt[b]! || gSym[a]! - gSym[b]!);
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
