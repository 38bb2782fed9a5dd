import * as A from 'apache-arrow';
import { formatUtc } from '../calendar/index.js';
import { renderTable } from './display.js';

/** A column's Arrow type; the `?` kinds may hold null (a price an order has not, a time that has not come). */
export type ColumnKind = 'f64' | 'i32' | 'utf8' | 'bool' | 'ts' | 'f64?' | 'ts?' | 'utf8?';
export interface ColumnSpec<R> {
  readonly name: keyof R & string;
  readonly kind: ColumnKind;
}

const TS = new A.TimestampMillisecond('UTC');

function vectorOf(kind: ColumnKind, values: unknown[]): A.Vector {
  switch (kind) {
    case 'f64': return A.makeVector(Float64Array.from(values as number[]));
    case 'i32': return A.makeVector(Int32Array.from(values as number[]));
    case 'utf8': return A.vectorFromArray(values as string[], new A.Utf8());
    case 'bool': return A.vectorFromArray(values as boolean[], new A.Bool());
    case 'ts': return A.makeVector(A.makeData({ type: TS, length: values.length, data: BigInt64Array.from((values as number[]).map((v) => BigInt(v))) }));
    case 'f64?': return A.vectorFromArray(values as (number | null)[], new A.Float64());
    case 'utf8?': return A.vectorFromArray(values as (string | null)[], new A.Utf8());
    case 'ts?': {
      const valid = new Uint8Array((values.length + 7) >> 3);
      values.forEach((v, i) => { if (v !== null) valid[i >> 3]! |= 1 << (i & 7); });
      const nulls = values.filter((v) => v === null).length;
      return A.makeVector(A.makeData({ type: TS, length: values.length, nullCount: nulls, nullBitmap: valid, data: BigInt64Array.from(values.map((v) => BigInt((v as number | null) ?? 0))) }));
    }
  }
}

/**
 * A result table: plain rows (`toArray()`) and an Apache Arrow table (`table`), with an HTML
 * rendering for notebooks.
 */
export class ResultTable<R extends object> {
  private arrow: A.Table | null = null;
  private resolved: readonly R[] | null;
  private readonly make: (() => readonly R[]) | null;

  /**
   * `rows` may be a function: the rows are then built on first use (a run's derived bars are
   * millions of rows that many callers never look at); `length` avoids building them to count.
   * `formatTime` shows a timestamp to people (HTML): give the calendar's `formatLocal` when there
   * is one, so they read exchange-local times with their offset; UTC otherwise.
   */
  constructor(readonly name: string, private readonly columns: readonly ColumnSpec<R>[], rows: readonly R[] | (() => readonly R[]), private readonly knownLength?: number, private readonly formatTime: (t: number) => string = formatUtc) {
    this.resolved = typeof rows === 'function' ? null : rows;
    this.make = typeof rows === 'function' ? rows : null;
  }

  private get rows(): readonly R[] {
    this.resolved ??= this.make!();
    return this.resolved;
  }

  get length(): number {
    return this.resolved === null && this.knownLength !== undefined ? this.knownLength : this.rows.length;
  }

  toArray(): R[] {
    return this.rows.map((r) => ({ ...r }));
  }

  /** The rows as an Arrow table (timestamps as timestamp[ms, UTC]). */
  get table(): A.Table {
    if (this.arrow === null) {
      const cols: Record<string, A.Vector> = {};
      for (const c of this.columns) cols[c.name] = vectorOf(c.kind, this.rows.map((r) => r[c.name]));
      this.arrow = new A.Table(cols);
    }
    return this.arrow;
  }

  toHTML(maxRows = 50): string {
    return renderTable(this.name, this.columns.map((c) => c.name), this.rows as unknown as Record<string, unknown>[], maxRows, (c, v) => (this.columns.find((x) => x.name === c)?.kind.startsWith('ts') && typeof v === 'number' ? this.formatTime(v) : v));
  }

  [Symbol.for('Jupyter.display')](): Record<string, string> {
    return { 'text/html': this.toHTML() };
  }
}
