import TinyQueue from 'tinyqueue';
import type { LazySlice } from './lazy.js';

/** The shape the kernel needs of an event; the catalogue's SimEvent is one. */
export interface KernelEvent {
  readonly type: string;
  readonly time: number;
  readonly seq: number;
}

/** Events already built as objects, with consecutive seqs, all at one instant and rank. */
export type EventRun<E> = readonly E[];

/** True for a run of built events, false for a lazy slice. */
export function isEventRun<E>(run: EventRun<E> | LazySlice<E>): run is EventRun<E> {
  return Array.isArray(run);
}

/**
 * The one kind of queue entry: a run of events with consecutive seqs (element i has seq
 * base + i), handled in order from `pos`. The run is events built already, or a lazy slice whose
 * times do not decrease. `time` and `seq` are always those of element `pos`: the entry's key.
 */
export interface Entry<E extends KernelEvent> {
  time: number;
  readonly rank: number;
  seq: number;
  readonly run: EventRun<E> | LazySlice<E>;
  readonly base: number;
  pos: number;
}

function compare<E extends KernelEvent>(a: Entry<E>, b: Entry<E>): number {
  return a.time - b.time || a.rank - b.rank || a.seq - b.seq;
}

/**
 * The event queue, ordered by (time, rank, seq). The entry being worked through is held out of
 * the heap while it keeps the smallest key, so a slice of bars costs no heap operation per bar;
 * only this class knows that.
 */
export class EventQueue<E extends KernelEvent> {
  private readonly heap = new TinyQueue<Entry<E>>([], compare);
  private current: Entry<E> | null = null;

  /** The entry last taken, while it has elements left (it may no longer be the smallest). */
  get held(): Entry<E> | null {
    return this.current;
  }

  /** Time of the smallest entry; Infinity when the queue is empty. */
  peekTime(): number {
    const top = this.heap.peek();
    const t = top === undefined ? Infinity : top.time;
    const c = this.current;
    return c !== null && c.time < t ? c.time : t;
  }

  push(entry: Entry<E>): void {
    this.heap.push(entry);
  }

  /** The entry with the smallest key, to take its element `pos` (then `advance` it); undefined when empty. */
  next(): Entry<E> | undefined {
    const top = this.heap.peek();
    let entry = this.current;
    if (entry === null || (top !== undefined && compare(entry, top) > 0)) {
      if (top === undefined) return undefined;
      this.heap.pop();
      if (entry !== null) this.heap.push(entry);
      entry = top;
      this.current = null;
    }
    return entry;
  }

  /** Moves an entry taken by `next` on to element `to`: it is held while elements are left, else retired. */
  advance(entry: Entry<E>, to: number): void {
    entry.pos = to;
    if (to >= entry.run.length) {
      if (this.current === entry) this.current = null;
    } else {
      const run = entry.run;
      entry.time = isEventRun(run) ? run[to]!.time : run.timeAt(to);
      entry.seq = entry.base + to;
      this.current = entry;
    }
  }

  /**
   * Where the run of the held entry ends that comes before everything else queued: its elements
   * from `pos` with time <= until, at most max of them. Keys grow along a run, so this is a
   * prefix, found by binary search.
   */
  runEnd(entry: Entry<E>, until: number, max: number): number {
    const top = this.heap.peek();
    const { run, base, rank, pos } = entry;
    const before = (j: number): boolean => {
      const t = isEventRun(run) ? run[j]!.time : run.timeAt(j);
      if (!(t <= until)) return false;
      if (top === undefined) return true;
      return t < top.time || (t === top.time && (rank < top.rank || (rank === top.rank && base + j < top.seq)));
    };
    let lo = pos, hi = Math.min(run.length, pos + Math.min(max, run.length));
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(mid)) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
