import type { LazySlice } from '../lazy.js';
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
