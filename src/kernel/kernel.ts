import { drain, drainObserved, type Loop } from './drain.js';
import { ClockBackwardsError } from './errors.js';
import { isLazySlice, type LazySlice } from './lazy.js';
import { EventQueue, isEventRun, type KernelEvent } from './queue.js';
import type { Decider, DraftOf, Emitted, KernelOptions, RunOptions, Watcher } from './types.js';

const ALWAYS = (): boolean => true;
const NEVER = (): boolean => false;

/**
 * The event loop, in SimPy's shape: a clock, a queue, step/run/runUntil/peek. Events are handled
 * in (time, rank, seq) order, one at a time, to completion: fold into state, append to the
 * sinks, then ask the handler of its type for follow-up events, which are queued, never handled
 * re-entrantly. Runs of a lazy slice that nothing needs as objects are drained in one go (drain.ts).
 */
export class Kernel<S, E extends KernelEvent> {
  private readonly queue = new EventQueue<E>();
  private readonly opts: KernelOptions<S, E>;
  private readonly loop: Loop<S, E>;
  private seqCounter = 0;
  /** Sinks that need event objects (no columnar path). */
  private readonly objectSinks: number;
  private readonly watchers = new Map<string, Watcher<S, E>>();

  constructor(opts: KernelOptions<S, E>) {
    this.opts = opts;
    for (const w of opts.watchers ?? []) {
      if (this.watchers.has(w.type)) throw new Error(`two watchers of ${w.type}`);
      this.watchers.set(w.type, w);
    }
    const sinks = opts.sinks ?? [];
    this.objectSinks = sinks.filter((s) => s.appendLazy === undefined).length;
    this.loop = { state: opts.initialState, clock: opts.startTime ?? -Infinity, handled: 0, finished: false, queue: this.queue, sinks, fold: opts.foldLazy ?? null };
  }

  get now(): number {
    return this.loop.clock;
  }

  get state(): S {
    return this.loop.state;
  }

  /** Events handled so far. */
  get handled(): number {
    return this.loop.handled;
  }

  /** True once a terminal event was handled: nothing more will run. */
  get done(): boolean {
    return this.loop.finished;
  }

  /** The seq the next scheduled event will get. */
  get nextSeq(): number {
    return this.seqCounter;
  }

  /** Time of the next event, Infinity when none (or when the run has finished). */
  peek(): number {
    return this.loop.finished ? Infinity : this.queue.peekTime();
  }

  /** Queues one event; returns it with its seq. Throws ClockBackwardsError for a time before now. */
  schedule(draft: DraftOf<E>): E {
    this.checkTime(draft);
    const event = withSeq(draft, this.seqCounter++);
    this.pushEvents([event]);
    return event;
  }

