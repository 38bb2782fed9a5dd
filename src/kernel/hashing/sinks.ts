import type { LazySlice } from '../lazy.js';
import type { EventSink } from '../sink.js';
import { BinaryHasher } from './binary-hash.js';

/**
 * Incremental XXH3-128 (see stream-hash) over the canonical (binary) encoding of each event. The hash of a log
 * depends only on its events and their order, never on batching or object key order.
 */
export class LogHasher extends BinaryHasher {
  /** Hashes elements [from, to) of a lazy slice as if materialized, without building them when it can. */
  updateLazy<E extends object>(slice: LazySlice<E>, from: number, to: number, base: number): void {
    if (slice.writeRecords !== undefined) slice.writeRecords(from, to, base, this);
    else for (let i = from; i < to; i++) this.update(slice.materialize(i, base + i));
  }
}

export function hashEvents(events: Iterable<object>): string {
  const h = new LogHasher();
  for (const e of events) h.update(e);
  return h.digest();
}

/** The in-memory event log: every handled event, plus the running content hash. */
export class MemoryLog<E extends object> implements EventSink<E> {
  private readonly list: E[] = [];
  private readonly hasher = new LogHasher();

  append(event: E): void {
    this.list.push(event);
    this.hasher.update(event);
  }

  get length(): number {
    return this.list.length;
  }

  events(): readonly E[] {
    return this.list;
  }

  hash(): string {
    return this.hasher.digest();
  }
}

/** A run that keeps no hash and writes no log: nothing to do per event. */
export class NoLog<E extends object> implements EventSink<E> {
  append(_event: E): void {}
  appendLazy(_slice: LazySlice<E>, _from: number, _to: number, _base: number): void {}
  hash(): null {
    return null;
  }
}

/** Keeps only the running hash: a run that writes no log still has a comparable log hash. */
export class HashOnlyLog<E extends object> implements EventSink<E> {
  private readonly hasher = new LogHasher();

  append(event: E): void {
    this.hasher.update(event);
  }

  appendLazy(slice: LazySlice<E>, from: number, to: number, base: number): void {
    this.hasher.updateLazy(slice, from, to, base);
  }

  get length(): number {
    return this.hasher.length;
  }

  hash(): string {
    return this.hasher.digest();
  }
}
