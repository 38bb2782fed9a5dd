import type { LazySlice } from './lazy.js';
import type { Entry, EventQueue, KernelEvent } from './queue.js';
import type { EventSink } from './sinks.js';

/** What a drain changes: the kernel's running values. */
export interface Loop<S, E extends KernelEvent> {
  state: S;
  clock: number;
  handled: number;
  finished: boolean;
  readonly queue: EventQueue<E>;
  readonly sinks: readonly EventSink<E>[];
  /** Folds elements [from, to) of a lazy slice without their objects (the kernel's foldLazy; null: none, and nothing is drained). */
  readonly fold: ((state: S, slice: LazySlice<E>, from: number, to: number, base: number) => S) | null;
}

/**
 * Handles the elements of the held lazy entry that come before anything else queued, all at
 * once: one fold and one append per sink for the whole run. Only for a type without a handler
 * and sinks that all take columns: nothing is emitted meanwhile, so the queue is unchanged and the
 * order is the one-by-one order. Returns how many were handled.
 */
export function drain<S, E extends KernelEvent>(loop: Loop<S, E>, entry: Entry<E>, slice: LazySlice<E>, until: number, max: number): number {
  const from = entry.pos, base = entry.base;
  const to = loop.queue.runEnd(entry, until, max);
  if (to === from) return 0;
  loop.clock = slice.timeAt(to - 1);
  loop.state = loop.fold!(loop.state, slice, from, to, base);
  const sinks = loop.sinks;
  for (let k = 0; k < sinks.length; k++) sinks[k]!.appendLazy!(slice, from, to, base);
  loop.queue.advance(entry, to);
  loop.handled += to - from;
  return to - from;
}

/**
 * Like drain, for a type someone watches: each element is built as an object and passed to
 * `notify` right after it was handled, so the watcher sees the state at that instant.
 */
export function drainObserved<S, E extends KernelEvent>(loop: Loop<S, E>, entry: Entry<E>, slice: LazySlice<E>, until: number, max: number, notify: (e: E) => void): number {
  const from = entry.pos, base = entry.base;
  const to = loop.queue.runEnd(entry, until, max);
  const sinks = loop.sinks;
  let i = from;
  try {
    // A watcher may end the run (finish()) from notify: nothing after that is handled.
    while (i < to && !loop.finished) {
      const event = slice.materialize(i, base + i);
      loop.clock = event.time;
      loop.state = loop.fold!(loop.state, slice, i, i + 1, base);
      for (let k = 0; k < sinks.length; k++) sinks[k]!.appendLazy!(slice, i, i + 1, base);
      i++;
      loop.handled++;
      notify(event);
    }
  } finally {
    // Also when the watcher throws: the entry resumes after the last element handled.
    loop.queue.advance(entry, i);
  }
  return i - from;
}
