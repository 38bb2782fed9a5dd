import { THREAD_SLOTS } from '../kernel/thread-control.js';
import type { LogCompression } from './log-codecs.js';
import type { BatchMeta } from './log-encode.js';
import type { LogManifest } from './log-format.js';

// What a run and the log thread say to each other (log-thread.ts, log-worker.ts).

/** Int32 slots of the shared control array, after thread-control's: batches written, over every stream. */
export const CTL_DONE = THREAD_SLOTS;
/** The id of the last stream whose write failed (0: none). */
export const CTL_FAILED = THREAD_SLOTS + 1;
export const CTL_SLOTS = THREAD_SLOTS + 2;

/** A run's log starts: its bytes are appended to the file at `path`, if it is still the one the run opened (device and inode). */
export interface OpenStream {
  readonly kind: 'open';
  readonly id: number;
  readonly path: string;
  readonly dev: string;
  readonly ino: string;
  readonly manifest: LogManifest;
  readonly compression: LogCompression;
}

/** A batch to write: its one buffer (transferred), its rows, texts and counts, and the symbols met since the last. */
export interface WriteBatch {
  readonly kind: 'batch';
  readonly id: number;
  readonly capacity: number;
  readonly n: number;
  readonly buffer: ArrayBuffer;
  readonly nonNull: readonly number[];
  /** The rows with a `data` text, and their texts (most rows have none: a whole column would cost its cloning). */
  readonly dataRows: Int32Array;
  readonly dataTexts: readonly string[];
  readonly symbols: readonly string[];
  readonly meta: BatchMeta;
}

export type ToLogThread = OpenStream | WriteBatch;

/** A written batch's buffer, cleared, for the stream's run to fill again (another stream's run drops it: its size may differ). */
export interface FreeBuffer {
  readonly kind: 'free';
  readonly id: number;
  readonly buffer: ArrayBuffer;
}

/** A stream's write failed (its later batches are not written): the error as the thread saw it. */
export interface StreamFailed {
  readonly kind: 'failed';
  readonly id: number;
  readonly message: string;
  readonly code: string | null;
}

export type FromLogThread = FreeBuffer | StreamFailed;
