import TinyQueue from 'tinyqueue';
import { ClockBackwardsError } from './errors.js';
import type { EventSink } from './sink.js';
import { isLazySlice, type LazySlice } from './lazy.js';

/** The shape the kernel needs of an event; the catalogue's SimEvent is one. */
export interface KernelEvent {
  readonly type: string;
  readonly time: number;
  readonly seq: number;
}

export type DraftOf<E> = E extends unknown ? Omit<E, 'seq'> : never;

/** What a decider may return: drafts, and lazy slices of many same-type events. */
export type Emitted<E> = DraftOf<E> | LazySlice<E>;

/** A pure decider: given the state after the event was folded in, which events follow. */
export type Decider<S, E extends KernelEvent, In extends E = E> = (state: S, event: In) => readonly Emitted<E>[];

export type HandlerTable<S, E extends KernelEvent> = {
  readonly [K in E['type']]?: Decider<S, E, Extract<E, { type: K }>> | undefined;
};

export interface KernelOptions<S, E extends KernelEvent> {
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

/**
 * One queue entry: a single event, or a slice of same-instant, same-rank events in seq order
 * (`slice` set, `pos` the next one). `seq` is always the seq of the entry's next event.
 */
interface Entry<E extends KernelEvent> {
  time: number;
  readonly rank: number;
  seq: number;
  readonly event: E | null;
  readonly slice: readonly E[] | null;
  /** A lazy slice: element `pos` has seq `base + pos`. */
  readonly lazy: LazySlice<E> | null;
  readonly base: number;
  pos: number;
}

const ALWAYS = (): boolean => true;
const NEVER = (): boolean => false;

function compareEntries<E extends KernelEvent>(a: Entry<E>, b: Entry<E>): number {
  return a.time - b.time || a.rank - b.rank || a.seq - b.seq;
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

/**
 * The event loop. Events are handled in (time, rank, seq) order, one at a time, to completion:
 * fold into state, append to the sinks, then ask the handler of its type for follow-up events,
 * which are queued, never handled re-entrantly.
 */
export class Kernel<S, E extends KernelEvent> {
  private readonly queue = new TinyQueue<Entry<E>>([], compareEntries);
  private readonly opts: KernelOptions<S, E>;
  private readonly sinks: readonly EventSink<E>[];
  private currentState: S;
  private clock: number;
  private seqCounter = 0;
  private finished = false;
  private handledCount = 0;
  private current: Entry<E> | null = null;

  /** Sinks that need event objects (no columnar path). */
  private readonly objectSinks: number;

  constructor(opts: KernelOptions<S, E>) {
    this.opts = opts;
    this.sinks = opts.sinks ?? [];
    this.objectSinks = this.sinks.filter((s) => s.appendLazy === undefined).length;
    this.currentState = opts.initialState;
    this.clock = opts.startTime ?? -Infinity;
  }

  get now(): number {
    return this.clock;
  }

  get state(): S {
    return this.currentState;
  }

  /** Events handled so far. */
  get handled(): number {
    return this.handledCount;
  }

  /** True once a terminal event was handled: nothing more will run. */
  get done(): boolean {
    return this.finished;
  }

  /** The seq the next scheduled event will get. */
  get nextSeq(): number {
    return this.seqCounter;
  }

  /** Time of the next event, Infinity when none (or when the run has finished). */
  peek(): number {
    if (this.finished) return Infinity;
    const top = this.queue.peek();
    const t = top === undefined ? Infinity : top.time;
    return this.current !== null && this.current.time < t ? this.current.time : t;
  }

  /** Queues one event; returns it with its seq. Throws ClockBackwardsError for a time before now. */
  schedule(draft: DraftOf<E>): E {
    this.checkTime(draft);
    return this.enqueueOne(draft);
  }

  /** Handles the next event; returns it, or undefined when there is none or the run is over. */
  step(): E | undefined {
    return this.handleNext(ALWAYS) ?? undefined;
  }

  /**
   * Handles the next event. An element of a lazy slice whose type `wants` refuses, and that
   * nobody else needs as an object, is folded and logged from its columns, and null is returned.
   */
  private handleNext(wants: (type: string) => boolean): E | null | undefined {
    if (this.finished) return undefined;
    // The slice being worked through stays out of the heap while it holds the smallest key:
    // a time slice of bars then costs no heap operation per bar.
    const top = this.queue.peek();
    let entry = this.current;
    if (entry === null || (top !== undefined && compareEntries(entry, top) > 0)) {
      if (top === undefined) return undefined;
      this.queue.pop();
      if (entry !== null) this.queue.push(entry);
      entry = top;
      this.current = null;
    }
    const lazy = entry.lazy;
    if (lazy !== null) return this.handleLazy(entry, lazy, wants(lazy.type));
    let event = entry.event!;
    const slice = entry.slice;
    if (slice !== null) {
      event = slice[entry.pos++]!;
      if (entry.pos < slice.length) {
        entry.seq = slice[entry.pos]!.seq;
        this.current = entry;
      } else if (this.current === entry) {
        this.current = null;
      }
    }
    this.clock = event.time;
    this.currentState = this.opts.evolve(this.currentState, event);
    for (const sink of this.sinks) sink.append(event);
    this.afterFold(event);
    return event;
  }

  private handleLazy(entry: Entry<E>, lazy: LazySlice<E>, want: boolean): E | null {
    const i = entry.pos++;
    const seq = entry.base + i;
    this.clock = entry.time;
    if (entry.pos < lazy.length) {
      entry.time = lazy.timeAt(entry.pos);
      entry.seq = seq + 1;
      this.current = entry;
    } else if (this.current === entry) {
      this.current = null;
    }
    const handler = this.opts.handlers[lazy.type as E['type']];
    const fold = this.opts.foldLazy;
    if (want || handler !== undefined || fold === undefined || this.objectSinks > 0) {
      const event = lazy.materialize(i, seq);
      this.currentState = fold === undefined ? this.opts.evolve(this.currentState, event) : fold(this.currentState, lazy, i, i + 1, entry.base);
      for (const sink of this.sinks) {
        if (sink.appendLazy === undefined) sink.append(event);
        else sink.appendLazy(lazy, i, i + 1, entry.base);
      }
      this.afterFold(event);
      return event;
    }
    this.currentState = fold(this.currentState, lazy, i, i + 1, entry.base);
    for (const sink of this.sinks) sink.appendLazy!(lazy, i, i + 1, entry.base);
    this.handledCount++;
    return null;
  }

  /** True when elements of this slice can be handled from columns: no handler, no object sink. */
  private canDrain(lazy: LazySlice<E>): boolean {
    return this.opts.foldLazy !== undefined && this.objectSinks === 0 && this.opts.handlers[lazy.type as E['type']] === undefined;
  }

  /**
   * Handles the elements of the current lazy slice that come before anything else in the queue,
   * all at once: one fold and one append per sink for the whole run. Nothing is emitted meanwhile
   * (the type has no handler), so the heap is unchanged and the order is the one-by-one order.
   */
  private drain(entry: Entry<E>, lazy: LazySlice<E>, until: number, max: number): number {
    const from = entry.pos, base = entry.base;
    const to = this.runEnd(entry, lazy, until, max);
    if (to === from) return 0;
    this.clock = lazy.timeAt(to - 1);
    this.currentState = this.opts.foldLazy!(this.currentState, lazy, from, to, base);
    const sinks = this.sinks;
    for (let k = 0; k < sinks.length; k++) sinks[k]!.appendLazy!(lazy, from, to, base);
    this.moveTo(entry, lazy, to);
    this.handledCount += to - from;
    return to - from;
  }

  /**
   * Like drain, for a type someone watches: each element is built as an object and passed to
   * `notify` right after it was handled, so the watcher sees the state at that instant.
   */
  private drainObserved(entry: Entry<E>, lazy: LazySlice<E>, until: number, max: number, notify: (e: E) => void): number {
    const from = entry.pos, base = entry.base;
    const to = this.runEnd(entry, lazy, until, max);
    const fold = this.opts.foldLazy!;
    const sinks = this.sinks;
    let i = from;
    try {
      // A watcher may end the run (finish()) from notify: nothing after that is handled.
      while (i < to && !this.finished) {
        const event = lazy.materialize(i, base + i);
        this.clock = event.time;
        this.currentState = fold(this.currentState, lazy, i, i + 1, base);
        for (let k = 0; k < sinks.length; k++) sinks[k]!.appendLazy!(lazy, i, i + 1, base);
        i++;
        this.handledCount++;
        notify(event);
      }
    } finally {
      // Also when the watcher throws: the entry resumes after the last element handled.
      this.moveTo(entry, lazy, i);
    }
    return i - from;
  }

  /**
   * Where the current run of a lazy entry ends: the elements from its position that come before
   * the heap's top, have time <= until, and number at most max. Keys grow along the slice, so
   * this is a prefix, found by binary search.
   */
  private runEnd(entry: Entry<E>, lazy: LazySlice<E>, until: number, max: number): number {
    const top = this.queue.peek();
    const from = entry.pos, base = entry.base, rank = entry.rank;
    const before = (j: number): boolean => {
      const t = lazy.timeAt(j);
      if (!(t <= until)) return false;
      if (top === undefined) return true;
      return t < top.time || (t === top.time && (rank < top.rank || (rank === top.rank && base + j < top.seq)));
    };
    let lo = from, hi = Math.min(lazy.length, from + Math.min(max, lazy.length));
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(mid)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Moves a lazy entry to element `to` (or retires it at the end). */
  private moveTo(entry: Entry<E>, lazy: LazySlice<E>, to: number): void {
    entry.pos = to;
    if (to >= lazy.length) {
      if (this.current === entry) this.current = null;
    } else {
      entry.time = lazy.timeAt(to);
      entry.seq = entry.base + to;
    }
  }

  /** Counts the event, asks its handler for follow-ups, ends the run after a terminal event. */
  private afterFold(event: E): void {
    this.handledCount++;
    const handler = this.opts.handlers[event.type as E['type']] as Decider<S, E> | undefined;
    if (handler !== undefined) {
      const emitted = handler(this.currentState, event);
      for (const d of emitted) this.checkTime(d);
      this.enqueueRuns(emitted);
    }
    if (this.opts.isTerminal?.(event)) this.finish();
  }

  /** Runs until the queue is empty, the run finished, `until` is passed or maxEvents were handled. */
  run(options: RunOptions<E> = {}): number {
    const until = options.until ?? Infinity;
    const max = options.maxEvents ?? Infinity;
    const observe = options.observe ?? null;
    let n = 0;
    // A finished run peeks Infinity: the loop ends after the terminal event.
    while (n < max) {
      const next = this.peek();
      if (next === Infinity || next > until) break;
      const cur = this.current;
      if (cur !== null && cur.lazy !== null && this.canDrain(cur.lazy)) {
        const k = observe !== null && observe.wants(cur.lazy.type) ? this.drainObserved(cur, cur.lazy, until, max - n, observe.notify) : this.drain(cur, cur.lazy, until, max - n);
        if (k > 0) { n += k; continue; }
      }
      const e = this.handleNext(observe === null ? NEVER : observe.wants);
      n++;
      if (observe !== null && e !== null && e !== undefined && observe.wants(e.type)) observe.notify(e);
    }
    return n;
  }

  /** Handles exactly the events with time <= t. */
  runUntil(t: number): number {
    return this.run({ until: t });
  }

  /** Ends the run: closes the sinks; the queue is dropped. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const sink of this.sinks) sink.close?.();
  }

  private checkTime(item: Emitted<E>): void {
    const time = isLazySlice(item) ? (item.length === 0 ? this.clock : item.timeAt(0)) : item.time;
    if (!(time >= this.clock) || !Number.isFinite(time)) {
      throw new ClockBackwardsError(this.clock, time, item.type);
    }
  }

  /** Queues what a handler emitted, in order; each run of equal (time, rank) drafts becomes one slice entry. */
  private enqueueRuns(drafts: readonly Emitted<E>[]): void {
    let i = 0;
    while (i < drafts.length) {
      const d = drafts[i]!;
      if (isLazySlice<E>(d)) {
        if (d.length > 0) {
          const base = this.seqCounter;
          this.seqCounter += d.length;
          this.queue.push({ time: d.timeAt(0), rank: this.opts.rank(d.type as E['type']), seq: base, event: null, slice: null, lazy: d, base, pos: 0 });
        }
        i++;
        continue;
      }
      const rank = this.opts.rank(d.type as E['type']);
      let j = i + 1;
      while (j < drafts.length && !isLazySlice(drafts[j]) && (drafts[j] as DraftOf<E>).time === d.time && this.opts.rank(drafts[j]!.type as E['type']) === rank) j++;
      if (j - i === 1) {
        this.enqueueOne(d);
      } else {
        const events: E[] = [];
        for (let k = i; k < j; k++) events.push(withSeq(drafts[k] as DraftOf<E>, this.seqCounter++));
        this.pushSlice(events, rank);
      }
      i = j;
    }
  }

  /** One queue entry for events of one instant and rank, already given consecutive seqs. */
  private pushSlice(events: readonly E[], rank: number): void {
    const head = events[0]!;
    this.queue.push({ time: head.time, rank, seq: head.seq, event: head, slice: events, lazy: null, base: 0, pos: 0 });
  }

  private enqueueOne(draft: DraftOf<E>): E {
    const event = withSeq(draft, this.seqCounter++);
    this.queue.push({ time: event.time, rank: this.opts.rank(event.type as E['type']), seq: event.seq, event, slice: null, lazy: null, base: 0, pos: 0 });
    return event;
  }
}

/**
 * Gives a draft its seq. A fresh unfrozen draft (what factories and handlers make) is stamped in
 * place, which is several times cheaper than copying; a frozen or shared one is copied.
 */
function withSeq<E>(draft: DraftOf<E>, seq: number): E {
  if (Object.isFrozen(draft) || Object.prototype.hasOwnProperty.call(draft, 'seq')) {
    return { ...draft, seq } as unknown as E;
  }
  (draft as { seq?: number }).seq = seq;
  return draft as unknown as E;
}
