import { THREAD_SLOTS } from '../kernel/thread-control.js';

// What a log reader and the read-ahead thread say to each other (read-ahead.ts, read-ahead-worker.ts).

// Int32 slots of the shared control array, after thread-control's.
/** Messages the thread has put on the port, over every stream (a reader waits on it to change). */
export const CTL_POSTED = THREAD_SLOTS;
/** Batches the reader of the current stream has taken (the thread stays at most AHEAD in front). */
export const CTL_TAKEN = THREAD_SLOTS + 1;
/** The id of a stream the reader has let go: its thread stops reading it. */
export const CTL_CANCEL = THREAD_SLOTS + 2;
/**
 * 1 while the reader waits with no batch to take: the thread then hands over the batch it has
 * read without decompressing it, and the reader decompresses it itself rather than wait.
 */
export const CTL_HUNGRY = THREAD_SLOTS + 3;
export const CTL_SLOTS = THREAD_SLOTS + 4;

/** Batches the thread reads ahead of the reader: enough to keep both busy, few enough to hold little memory. */
export const AHEAD = 4;

/** A log to read from byte `from` on (where a batch ends), if `path` is still the file the reader opened. */
export interface OpenRead {
  readonly kind: 'open';
  readonly id: number;
  readonly path: string;
  readonly dev: string;
  readonly ino: string;
  readonly size: number;
  readonly from: number;
}

/**
 * A batch whose seal held: its bytes from the end of the batch before (transferred), its place and
 * metadata, and its compressed buffers decompressed (see log-codecs' Decompressed).
 */
export interface ReadBatch {
  readonly kind: 'batch';
  readonly id: number;
  readonly offset: number;
  readonly end: number;
  readonly metadata: readonly (readonly [string, string])[];
  readonly bytes: Uint8Array;
  readonly offsets: readonly number[];
  readonly lengths: readonly number[];
  readonly outputs: readonly Uint8Array[];
}

/**
 * The thread reads no further: at `at` the stream ends, is cut short, is damaged, or the file is
 * not the one opened. The reader reads on from there itself, and says what it finds.
 */
export interface ReadStop {
  readonly kind: 'stop';
  readonly id: number;
  readonly at: number;
}

export type FromReadAhead = ReadBatch | ReadStop;
