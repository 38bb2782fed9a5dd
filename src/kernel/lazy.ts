import type { RecordWriter } from './hashing/binary-hash.js';

/**
 * Many events of one type, scheduled at once and kept as columns: the kernel gives them
 * consecutive seqs and handles them one by one in (time, rank, seq) order, exactly as if each had
 * been scheduled as an object, but builds an object only when someone needs one (a handler of the
 * type, a sink without a columnar path, or a caller of step()). Times must not decrease with i.
 */
export interface LazySlice<E> {
  readonly lazy: true;
  readonly type: string;
  readonly length: number;
  timeAt(i: number): number;
  /** Element i as an event object with this seq. */
  materialize(i: number, seq: number): E;
  /**
   * Writes the canonical hash records of elements [from, to), element i with seq base + i: byte
   * for byte what hashing each materialize(i, base + i) writes.
   */
  writeRecords?(from: number, to: number, base: number, w: RecordWriter): void;
}

export function isLazySlice<E>(x: unknown): x is LazySlice<E> {
  return typeof x === 'object' && x !== null && (x as { lazy?: unknown }).lazy === true;
}
