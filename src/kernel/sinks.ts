import { LogHasher } from './hashing/log-hasher.js';
import type { LazySlice } from './lazy.js';

/** Where handled events go, in handling order. The on-disk Arrow log implements this too. */
export interface EventSink<E> {
  append(event: E): void;
  /**
   * Optional columnar path: elements [from, to) of a lazy slice, element i with seq base + i,
   * without their objects.
   */
  appendLazy?(slice: LazySlice<E>, from: number, to: number, base: number): void;
  /** Called once when the run ends (normally or not); sinks flush and release here. */
  close?(): void;
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
  /** The hasher may do its work elsewhere (the hash thread): the same hash either way. */
  constructor(private readonly hasher: LogHasher & { close?(): void } = new LogHasher()) {}

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

  close(): void {
    this.hasher.close?.();
  }
}
