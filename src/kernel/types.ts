import type { LazySlice } from './lazy.js';
import type { KernelEvent } from './queue.js';
import type { EventSink } from './sinks.js';

// What a kernel is given: its handlers, its fold, its sinks, and how far to run.

export type { KernelEvent } from './queue.js';

export type DraftOf<E> = E extends unknown ? Omit<E, 'seq'> : never;

/** What a decider may return: drafts, and lazy slices of many same-type events. */
export type Emitted<E> = DraftOf<E> | LazySlice<E>;

/** A pure decider: given the state after the event was folded in, which events follow. */
export type Decider<S, E extends KernelEvent, In extends E = E> = (state: S, event: In) => readonly Emitted<E>[];

export type HandlerTable<S, E extends KernelEvent> = {
  readonly [K in E['type']]?: Decider<S, E, Extract<E, { type: K }>> | undefined;
};

/**
 * Watches the events of one type, which usually travel as lazy slices, without building their
 * objects: after the elements of one instant were handled (or one element, when they are handled
 * one by one; or an event object of the type), `decide` may emit follow-ups, as a handler would.
 * While `active` is true the kernel drains the type one instant at a time. Deciding over elements
 * [from, to) must emit what deciding over each of them in turn would: each element is decided
 * exactly once, in order, and nothing it emits is folded before the instant's elements are all
 * handled (they rank after them), so a watcher may carry what it decided for earlier elements of
 * the instant (the broker: an order partly filled by an earlier late bar of the same instant), but
 * must not depend on how the kernel grouped the elements into calls (bulk, one by one, or cut by
 * a run's `until` or `maxEvents`).
 */
export interface Watcher<S, E extends KernelEvent> {
  readonly type: E['type'];
  active(state: S): boolean;
  decideSlice(state: S, slice: LazySlice<E>, from: number, to: number, base: number): readonly Emitted<E>[];
  decideEvent(state: S, event: E): readonly Emitted<E>[];
}

export interface KernelOptions<S, E extends KernelEvent> {
  /** Watchers of lazy types (at most one per type). */
  readonly watchers?: readonly Watcher<S, E>[];
  readonly initialState: S;
  /** Folds one event into the state; the only way state changes. */
  readonly evolve: (state: S, event: E) => S;
  readonly handlers: HandlerTable<S, E>;
  /** Rank of an event type among events at one instant (fixed per type). */
  readonly rank: (type: E['type']) => number;
  readonly sinks?: readonly EventSink<E>[];
  /** After handling an event for which this is true, the kernel stops for good. */
  readonly isTerminal?: (event: E) => boolean;
  /** Initial clock; defaults to -Infinity (nothing scheduled yet). */
  readonly startTime?: number;
  /**
   * Folds elements [from, to) of a lazy slice (element i has seq base + i) without building their
   * objects; must give the same state as evolve over each slice.materialize(i, base + i) in turn.
   * Without it, lazy elements are materialized.
   */
  readonly foldLazy?: (state: S, slice: LazySlice<E>, from: number, to: number, base: number) => S;
}

export interface RunOptions<E = unknown> {
  /** Handle events with time <= until (default: all). */
  readonly until?: number;
  /** Stop after this many events (default: no limit). */
  readonly maxEvents?: number;
  /**
   * Someone watching events of some types: each such event is built as an object and passed to
   * `notify` right after it was handled (state folded, sinks appended, follow-ups queued). Events
   * of other types keep the columnar path.
   */
  readonly observe?: { wants(type: string): boolean; notify(event: E): void };
}
