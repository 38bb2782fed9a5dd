/**
 * What the importer reads, whatever the file format: a header of column names and records of
 * cells. CSV gives text cells; Parquet gives typed ones (numbers, bigints, typed times). One row
 * check (import-rows.ts) serves both, so a Parquet row is judged by the same rules as a CSV line.
 */

/**
 * A typed timestamp from a columnar file: an instant (a zone or UTC in the type) or an
 * exchange-local wall time (no zone in the type), in ms. A time with a part below the millisecond
 * has `ms` off the millisecond grid (x.5), so it is rejected as off-grid, never rounded onto a bar.
 */
export class TypedTime {
  constructor(readonly kind: 'instant' | 'wall', readonly ms: number, readonly text: string) {}
}

export type Cell = string | number | bigint | boolean | null | TypedTime;

export interface SourceRecord {
  /** 1-based: the line in a CSV (the header is line 1), the row in a Parquet file. */
  readonly line: number;
  readonly cells: readonly Cell[];
  /** The record as the user would recognise it, for a ragged row's report (made only when needed). */
  text(): string;
}

export interface TableSource {
  readonly file: string;
  /** What `line` counts, for messages: 'line' (CSV) or 'row' (Parquet). */
  readonly unit: 'line' | 'row';
  /** The column names; null when the first non-blank record is the header (CSV). */
  readonly header: readonly string[] | null;
  /** Reads the records; `columns` are the indexes the import uses (a columnar reader reads only those). */
  records(columns: readonly number[]): AsyncIterable<SourceRecord>;
}

/** A cell as text: what a CSV would hold, for symbols, timestamps and reports. */
export function cellText(c: Cell): string {
  if (c === null) return '';
  if (c instanceof TypedTime) return c.text;
  return String(c);
}

/** A cell as a price or volume: NaN for text that is no number and for null. */
export function cellNumber(c: Cell): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'bigint') return Number(c);
  if (typeof c === 'string') {
    const t = c.trim();
    return t === '' ? NaN : Number(t);
  }
  return NaN;
}
