import type { SimEvent } from '../events/index.js';
import type { Emitted, HandlerTable } from '../kernel/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { derivedSlice } from './derived-bars.js';
import { gapsAndQuality } from './gaps.js';
import { planDay } from './day-plan.js';
import { prefetchTiming } from './prefetch-timing.js';

/**
 * The upkeep handler: when a day's data becomes visible (or fails to, or is requested too late to
 * come before the close), it decides the day's derived bars, gaps and quality, each stamped at
 * the instant it becomes known: a derived bar when its window's last bar has been delivered, a
 * gap when the next bar after it arrives (or at the close), the quality at the close, before
 * MarketClose.
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
      const loaded = ctx.days.load(e.date);
      if (!loaded.ok) return withoutData(s, e.date);
      const plan = planDay(ctx, s, loaded.day);
      const out: Emitted<SimEvent>[] = [derivedSlice(plan, ctx.upkeep.derivedMinutes, ctx.days.arraysOf(e.date), ctx.days.arraysOf(e.date, 'derived'))];
      gapsAndQuality(ctx, s, plan, e.date, out);
      return out;
    },
    PrefetchFailed: (s, e) => withoutData(s, e.date),
    // Data that becomes visible only after the close: the day's gaps and quality at the close
    // without it (a PrefetchTimeout is only a warning: the data may still come in session).
    PrefetchRequested: (s, e) => (prefetchTiming(ctx, s, e.time).afterClose ? withoutData(s, e.date) : []),
  };
}
