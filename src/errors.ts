/**
 * Errors are data: every error the product raises on purpose is a SimError with a stable `code`
 * and the facts that explain it (file, row, key, value...). The CLI prints `code: message` and
 * exits with the code's status from EXIT_STATUS.
 */

/** Exit statuses: 0 done, 1 the run (or a job, a verify) failed, 2 bad usage or bad input. */
export const EXIT_STATUS = {
  CLOCK_BACKWARDS: 1,
  KERNEL_STOPPED: 1,
  CALENDAR_OUT_OF_RANGE: 2,
  CALENDAR_UNKNOWN: 2,
  CALENDAR_DEFINITION: 2,
  /** A date that is not a session where one is needed (sessionOpen of a holiday), or a minute outside trading with direction 'none'. */
  CALENDAR_NOT_SESSION: 2,
  BAD_DATE: 2,
  DATA_NOT_ARROW: 2,
  DATA_TRUNCATED: 2,
  DATA_EMPTY: 2,
  DATA_MISSING_COLUMN: 2,
  DATA_COLUMN_TYPE: 2,
  DATA_UNSORTED: 2,
  DATA_BAD_SYMBOL: 2,
  DATA_MISSING_DAY: 2,
  DATA_IO: 2,
  /** A path inside the data root (a symlink, a manifest entry) that resolves outside it. */
  DATA_OUTSIDE_ROOT: 2,
  /** The data root does not exist or is not a folder. */
  DATA_ROOT_MISSING: 2,
  IMPORT_BAD_OPTION: 2,
  IMPORT_NO_ROWS: 2,
  IMPORT_MISSING_COLUMN: 2,
  /** A CSV the importer cannot read as a table: binary, not UTF-8, an unclosed quote, a needed column named twice. */
  IMPORT_BAD_CSV: 2,
  /** A Parquet input that cannot be read: not Parquet, cut short, a page that does not decode, rows short of its footer's count. */
  IMPORT_BAD_PARQUET: 2,
  /** Another import holds the day being written. */
  IMPORT_LOCKED: 1,
  /** `--timestamps local`: a row's time the exchange's clock skips or passes twice (DST); nothing written. */
  IMPORT_LOCAL_TIME: 2,
  LOG_CORRUPT: 2,
  LOG_TRUNCATED: 2,
  LOG_INPUT_CHANGED: 2,
  /** The log is of a run that failed or was killed: it has no end. */
  LOG_INCOMPLETE: 2,
  /** Another live run is writing this log path. */
  LOG_LOCKED: 1,
  /** `replay --verify`: the re-run or the log's own bytes do not match its stored hash. */
  LOG_MISMATCH: 1,
  CONFIG_INVALID: 2,
  CALLBACK_FAILED: 1,
  /** A strategy's hook threw (or misused its context): the run stops, its log is kept as incomplete. */
  STRATEGY_FAILED: 1,
  /** A strategy that is not one: not an object with hooks, a module without one, a hook that is not a function. */
  STRATEGY_INVALID: 2,
  /** A run that could deliver nothing (every day missing, failed or empty). */
  RUN_EMPTY: 1,
  /** An output would replace an input, a log that is not the run's own, or a symlink's target. */
  OUTPUT_REFUSED: 2,
  /** An output could not be written (a full or read-only disk, a folder in the way). */
  OUTPUT_IO: 1,
  QUEUE_UNREACHABLE: 2,
  /** The queue's Redis went away mid-sweep or mid-job. */
  QUEUE_LOST: 1,
  /** A job names a path outside the roots its worker serves. */
  QUEUE_FORBIDDEN: 2,
  /** `sweep --wait-timeout-ms`: no worker was connected to the queue for that long (the runs stay queued). */
  QUEUE_NO_WORKER: 1,
  SWEEP_INVALID: 2,
  USAGE: 2,
  /** A bug: anything not raised on purpose. */
  INTERNAL: 1,
} as const;

export type ErrorCode = keyof typeof EXIT_STATUS;

/** The longest line an error prints: a 50 MB value must not become a 28 MB message. */
export const MAX_ERROR_LINE = 400;

/**
 * A value as it may appear inside a message: JSON-quoted strings, control characters escaped,
 * cut to `max` characters with the length said. Use it for every user value put in a message.
 */
export function showValue(v: unknown, max = 80): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : typeof v === 'bigint' ? `${v}n` : v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  } catch {
    s = Object.prototype.toString.call(v);
  }
  s = printable(s);
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

/** Control characters (a CR-only CSV line, an ANSI escape) shown as escapes, never written raw. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** One printable line of at most MAX_ERROR_LINE characters. */
export function errorLine(code: string, message: string): string {
  const line = `${code}: ${printable(message)}`;
  return line.length > MAX_ERROR_LINE ? `${line.slice(0, MAX_ERROR_LINE - 20)}... (${line.length} chars)` : line;
}

export class SimError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }

  /** One readable line: `CODE: message`, printable and bounded. */
  toLine(): string {
    return errorLine(this.code, this.message);
  }

  /** The CLI's exit status for this error. */
  get exitStatus(): number {
    return EXIT_STATUS[this.code];
  }
}

export function isSimError(e: unknown): e is SimError {
  return e instanceof SimError;
}

/** Any thrown value as one line: a SimError's own, anything else as INTERNAL. */
export function anyErrorLine(e: unknown): string {
  return isSimError(e) ? e.toLine() : errorLine('INTERNAL', e instanceof Error ? e.message : String(e));
}
