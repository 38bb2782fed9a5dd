import { ev, type SimDraft, type SimEvent } from '../events/index.js';
import type { Emitted, HandlerTable } from '../kernel/index.js';
import type { DayData, SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { DerivedSlice } from './derived-slice.js';
import { breakOf, inSession, LATE, NOT_DELIVERED, planDay, type DayPlan } from './day-plan.js';

/** The session's expected bar starts: the interval grid over [open, close) without the break. */
function expectedStarts(open: number, close: number, breakStart: number, breakEnd: number, step: number): Float64Array {
  const out: number[] = [];
  for (let t = open; t < close; t += step) if (inSession(t, open, close, breakStart, breakEnd)) out.push(t);
  return Float64Array.from(out);
}

/** Growable columns of derived bars before they are put in completion order. */
class DerivedBuilder {
  readonly time: number[] = []; readonly order: number[] = []; readonly sym: number[] = []; readonly minutes: number[] = [];
  readonly start: number[] = []; readonly end: number[] = []; readonly open: number[] = []; readonly high: number[] = [];
  readonly low: number[] = []; readonly close: number[] = []; readonly volume: number[] = []; readonly count: number[] = [];

  /** The derived bars in (completion time, interval order, symbol) order, as one lazy slice. */
  toSlice(symbols: readonly string[]): DerivedSlice {
    const idx = Array.from(this.time.keys()).sort((a, b) => this.time[a]! - this.time[b]! || this.order[a]! - this.order[b]! || this.sym[a]! - this.sym[b]!);
    const f = (src: number[]) => Float64Array.from(idx, (k) => src[k]!);
    const n = (src: number[]) => Int32Array.from(idx, (k) => src[k]!);
    return new DerivedSlice(symbols, f(this.time), n(this.sym), n(this.minutes), f(this.start), f(this.end), f(this.open), f(this.high), f(this.low), f(this.close), f(this.volume), n(this.count));
  }
}

/**
 * Derived N-minute bars per symbol, windows aligned to the open, the last one cut at the close.
 * A bar completes when its window's last minute has been delivered: at max(window end, delivery).
 */
function derivedBars(plan: DayPlan, minutes: number, order: number, out: DerivedBuilder): void {
  const { day, open, close, deliverAt, kind } = plan;
  const width = minutes * 60_000;
  const nSym = day.symbols.length;
  const win = new Float64Array(nSym).fill(-1);
  const o = new Float64Array(nSym), h = new Float64Array(nSym), l = new Float64Array(nSym), c = new Float64Array(nSym), v = new Float64Array(nSym), cnt = new Int32Array(nSym), last = new Float64Array(nSym);
  const emit = (sym: number) => {
    const ws = open + win[sym]! * width;
    const we = Math.min(ws + width, close);
    out.time.push(Math.max(we, last[sym]!)); out.order.push(order); out.sym.push(sym); out.minutes.push(minutes);
    out.start.push(ws); out.end.push(we); out.open.push(o[sym]!); out.high.push(h[sym]!); out.low.push(l[sym]!); out.close.push(c[sym]!); out.volume.push(v[sym]!); out.count.push(cnt[sym]!);
  };
  for (let i = 0; i < day.ts.length; i++) {
    if (kind[i] === NOT_DELIVERED) continue;
    const s = day.sym[i]!;
    const w = Math.floor((day.ts[i]! - open) / width);
    if (w !== win[s]) {
      if (win[s]! >= 0) emit(s);
      win[s] = w; o[s] = day.open[i]!; h[s] = day.high[i]!; l[s] = day.low[i]!; c[s] = day.close[i]!; v[s] = day.volume[i]!; cnt[s] = 1; last[s] = deliverAt[i]!;
    } else {
      if (day.high[i]! > h[s]!) h[s] = day.high[i]!;
      if (day.low[i]! < l[s]!) l[s] = day.low[i]!;
      c[s] = day.close[i]!; v[s] = v[s]! + day.volume[i]!; cnt[s] = cnt[s]! + 1; last[s] = deliverAt[i]!;
    }
  }
  for (let s = 0; s < nSym; s++) if (win[s]! >= 0) emit(s);
}

interface SymbolRows { readonly starts: number[]; readonly deliver: number[] }

/** Gaps (maximal runs of missing expected starts) and the quality figures, per universe symbol. */
function gapsAndQuality(ctx: RunContext, s: SessionState, plan: DayPlan | null, date: string, out: SimDraft[]): void {
  const [breakStart, breakEnd] = plan === null ? breakOf(ctx, date) : [plan.breakStart, plan.breakEnd];
  const step = ctx.intervalMs;
  const grid = expectedStarts(s.open, s.close, breakStart, breakEnd, step);
  const day: DayData | null = plan?.day ?? null;
  const rows = new Map<string, SymbolRows>();
  const outOfSession = new Map<string, number>();
  const late = new Map<string, number>();
  if (day !== null && plan !== null) {
    for (let i = 0; i < day.ts.length; i++) {
      const sym = day.symbols[day.sym[i]!]!;
      if (plan.kind[i] === NOT_DELIVERED) { outOfSession.set(sym, (outOfSession.get(sym) ?? 0) + 1); continue; }
      if (plan.kind[i] === LATE) late.set(sym, (late.get(sym) ?? 0) + 1);
      let r = rows.get(sym);
      if (r === undefined) rows.set(sym, (r = { starts: [], deliver: [] }));
      r.starts.push(day.ts[i]!);
      r.deliver.push(plan.deliverAt[i]!);
    }
  }
  const gaps: { at: number; order: number; draft: SimDraft }[] = [];
  const quality: SimDraft[] = [];
  ctx.symbols.forEach((symbol, order) => {
    const r = rows.get(symbol) ?? { starts: [], deliver: [] };
    let j = 0;
    let gapFrom = -1, gapTo = -1, missing = 0;
    const flush = (at: number) => {
      if (missing === 0) return;
      gaps.push({ at, order, draft: ev.gapDetected(at, { date, symbol, from: gapFrom, to: gapTo, missing }) });
      missing = 0;
    };
    for (let g = 0; g < grid.length; g++) {
      const t = grid[g]!;
      if (j < r.starts.length && r.starts[j] === t) {
        flush(r.deliver[j]!);
        j++;
      } else {
        if (missing === 0) gapFrom = t;
        gapTo = t;
        missing++;
      }
    }
    flush(s.close);
    const received = r.starts.length;
    const expected = grid.length;
    const symIndex = day === null ? -1 : day.symbols.indexOf(symbol);
    const duplicates = symIndex >= 0 ? day!.duplicates[symIndex] ?? 0 : 0;
    const pct = expected === 0 ? 0 : Math.round((received / expected) * 10_000) / 100;
    quality.push(ev.qualityReport(s.close, { date, symbol, expected, received, missing: expected - received, duplicates, outOfSession: outOfSession.get(symbol) ?? 0, late: late.get(symbol) ?? 0, pct }));
  });
  gaps.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const g of gaps) out.push(g.draft);
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
  const withoutData = (s: SessionState, date: string): SimDraft[] => {
    const out: SimDraft[] = [];
    gapsAndQuality(ctx, s, null, date, out);
    return out;
  };
  return {
    PrefetchComplete: (s, e) => {
      const loaded = ctx.loader.load(e.date);
      if (!loaded.ok) return withoutData(s, e.date);
      const plan = planDay(ctx, s, loaded.day);
      const derived = new DerivedBuilder();
      ctx.upkeep.derivedMinutes.forEach((m, order) => derivedBars(plan, m, order, derived));
      const out: Emitted<SimEvent>[] = [derived.toSlice(loaded.day.symbols)];
      gapsAndQuality(ctx, s, plan, e.date, out as SimDraft[]);
      return out;
    },
    PrefetchFailed: (s, e) => withoutData(s, e.date),
    PrefetchTimeout: (s, e) => withoutData(s, e.date),
  };
}
