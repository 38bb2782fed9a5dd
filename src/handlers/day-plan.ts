import { DELIVERY, type DayData, type SessionState } from '../state/index.js';
import type { RunContext } from './context.js';

const { LIVE, LATE, HISTORY, NOT_DELIVERED } = DELIVERY;

/**
 * When and how each row of a day is delivered, computed once per day from the session and the
 * instant the data became visible. Rows are in (ts, symbol) order, arrival = ts + interval is
 * monotone in it, and so is the delivery time max(arrival, readyAt): row order is delivery order.
 */
export interface DayPlan {
  readonly day: DayData;
  readonly open: number;
  readonly close: number;
  readonly breakStart: number;
  readonly breakEnd: number;
  readonly readyAt: number;
  readonly deliverAt: Float64Array;
  readonly kind: Uint8Array;
}

export function inSession(ts: number, open: number, close: number, breakStart: number, breakEnd: number): boolean {
  return ts >= open && ts < close && !(ts >= breakStart && ts < breakEnd);
}

export function breakOf(ctx: RunContext, date: string): [number, number] {
  const s = ctx.calendar.sessionOn(date);
  return [s?.breakStart ?? NaN, s?.breakEnd ?? NaN];
}

/**
 * The plan of a day, computed once: the stream and the upkeep handler both ask for it at the same
 * PrefetchComplete. Cached on the day's data, and reused only for the same run and session inputs.
 */
const plans = new WeakMap<DayData, { readonly ctx: RunContext; readonly historyUntil: number; readonly plan: DayPlan }>();

export function planDay(ctx: RunContext, s: SessionState, day: DayData): DayPlan {
  const hit = plans.get(day);
  if (hit !== undefined && hit.ctx === ctx && hit.historyUntil === s.historyUntil && hit.plan.readyAt === s.readyAt && hit.plan.open === s.open && hit.plan.close === s.close) return hit.plan;
  const plan = computePlan(ctx, s, day);
  plans.set(day, { ctx, historyUntil: s.historyUntil, plan });
  return plan;
}

function computePlan(ctx: RunContext, s: SessionState, day: DayData): DayPlan {
  const [breakStart, breakEnd] = breakOf(ctx, s.date ?? '');
  const n = day.ts.length;
  const deliverAt = new Float64Array(n);
  const kind = new Uint8Array(n);
  const step = ctx.intervalMs;
  const p = s.readyAt;
  for (let i = 0; i < n; i++) {
    const ts = day.ts[i]!;
    if (!inSession(ts, s.open, s.close, breakStart, breakEnd)) { kind[i] = NOT_DELIVERED; deliverAt[i] = NaN; continue; }
    const arrival = ts + step;
    // History is what had ended by the start instant: the bar in progress then (12:45 for a start
    // at 12:45:30) is not history, or its close would be seen before it happened.
    if (arrival <= s.historyUntil) { kind[i] = HISTORY; deliverAt[i] = p; }
    else if (arrival < p) { kind[i] = LATE; deliverAt[i] = p; }
    else { kind[i] = LIVE; deliverAt[i] = arrival; }
  }
  return { day, open: s.open, close: s.close, breakStart, breakEnd, readyAt: p, deliverAt, kind };
}
