import type { DayBars, ReadDayOptions } from './read-day.js';

/** What the prefetch thread is asked: one day file, read as readDay reads it. */
export interface ReadRequest {
  readonly id: number;
  readonly file: string;
  readonly options: ReadDayOptions;
  /** Tests only: the thread waits this long before reading (real I/O timing must not matter). */
  readonly delayMs: number;
}

/** The day, or the SimError readDay threw (rebuilt on the main thread), or anything else it threw. */
export type ReadReply =
  | { readonly id: number; readonly ok: true; readonly day: DayBars }
  | { readonly id: number; readonly ok: false; readonly error: { readonly code: string; readonly message: string; readonly details: Readonly<Record<string, unknown>> } }
  | { readonly id: number; readonly ok: false; readonly fatal: string };

/** Slots of the shared signal: replies posted so far, and 1 once the thread listens. */
export const SIGNAL_REPLIES = 0;
export const SIGNAL_READY = 1;
