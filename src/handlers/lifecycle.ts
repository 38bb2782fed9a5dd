import type { SimEvent } from '../events/index.js';
import { combineHandlers, type HandlerTable } from '../kernel/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { prefetchHandlers } from './prefetch.js';
import { sessionHandlers } from './session.js';
import { streamHandlers } from './stream.js';
import { upkeepHandlers } from './upkeep.js';

/**
 * The run's handlers, and the one place that fixes the order in which they react to an event more
 * than one of them handles. What they emit is queued in this order, so it decides the seqs and the
 * log hash: changing it changes every pinned hash.
 *   - PrefetchRequested: the prefetch (loading the day), then the upkeep (the gaps and quality of
 *     a day whose data comes only after the close).
 *   - PrefetchComplete: the stream (the day's bars), then the upkeep (derived bars, gaps, quality).
 * Every other event has one handler (the session's, or the prefetch's PrefetchFailed upkeep).
 */
export function lifecycleHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  return combineHandlers(sessionHandlers(ctx), prefetchHandlers(ctx), streamHandlers(ctx), upkeepHandlers(ctx));
}
