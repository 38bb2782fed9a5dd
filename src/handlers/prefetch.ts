import { ev, type SimEvent } from '../events/index.js';
import type { HandlerTable } from '../kernel/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';

/**
 * The prefetch handler: a request completes after the modelled latency, fails for a missing or
 * unreadable day, or times out after `timeoutMs` of simulated time, or at the close, whichever
 * comes first. Real reading happens in the loader; only these events make the data visible.
 */
export function prefetchHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  return {
    PrefetchRequested: (s, e) => {
      const deadline = Math.min(e.time + ctx.prefetch.timeoutMs, s.close);
      const done = e.time + ctx.prefetch.latencyMs;
      if (done >= deadline) return [ev.prefetchTimeout(deadline, e.date, deadline - e.time)];
      const result = ctx.loader.load(e.date);
      if (!result.ok) return [ev.prefetchFailed(done, e.date, result.code, result.reason)];
      return [ev.prefetchComplete(done, e.date, result.day.ts.length)];
    },
  };
}
