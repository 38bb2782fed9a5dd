import type { DayBars, ReadDayOptions } from './read-day.js';

/** What the prefetch thread is asked: one day file, read as readDay reads it. */
export interface ReadRequest {
  readonly id: number;
  readonly file: string;
  readonly options: Omit<ReadDayOptions, 'reuse'>;
  /**
   * Memory shared with the run, reused from day to day: the day's columns are written into it and
   * only their places are sent back, so the run's thread allocates nothing per day for them.
   * Columns that do not fit come back as buffers of their own.
   */
  readonly slab: SharedArrayBuffer | null;
  /** Tests only: the thread waits this long before reading (real I/O timing must not matter). */
  readonly delayMs: number;
  /** Tests only: the thread exits at this request, as a thread that dies would. */
  readonly exit?: boolean;
}

/** A column in the request's slab. */
export interface SlabColumn {
  readonly slab: 'f64' | 'i32';
  readonly offset: number;
  readonly length: number;
}

/** The columns of a day, as arrays or as places in the slab. */
export const DAY_COLUMNS = ['ts', 'sym', 'open', 'high', 'low', 'close', 'volume', 'fileRow'] as const;
export type SentDay = Omit<DayBars, (typeof DAY_COLUMNS)[number]> & { readonly [K in (typeof DAY_COLUMNS)[number]]: DayBars[K] | SlabColumn };

/** The day, or the SimError readDay threw (rebuilt on the main thread), or anything else it threw. */
export type ReadReply =
  | { readonly id: number; readonly ok: true; readonly day: SentDay }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly details: Readonly<Record<string, unknown>> } }
  | { readonly id: number; readonly ok: false; readonly fatal: string };

/** Slots of the shared signal: replies posted so far, 1 once the thread listens, 1 once it exits. */
export const SIGNAL_REPLIES = 0;
export const SIGNAL_READY = 1;
export const SIGNAL_DEAD = 2;
