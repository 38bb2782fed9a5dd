import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';

/** When a requested day's data becomes visible, and what the session sees of it. */
export interface PrefetchTiming {
  /** Request time + the modelled latency: the prefetch keeps loading until then, whatever waits. */
  readonly visibleAt: number;
  /** When the stream's wait gives up (PrefetchTimeout, a warning), or null: no wait, or the data came in time. */
  readonly timeoutAt: number | null;
  /** The data becomes visible only after the close: nothing of it is delivered in session. */
  readonly afterClose: boolean;
}

/**
 * The seed's prefetch (DESIGN.md section 5): only the run's first session waits for its data
 * (the initial load, a blocking wait that gives up after `timeout_seconds`, or at the close);
 * every later day is the end-of-day prefetch, "async, no wait", which cannot time out. Either
 * way the data becomes visible at request + latency. Shared by the prefetch handler, which emits
 * the events, and the upkeep handler, which reports a day whose data comes after the close.
 */
export function prefetchTiming(ctx: RunContext, s: SessionState, requestedAt: number): PrefetchTiming {
  const visibleAt = requestedAt + ctx.prefetch.latencyMs;
  const waits = s.sessions.length <= 1;
  const deadline = Math.min(requestedAt + ctx.prefetch.timeoutMs, s.close);
  return { visibleAt, timeoutAt: waits && visibleAt > deadline ? deadline : null, afterClose: visibleAt > s.close };
}