  /** Handles the next event; returns it, or undefined when there is none or the run is over. */
  step(): E | undefined {
    return this.handleNext(ALWAYS) ?? undefined;
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
      const held = this.queue.held;
      if (held !== null && !isEventRun(held.run) && this.canDrain(held.run)) {
        const slice = held.run;
        const from = held.pos, base = held.base;
        // A watched type is drained one instant at a time: what the watcher emits comes between instants.
        const watcher = this.activeWatcher(slice.type);
        const upTo = watcher === null ? until : Math.min(until, slice.timeAt(from));
        const k = observe !== null && observe.wants(slice.type) ? drainObserved(this.loop, held, slice, upTo, max - n, observe.notify) : drain(this.loop, held, slice, upTo, max - n);
        if (watcher !== null && k > 0 && !this.loop.finished) this.emit(watcher.decideSlice(this.loop.state, slice, from, from + k, base));
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
    if (this.loop.finished) return;
    this.loop.finished = true;
    for (const sink of this.loop.sinks) sink.close?.();
  }

  /**
   * Handles the next event. An element of a lazy slice whose type `wants` refuses, and that
   * nobody else needs as an object, is folded and logged from its columns, and null is returned.
   */
  private handleNext(wants: (type: string) => boolean): E | null | undefined {
    if (this.loop.finished) return undefined;
    const entry = this.queue.next();
    if (entry === undefined) return undefined;
    const { run, base, pos: i, time } = entry;
    this.queue.advance(entry, i + 1);
    const loop = this.loop;
    loop.clock = time;
    if (isEventRun(run)) {
      const event = run[i]!;
      loop.state = this.opts.evolve(loop.state, event);
      for (const sink of loop.sinks) sink.append(event);
      this.afterFold(event);
      const watcher = this.activeWatcher(event.type);
      if (watcher !== null && !loop.finished) this.emit(watcher.decideEvent(loop.state, event));
      return event;
    }
    const watcher = this.activeWatcher(run.type);
    if (wants(run.type) || this.objectSinks > 0 || loop.fold === null || this.opts.handlers[run.type as E['type']] !== undefined) {
      const event = run.materialize(i, base + i);
      loop.state = loop.fold === null ? this.opts.evolve(loop.state, event) : loop.fold(loop.state, run, i, i + 1, base);
      for (const sink of loop.sinks) {
        if (sink.appendLazy === undefined) sink.append(event);
        else sink.appendLazy(run, i, i + 1, base);
      }
      this.afterFold(event);
      if (watcher !== null && !loop.finished) this.emit(watcher.decideSlice(loop.state, run, i, i + 1, base));
      return event;
    }
    loop.state = loop.fold!(loop.state, run, i, i + 1, base);
    for (const sink of loop.sinks) sink.appendLazy!(run, i, i + 1, base);
    loop.handled++;
    if (watcher !== null) this.emit(watcher.decideSlice(loop.state, run, i, i + 1, base));
    return null;
  }

  /** The watcher of a type, when there is one and it is active now. */
  private activeWatcher(type: string): Watcher<S, E> | null {
    if (this.watchers.size === 0) return null;
    const w = this.watchers.get(type);
    return w !== undefined && w.active(this.loop.state) ? w : null;
  }

  /** Queues follow-ups (a handler's or a watcher's), checked against the clock. */
  private emit(emitted: readonly Emitted<E>[]): void {
    if (emitted.length === 0) return;
    for (const d of emitted) this.checkTime(d);
    this.enqueue(emitted);
  }

  /** True when elements of this slice can be handled from columns: no handler, no object sink. */
  private canDrain(slice: LazySlice<E>): boolean {
    return this.loop.fold !== null && this.objectSinks === 0 && this.opts.handlers[slice.type as E['type']] === undefined;
  }

  /** Counts the event, asks its handler for follow-ups, ends the run after a terminal event. */
  private afterFold(event: E): void {
    this.loop.handled++;
    const handler = this.opts.handlers[event.type as E['type']] as Decider<S, E> | undefined;
    if (handler !== undefined) this.emit(handler(this.loop.state, event));
    if (this.opts.isTerminal?.(event)) this.finish();
  }

  private checkTime(item: Emitted<E>): void {
    const clock = this.loop.clock;
    const time = isLazySlice(item) ? (item.length === 0 ? clock : item.timeAt(0)) : item.time;
    if (!(time >= clock) || !Number.isFinite(time)) throw new ClockBackwardsError(clock, time, item.type);
  }

  /** Queues what a handler emitted, in order: a lazy slice is one entry, and so is each run of drafts of one (time, rank). */
  private enqueue(emitted: readonly Emitted<E>[]): void {
    let i = 0;
    while (i < emitted.length) {
      const d = emitted[i]!;
      if (isLazySlice<E>(d)) {
        if (d.length > 0) {
          const base = this.seqCounter;
          this.seqCounter += d.length;
          this.queue.push({ time: d.timeAt(0), rank: this.opts.rank(d.type as E['type']), seq: base, run: d, base, pos: 0 });
        }
        i++;
        continue;
      }
      const rank = this.opts.rank(d.type as E['type']);
      const events: E[] = [];
      for (; i < emitted.length; i++) {
        const x = emitted[i]!;
        if (isLazySlice(x) || (x as DraftOf<E>).time !== d.time || this.opts.rank(x.type as E['type']) !== rank) break;
        events.push(withSeq(x as DraftOf<E>, this.seqCounter++));
      }
      this.pushEvents(events, rank);
    }
  }

  /** One queue entry for events of one instant and rank, already given consecutive seqs. */
  private pushEvents(events: readonly E[], rank = this.opts.rank(events[0]!.type as E['type'])): void {
    const head = events[0]!;
    this.queue.push({ time: head.time, rank, seq: head.seq, run: events, base: head.seq, pos: 0 });
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
