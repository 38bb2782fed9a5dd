import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import * as A from 'apache-arrow';
import { SimError, showValue } from '../errors.js';
import { finishLeftovers, hasLeftovers } from './import-recovery.js';
import { numericValues } from './arrow-numbers.js';
import { barFault, onGrid as isOnGrid, type BarFault } from './bar-check.js';
import { realPathInRoot } from './data-root.js';
import { compareStrings, type BarColumns } from './columns.js';
import { BAR_COLUMNS, INTERVAL_MS, PRICE_COLUMNS, type Interval } from './layout.js';
import { FRESH, type ArrayAlloc } from '../state/day-arena.js';

/** Why a row was left out of a day. Rows with these flags are counted and skipped, never fatal. */
export type RowFlag = 'duplicate' | 'non-finite' | 'high-below-low' | 'outside-range' | 'negative-volume' | 'off-grid' | 'null';

export interface FlaggedRow {
  readonly file: string;
  /** 0-based row in the file. */
  readonly row: number;
  readonly flag: RowFlag;
  readonly column: string;
  readonly value: string;
  readonly symbol: string;
}

/** A day read from disk: the valid rows as columns, plus what was flagged. */
export interface DayBars extends BarColumns {
  readonly file: string;
  readonly interval: Interval;
  readonly rows: number;
  /** File row of each kept row (for log references). */
  readonly fileRow: Int32Array;
  readonly flagged: readonly FlaggedRow[];
  /** Duplicate (ts, symbol) rows per symbol index (already in `flagged` too). */
  readonly duplicates: Int32Array;
  /** sha256 of the file's bytes, when asked for. */
  readonly sha256: string | null;
}

/**
 * A day's object, always built here with the same keys in the same order: read here or sent by
 * the prefetch thread (rebuilt from its message), every day then has one hidden class, and the
 * handlers that read a day's fields stay optimised (with days of several shapes, they were
 * deoptimised day after day: "wrong map").
 */
export function dayBars(d: DayBars): DayBars {
  return {
    file: d.file, interval: d.interval, rows: d.rows, symbols: d.symbols,
    ts: d.ts, sym: d.sym, open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume,
    fileRow: d.fileRow, flagged: d.flagged, duplicates: d.duplicates, sha256: d.sha256,
  };
}

export interface ReadDayOptions {
  readonly interval: Interval;
  /** Keep only these symbols (others are skipped without being flagged). */
  readonly symbols?: readonly string[];
  readonly hash?: boolean;
  /**
   * The dataset root the file belongs to: the file must resolve (symbolic links followed) inside
   * it, else DATA_OUTSIDE_ROOT.
   */
  readonly root?: string;
  /**
   * Recycled memory (a run's days): the file is read into `scratch`, reused from day to day, and
   * the day's columns are copied out of it into arrays from `arrays`, instead of the columns being
   * views of a new buffer per file.
   */
  readonly reuse?: { readonly scratch: FileScratch; readonly arrays: ArrayAlloc };
}

/** A buffer files are read into, one after another, grown as needed. */
export class FileScratch {
  private buffer = new Uint8Array(0);

  /** The whole file at `fd` in this buffer (valid until the next read). */
  read(fd: number): Uint8Array {
    const size = fstatSync(fd).size;
    if (this.buffer.length < size) this.buffer = new Uint8Array(Math.ceil(size * 1.25));
    let at = 0;
    while (at < size) {
      const n = readSync(fd, this.buffer, at, size - at, null);
      if (n === 0) break;
      at += n;
    }
    return this.buffer.subarray(0, at);
  }

  /** Lets go of the buffer (a later read makes a new one). */
  release(): void {
    this.buffer = new Uint8Array(0);
  }
}

const ARROW_MAGIC = 'ARROW1';
/** Longer symbols are surely not tickers (and a record's encoded tail must fit the hash buffer). */
const MAX_SYMBOL_LENGTH = 256;

function fail(code: 'DATA_NOT_ARROW' | 'DATA_TRUNCATED' | 'DATA_EMPTY' | 'DATA_MISSING_COLUMN' | 'DATA_COLUMN_TYPE' | 'DATA_UNSORTED' | 'DATA_IO', file: string, message: string, details: Record<string, unknown> = {}): never {
  throw new SimError(code, `${file}: ${message}`, { file, ...details });
}

