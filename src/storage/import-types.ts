import type { Interval } from './layout.js';
import type { TimestampFormat } from './timestamps.js';

export interface ImportInput {
  /**
   * A CSV file (`.gz` too), a Parquet file, or a folder of Parquet files (a Hive-partitioned lake:
   * its `key=value` folders are columns, e.g. `symbol=SPY`).
   */
  readonly path: string;
  /**
   * With a symbol column in the file: import only this symbol's rows (the others are rejected as
   * `other-symbol`, so nothing goes unsaid). Without one: the symbol of every row.
   */
  readonly symbol?: string;
  /** The symbol of every row when the file has no symbol column and `symbol` is not given (the CLI passes the file name's stem). */
  readonly defaultSymbol?: string;
}

export interface ColumnMap {
  readonly ts: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly symbol?: string;
  /** A date column and a time column instead of `ts` (both, or neither): `2024-01-02`, `20240102` or `2024/01/02`, and `09:30`, `9:30:00` or `09:30:00.000`. */
  readonly date?: string;
  readonly time?: string;
}

export interface ImportOptions {
  readonly inputs: readonly ImportInput[];
  /** Dataset root. */
  readonly root: string;
  readonly interval: Interval;
  /** Exchange time zone: splits rows into trading dates and reads naive local times. */
  readonly timezone: string;
  /**
   * The session date of a bar that starts inside a session (its [open, close), a break included),
   * null outside every session: such a bar is filed under its session's date, so the evening bars
   * of a session that opens the day before (CME) reach it. Without it, or for a bar outside every
   * session (pre- and post-market prints), the exchange-local date of the bar's start.
   */
  readonly sessionDate?: (ts: number) => string | null;
  /**
   * How text and integer timestamps are read. A Parquet timestamp column is read by its type: with
   * a zone, an instant; without one, the exchange's wall time (UTC with `utc`).
   */
  readonly timestamps: TimestampFormat;
  /** Whether a vendor stamps a bar at its start (the usual) or its end. */
  readonly stamp?: 'start' | 'end';
  readonly columns?: Partial<ColumnMap>;
  /** The CSV field delimiter, one character (default `,`). */
  readonly delimiter?: string;
  /** How long to wait for a day another import is writing before IMPORT_LOCKED (default 60 s). */
  readonly lockWaitMs?: number;
}

export type RejectReason =
  | 'bad-timestamp' | 'timestamp-out-of-range' | 'not-a-number' | 'non-finite' | 'null' | 'high-below-low' | 'outside-range'
  | 'negative-volume' | 'off-grid' | 'duplicate' | 'existing-differs' | 'bad-symbol' | 'other-symbol' | 'wrong-field-count';

export interface RejectedRow {
  /** The CSV or Parquet file (or, for a row dropped from an existing day file being rewritten, that day file). */
  readonly file: string;
  /** 1-based line number in the CSV (the header is line 1); 1-based row in a Parquet file or a day file. */
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: RejectReason;
}

export interface ImportReport {
  readonly rowsRead: number;
  /** Rows new to the dataset, written. */
  readonly rowsImported: number;
  /** Rows already in the dataset with the same values (a re-import): nothing to write. */
  readonly rowsUnchanged: number;
  readonly rejected: readonly RejectedRow[];
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Day files written, with their rows after the merge and how many of them this import added. */
  readonly days: readonly { readonly date: string; readonly file: string; readonly rows: number; readonly added: number; readonly symbols: readonly string[] }[];
}

/** A row that passed every check, on its way into a day. */
export interface ParsedRow {
  readonly symbol: string;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Index of its input file, its line and its timestamp cell: to report it if the dataset disagrees. */
  readonly input: number;
  readonly line: number;
  readonly tsColumn: string;
  readonly tsText: string;
}
