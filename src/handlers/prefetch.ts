import { ev, type SimDraft, type SimEvent } from '../events/index.js';
import type { HandlerTable } from '../kernel/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { prefetchTiming } from './prefetch-timing.js';

/**
 * The prefetch handler: the first session's wait may time out (a warning; the data still comes);
 * a request completes, or fails for a missing or unreadable day, when its data becomes visible
 * after the modelled latency, unless that is after the close: then nothing of the day is
 * delivered. Real reading happens in the loader; only these events make the data visible.
 */
export function prefetchHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  return {
    PrefetchRequested: (s, e) => {
      const t = prefetchTiming(ctx, s, e.time);
      const out: SimDraft[] = [];
      if (t.timeoutAt !== null) out.push(ev.prefetchTimeout(t.timeoutAt, e.date, t.timeoutAt - e.time));
      if (t.afterClose) return out;
      const result = ctx.days.load(e.date);
      out.push(result.ok ? ev.prefetchComplete(t.visibleAt, e.date, result.day.ts.length) : ev.prefetchFailed(t.visibleAt, e.date, result.code, result.reason));
      return out;
    },
  };
}