function decode(file: string, bytes: Uint8Array): A.Table {
  if (bytes.length === 0) fail('DATA_EMPTY', file, 'the file is empty');
  const head = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
  const isFile = head === ARROW_MAGIC;
  const isStream = bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  if (!isFile && !isStream) fail('DATA_NOT_ARROW', file, 'not an Arrow IPC file (no ARROW1 magic)', { value: JSON.stringify(head) });
  if (isFile && Buffer.from(bytes.subarray(bytes.length - 6)).toString('latin1') !== ARROW_MAGIC) {
    fail('DATA_TRUNCATED', file, `the file is cut short (${bytes.length} bytes, no closing ARROW1 footer)`, { value: bytes.length });
  }
  try {
    return A.tableFromIPC(bytes);
  } catch (e) {
    fail('DATA_TRUNCATED', file, `unreadable Arrow data: ${(e as Error).message}`);
  }
}

/** A numeric column of any chunking as one Float64Array (timestamps converted to epoch ms). */
function numericColumn(file: string, table: A.Table, name: string): { values: Float64Array; valid: Uint8Array | null } {
  const vec = table.getChild(name);
  if (vec === null) fail('DATA_MISSING_COLUMN', file, `missing column '${name}'`, { column: name });
  const type = vec.type as A.DataType;
  let scale = 1;
  if (name === 'ts') {
    if (!A.DataType.isTimestamp(type)) fail('DATA_COLUMN_TYPE', file, `column 'ts' must be a timestamp, found ${String(type)}`, { column: name, value: String(type) });
    scale = [1000, 1, 1e-3, 1e-6][(type as A.Timestamp).unit]!;
  } else if (!A.DataType.isFloat(type) && !A.DataType.isInt(type)) {
    fail('DATA_COLUMN_TYPE', file, `column '${name}' must be numeric (float64), found ${String(type)}`, { column: name, value: String(type) });
  }
  // One clean float64 chunk: use Arrow's own buffer (read-only use downstream).
  const only = vec.data.length === 1 ? vec.data[0]! : null;
  if (only !== null && only.nullCount === 0 && only.values instanceof Float64Array && scale === 1) {
    const v = only.values as Float64Array;
    return { values: only.offset === 0 && v.length === only.length ? v : v.subarray(only.offset, only.offset + only.length), valid: null };
  }
  return numericValues(vec, scale);
}

/** Symbol column (dictionary or plain utf8) as indexes into a sorted list of names. */
function symbolColumn(file: string, table: A.Table, arrays: ArrayAlloc): { names: string[]; idx: Int32Array } {
  const vec = table.getChild('symbol');
  if (vec === null) fail('DATA_MISSING_COLUMN', file, "missing column 'symbol'", { column: 'symbol' });
  const type = vec.type as A.DataType;
  const isDict = A.DataType.isDictionary(type) && A.DataType.isUtf8((type as A.Dictionary).dictionary);
  if (!isDict && !A.DataType.isUtf8(type)) fail('DATA_COLUMN_TYPE', file, `column 'symbol' must be dictionary<utf8> or utf8, found ${String(type)}`, { column: 'symbol', value: String(type) });
  const raw: string[] = [];
  const rawIndex = arrays.i32ToFill(vec.length);
  const seen = new Map<string, number>();
  const intern = (s: string) => {
    let i = seen.get(s);
    if (i === undefined) { i = raw.length; raw.push(s); seen.set(s, i); }
    return i;
  };
  let at = 0;
  for (const chunk of vec.data) {
    if (isDict) {
      const dict = Array.from(chunk.dictionary as A.Vector<A.Utf8>, (s) => String(s ?? ''));
      const local = dict.map(intern);
      const keys = chunk.values as Int32Array;
      if (local.every((v, i) => v === i)) rawIndex.set(keys.subarray(chunk.offset, chunk.offset + chunk.length), at);
      else for (let i = 0; i < chunk.length; i++) rawIndex[at + i] = local[keys[chunk.offset + i]!]!;
    } else {
      const v = A.makeVector(chunk as A.Data<A.Utf8>);
      for (let i = 0; i < chunk.length; i++) rawIndex[at + i] = intern(v.get(i) ?? '');
    }
    at += chunk.length;
  }
  const names = [...raw].sort(compareStrings);
  // Our writer stores the dictionary sorted: then the indexes are already ranks.
  if (names.some((s, i) => raw[i] !== s)) {
    const position = new Map(names.map((s, i) => [s, i]));
    const rank = Int32Array.from(raw, (s) => position.get(s)!);
    for (let i = 0; i < rawIndex.length; i++) rawIndex[i] = rank[rawIndex[i]!]!;
  }
  return { names, idx: rawIndex };
}

