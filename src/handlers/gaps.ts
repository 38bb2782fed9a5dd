import { ev, type SimDraft, type SimEvent } from '../events/index.js';
import type { Emitted } from '../kernel/index.js';
import { ColumnarSlice, DELIVERY, GAP_DETECTED, type GapSlice } from '../columnar/index.js';
import type { DayPlan, SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { breakOf, inSession } from './day-plan.js';

const { LATE, NOT_DELIVERED } = DELIVERY;

/** The session's expected bar starts: the interval grid over [open, close) without the break. */
function expectedStarts(open: number, close: number, breakStart: number, breakEnd: number, step: number): Float64Array {
  const out: number[] = [];
  for (let t = open; t < close; t += step) if (inSession(t, open, close, breakStart, breakEnd)) out.push(t);
  return Float64Array.from(out);
}

/** Gaps as found, in columns. */
class GapList {
  at: number[] = []; sym: number[] = []; from: number[] = []; to: number[] = []; missing: number[] = [];
  push(at: number, u: number, from: number, to: number, missing: number): void {
    this.at.push(at); this.sym.push(u); this.from.push(from); this.to.push(to); this.missing.push(missing);
  }
}

/**
 * Gaps (maximal runs of missing expected starts) and the quality figures, per universe symbol,
 * in one pass over the day's rows in file order. A gap becomes known when the symbol's next bar
 * after it is delivered, or at the close; delivery instants never decrease along the rows, so
 * gaps are found in the order they become known, except that at one instant they must come in
 * universe order (then by start), which a stable sort of each such run restores.
 */
export function gapsAndQuality(ctx: RunContext, s: SessionState, plan: DayPlan | null, date: string, out: Emitted<SimEvent>[]): void {
  const [breakStart, breakEnd] = plan === null ? breakOf(ctx, date) : [plan.breakStart, plan.breakEnd];
  const grid = expectedStarts(s.open, s.close, breakStart, breakEnd, ctx.intervalMs);
  const nGrid = grid.length, nU = ctx.symbols.length;
  const last = new Int32Array(nU).fill(-1), received = new Int32Array(nU), late = new Int32Array(nU), outside = new Int32Array(nU), duplicates = new Int32Array(nU);
  const gaps = new GapList();
  if (plan !== null) {
    const { day, kind, deliverAt } = plan;
    const universe = new Map(ctx.symbols.map((name, u) => [name, u]));
    const uOf = Int32Array.from(day.symbols, (name) => universe.get(name) ?? -1);
    day.symbols.forEach((_, k) => { if (uOf[k]! >= 0) duplicates[uOf[k]!] = day.duplicates[k] ?? 0; });
    const { ts, sym } = day;
    let g = 0;
    for (let i = 0; i < ts.length; i++) {
      const u = uOf[sym[i]!]!;
      if (u < 0) continue;
      const kd = kind[i]!;
      if (kd === NOT_DELIVERED) { outside[u]!++; continue; }
      // A delivered row is in session and on the grid, and rows come in ts order.
      const t = ts[i]!;
      while (grid[g]! < t) g++;
      const prev = last[u]!;
      if (g - prev > 1) gaps.push(deliverAt[i]!, u, grid[prev + 1]!, grid[g - 1]!, g - prev - 1);
      last[u] = g;
      received[u]!++;
      if (kd === LATE) late[u]!++;
    }
  }
  for (let u = 0; u < nU; u++) if (last[u]! < nGrid - 1) gaps.push(s.close, u, grid[last[u]! + 1]!, grid[nGrid - 1]!, nGrid - 1 - last[u]!);
  if (gaps.at.length > 0) out.push(gapSlice(date, ctx.symbols, gaps));
  const quality: SimDraft[] = [];
  for (let u = 0; u < nU; u++) {
    const pct = nGrid === 0 ? 0 : Math.round((received[u]! / nGrid) * 10_000) / 100;
    quality.push(ev.qualityReport(s.close, {
      date, symbol: ctx.symbols[u]!, expected: nGrid, received: received[u]!, missing: nGrid - received[u]!,
      duplicates: duplicates[u]!, outOfSession: outside[u]!, late: late[u]!, pct,
    }));
  }
  for (const q of quality) out.push(q);
}

/** The gaps as one slice, each run of one instant put in universe order (stable: by start within a symbol). */
function gapSlice(date: string, symbols: readonly string[], g: GapList): GapSlice {
  const n = g.at.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let a = 0; a < n;) {
    let b = a + 1, sorted = true;
    while (b < n && g.at[b] === g.at[a]) { if (g.sym[b]! < g.sym[b - 1]!) sorted = false; b++; }
    // Usually in universe order already (file order is symbol order when the universe is sorted).
    if (!sorted) {
      const run = Array.from(order.subarray(a, b)).sort((x, y) => g.sym[x]! - g.sym[y]! || x - y);
      order.set(run, a);
    }
    a = b;
  }
  const pick = <T extends Float64Array | Int32Array>(make: new (k: number) => T, src: readonly number[]): T => {
    const out = new make(n);
    for (let i = 0; i < n; i++) out[i] = src[order[i]!]!;
    return out;
  };
  return new ColumnarSlice(GAP_DETECTED, {
    rows: null, length: n, symbols, sym: pick(Int32Array, g.sym), code: null, text: { date },
    columns: { time: pick(Float64Array, g.at), from: pick(Float64Array, g.from), to: pick(Float64Array, g.to), missing: pick(Int32Array, g.missing) },
  });
}
