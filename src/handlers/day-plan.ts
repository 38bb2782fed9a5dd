import { DELIVERY } from '../columnar/index.js';
import type { DayData, DayPlan, SessionState } from '../state/index.js';
import type { RunContext } from './context.js';

const { LIVE, LATE, HISTORY, NOT_DELIVERED } = DELIVERY;

export function inSession(ts: number, open: number, close: number, breakStart: number, breakEnd: number): boolean {
  return ts >= open && ts < close && !(ts >= breakStart && ts < breakEnd);
}

export function breakOf(ctx: RunContext, date: string): [number, number] {
  const s = ctx.calendar.sessionOn(date);
  return [s?.breakStart ?? NaN, s?.breakEnd ?? NaN];
}

/**
 * The plan of the session's day, made once: the stream and the upkeep handler both ask for it at
 * the same PrefetchComplete. Kept in the run's day store, and reused only for the same day and
 * session inputs.
 */
export function planDay(ctx: RunContext, s: SessionState, day: DayData): DayPlan {
  const date = s.date ?? '';
  const kept = ctx.days.planOf(date);
  if (kept !== undefined && kept.day === day && kept.historyUntil === s.historyUntil && kept.readyAt === s.readyAt && kept.open === s.open && kept.close === s.close) return kept;
  const plan = computePlan(ctx, s, day);
  ctx.days.keepPlan(date, plan);
  return plan;
}

function computePlan(ctx: RunContext, s: SessionState, day: DayData): DayPlan {
  const [breakStart, breakEnd] = breakOf(ctx, s.date ?? '');
  const n = day.ts.length;
  const arrays = ctx.days.arraysOf(s.date ?? '');
  const deliverAt = arrays.f64ToFill(n);
  const kind = arrays.u8ToFill(n);
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
  return { day, open: s.open, close: s.close, breakStart, breakEnd, readyAt: p, historyUntil: s.historyUntil, deliverAt, kind };
}