/**
 * Reads and validates one day file. Fatal (a SimError naming the file and row): not Arrow, empty,
 * truncated, a missing or mistyped column, rows out of (ts, symbol) order. Flagged and skipped
 * (counted with their row): duplicate (ts, symbol), null or non-finite values, high < low,
 * open/close outside [low, high], negative volume, a ts off the interval grid.
 */
export function readDay(file: string, options: ReadDayOptions): DayBars {
  // A killed import's leftovers beside the day (one readdir to know) are finished first, as an
  // import would: the day is read as the dataset holds it, even when only a backup holds it.
  if (hasLeftovers(file)) finishLeftovers(file);
  const bytes = readDayBytes(file, options);
  if (bytes === null) {
    const left = hasLeftovers(file) ? ` (a killed import left ${showValue(path.basename(file) + '.bak-*')} beside it, which could not be put back: the next import restores it)` : '';
    throw new SimError('DATA_MISSING_DAY', `${file}: no such day file${left}`, { file });
  }
  return decodeDay(file, bytes, options);
}

/** The day file's bytes, null when it does not exist. */
function readDayBytes(file: string, options: ReadDayOptions): Uint8Array | null {
  // Inside a root, the file read is the checked real path, so a link swapped after the check
  // cannot redirect the read.
  const real = options.root === undefined ? file : realPathInRoot(options.root, file);
  if (real === null) return null;
  try {
    if (options.reuse === undefined) return readFileSync(real);
    const fd = openSync(real, 'r');
    try {
      return options.reuse.scratch.read(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new SimError('DATA_IO', `${file}: ${(e as Error).message}`, { file });
  }
}

/** How a flagged row's value reads: the value at fault, with the bounds it broke. */
function faultValue(f: BarFault, o: number, h: number, l: number, c: number, v: number): unknown {
  switch (f.reason) {
    case 'non-finite': return [o, h, l, c, v][PRICE_COLUMNS.indexOf(f.column)];
    case 'high-below-low': return `${h} < low ${l}`;
    case 'outside-range': return `${f.column === 'open' ? o : c} outside [${l}, ${h}]`;
    case 'negative-volume': return v;
  }
}

/** What the row pass reads and where it puts what it keeps and flags. */
interface RowPass {
  readonly file: string;
  readonly n: number;
  readonly tsv: Float64Array;
  readonly idx: Int32Array;
  readonly remap: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly step: number;
  readonly anyNull: boolean;
  readonly nullColumn: (row: number) => string | null;
  readonly flag: (row: number, f: RowFlag, column: string, value: unknown) => void;
  readonly keep: Int32Array;
  readonly duplicates: Int32Array;
}

/**
 * The rows kept (their numbers into `keep`, their count returned), the others flagged. A function
 * of its own, called once a day: as a loop inside decodeDay its optimised code was thrown away at
 * the end of every day (the code after the loop had not run when it was compiled), so each day's
 * rows ran mostly unoptimised.
 */
function keepRows(p: RowPass): number {
  const { file, n, tsv, idx, remap, open, high, low, close, volume, step, anyNull, nullColumn, flag, keep, duplicates } = p;
  let kept = 0;
  // Rows come in ts order, many per instant: the grid test (a float modulo) runs once per instant.
  let gridTs = NaN, onGrid = false;
  for (let r = 0; r < n; r++) {
    const t = tsv[r]!, k = idx[r]!;
    if (r > 0) {
      const d = t - tsv[r - 1]! || k - idx[r - 1]!;
      if (d < 0) fail('DATA_UNSORTED', file, `row ${r} is out of (ts, symbol) order (ts ${t} after ${tsv[r - 1]})`, { row: r, value: t, previous: tsv[r - 1] });
      if (d === 0) {
        if (remap[k]! >= 0) { flag(r, 'duplicate', 'ts', t); duplicates[remap[k]!]!++; }
        continue;
      }
    }
    if (remap[k]! < 0) continue;
    if (anyNull) {
      const bad = nullColumn(r);
      if (bad !== null) { flag(r, 'null', bad, null); continue; }
    }
    if (t !== gridTs) { gridTs = t; onGrid = isOnGrid(t, step); }
    if (!onGrid) { flag(r, 'off-grid', 'ts', t); continue; }
    const o = open[r]!, h = high[r]!, l = low[r]!, c = close[r]!, v = volume[r]!;
    const bad = barFault(o, h, l, c, v);
    if (bad !== null) { flag(r, bad.reason, bad.column, faultValue(bad, o, h, l, c, v)); continue; }
    keep[kept++] = r;
  }
  return kept;
}

export function decodeDay(file: string, bytes: Uint8Array, options: ReadDayOptions): DayBars {
  const table = decode(file, bytes);
  for (const c of BAR_COLUMNS) if (table.getChild(c) === null) fail('DATA_MISSING_COLUMN', file, `missing column '${c}'`, { column: c });
  const arrays = options.reuse?.arrays ?? FRESH;
  const { names, idx } = symbolColumn(file, table, arrays);
  const long = names.find((s) => s.length > MAX_SYMBOL_LENGTH);
  if (long !== undefined) fail('DATA_COLUMN_TYPE', file, `symbol ${JSON.stringify(long.slice(0, 40))}... is longer than ${MAX_SYMBOL_LENGTH} characters`, { column: 'symbol', value: long.slice(0, 40) });
  const ts = numericColumn(file, table, 'ts');
  const cols = PRICE_COLUMNS.map((c) => numericColumn(file, table, c));
  const n = table.numRows;
  const step = INTERVAL_MS[options.interval];

  const wanted = options.symbols === undefined ? null : new Set(options.symbols);
  // Each file symbol's index among the kept ones, -1 for a symbol outside the run's universe.
  const remap = new Int32Array(names.length).fill(-1);
  const outNames: string[] = [];
  names.forEach((s, i) => { if (wanted === null || wanted.has(s)) remap[i] = outNames.push(s) - 1; });

  const flagged: FlaggedRow[] = [];
  const duplicates = new Int32Array(outNames.length);
  const keep = arrays.i32ToFill(n);
  const tsv = ts.values;
  const [open, high, low, close, volume] = cols.map((c) => c.values) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const flag = (row: number, f: RowFlag, column: string, value: unknown) =>
    flagged.push({ file, row, flag: f, column, value: String(value), symbol: names[idx[row]!]! });
  const anyNull = ts.valid !== null || cols.some((c) => c.valid !== null);
  // (A function of the row, not a closure over the loop variable: that would move it to the heap.)
  const nullColumn = (row: number): string | null => {
    if (ts.valid !== null && ts.valid[row] === 0) return 'ts';
    const bad = cols.findIndex((c) => c.valid !== null && c.valid[row] === 0);
    return bad < 0 ? null : PRICE_COLUMNS[bad]!;
  };
  const kept = keepRows({ file, n, tsv, idx, remap, open, high, low, close, volume, step, anyNull, nullColumn, flag, keep, duplicates });

  // Every row kept (the usual case for clean data): hand the columns over without copying, unless
  // they are views of a buffer that is read into again (then they are copied into their own).
  const all = kept === n;
  const identity = outNames.length === names.length;
  const pick = (src: Float64Array) => {
    if (all && options.reuse === undefined) return src;
    const out = arrays.f64ToFill(kept);
    if (all) out.set(src);
    else for (let i = 0; i < kept; i++) out[i] = src[keep[i]!]!;
    return out;
  };
  let sym: Int32Array;
  if (all && identity) sym = idx;
  else {
    sym = arrays.i32ToFill(kept);
    for (let i = 0; i < kept; i++) sym[i] = remap[idx[keep[i]!]!]!;
  }
  return dayBars({
    file,
    interval: options.interval,
    rows: n,
    symbols: outNames,
    ts: pick(tsv),
    sym,
    open: pick(open),
    high: pick(high),
    low: pick(low),
    close: pick(close),
    volume: pick(volume),
    fileRow: all ? keep : keep.subarray(0, kept),
    flagged,
    duplicates,
    sha256: options.hash ? createHash('sha256').update(bytes).digest('hex') : null,
  });
}
