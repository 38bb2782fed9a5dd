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
