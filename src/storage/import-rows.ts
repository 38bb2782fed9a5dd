import { SimError, showValue } from '../errors.js';
import { barFault, onGrid } from './bar-check.js';
import { showFile } from './csv.js';
import { cellNumber, cellText, TypedTime, type Cell, type SourceRecord, type TableSource } from './import-source.js';
import type { ColumnMap, ImportInput, ParsedRow, RejectedRow, RejectReason } from './import-types.js';
import { checkSymbol } from './layout.js';
import { describeWallProblem } from '../calendar/zone-offsets.js';
import { inBarTimeRange, LocalTimeProblem, type TimestampParser } from './timestamps.js';

export { showFile };

const PRICE_KEYS = ['open', 'high', 'low', 'close', 'volume'] as const;
const DEFAULT_COLUMNS: ColumnMap = { ts: 'ts', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' };
/** Names a symbol column goes by when `--map symbol=` does not name it. */
const SYMBOL_NAMES = ['symbol', 'ticker'];

type NameKey = 'ts' | (typeof PRICE_KEYS)[number] | 'symbol';

/** Where a row's time is: one timestamp column, or a date column and a time column. */
type TimeAt = { readonly ts: number } | { readonly date: number; readonly time: number };

interface Layout {
  readonly width: number;
  readonly time: TimeAt;
  readonly at: Readonly<Record<(typeof PRICE_KEYS)[number], number>>;
  /** Header names of the columns used, for reports (`Date+Time` for a date and a time column). */
  readonly names: Readonly<Record<NameKey, string>>;
  /** The symbol column, or null when every row gets `label`. */
  readonly symbolAt: number | null;
  readonly label: string | null;
  /** With a symbol column: keep only this symbol's rows. */
  readonly only: string | null;
  /** The columns read, for a columnar file. */
  readonly used: readonly number[];
}

/**
 * Where each needed column is. A mapped name must match exactly; a default name also matches
 * case-insensitively (`Open`, `VOLUME`). A needed name found twice is ambiguous: an error.
 */
function findColumn(src: TableSource, header: readonly string[], name: string, exactOnly: boolean): number {
  const file = src.file;
  const exact = header.flatMap((h, i) => (h === name ? [i] : []));
  const hits = exact.length > 0 || exactOnly ? exact : header.flatMap((h, i) => (h.toLowerCase() === name.toLowerCase() ? [i] : []));
  if (hits.length > 1) {
    const code = src.unit === 'line' ? 'IMPORT_BAD_CSV' : 'IMPORT_BAD_PARQUET';
    const where = src.unit === 'line' ? 'the header' : 'the file\'s columns and its key=value folders';
    throw new SimError(code, `${showFile(file)}: column ${showValue(name)} appears ${hits.length} times in ${where} (columns ${hits.map((i) => i + 1).join(', ')}); rename one or map another with --map`, { file, column: name });
  }
  return hits[0] ?? -1;
}

function missing(src: TableSource, header: readonly string[], what: string, name: string, delimiter: string): SimError {
  const file = src.file;
  const other = [',', ';', '\t', '|'].find((d) => d !== delimiter && (header[0] ?? '').includes(d));
  const split = delimiter === ',' ? 'at commas' : `at ${showValue(delimiter)}`;
  const one = src.unit === 'line' && header.length === 1 && other !== undefined ? ` (the header is one field when split ${split}: give --delimiter ${showValue(other)})` : '';
  const label = src.unit === 'line' ? 'header' : 'columns';
  return new SimError('IMPORT_MISSING_COLUMN', `${showFile(file)}: no column ${showValue(name)} for ${what}; ${label}: ${showValue(header.join(','), 120)}${one}`, { file, column: name, key: what });
}

function layout(src: TableSource, header: readonly string[], cols: Partial<ColumnMap>, input: ImportInput, delimiter: string): Layout {
  const file = src.file;
  const need = (key: string, name: string, exact: boolean) => {
    const i = findColumn(src, header, name, exact);
    if (i < 0) throw missing(src, header, key, name, delimiter);
    return i;
  };
  const at = {} as Record<(typeof PRICE_KEYS)[number], number>;
  const names = {} as Record<NameKey, string>;
  let time: TimeAt;
  if (cols.date !== undefined && cols.time !== undefined) {
    time = { date: need('date', cols.date, true), time: need('time', cols.time, true) };
    names.ts = `${header[time.date]}+${header[time.time]}`;
  } else {
    const ts = need('ts', cols.ts ?? DEFAULT_COLUMNS.ts, cols.ts !== undefined);
    time = { ts };
    names.ts = header[ts]!;
  }
  for (const key of PRICE_KEYS) {
    const i = need(key, cols[key] ?? DEFAULT_COLUMNS[key], cols[key] !== undefined);
    at[key] = i;
    names[key] = header[i]!;
  }
  const used = ['ts' in time ? [time.ts] : [time.date, time.time], PRICE_KEYS.map((k) => at[k])].flat();
  let symbolAt = -1;
  if (cols.symbol !== undefined) symbolAt = need('symbol', cols.symbol, true);
  else for (const name of SYMBOL_NAMES) if (symbolAt < 0) symbolAt = findColumn(src, header, name, false);
  if (symbolAt >= 0) {
    names.symbol = header[symbolAt]!;
    return { width: header.length, time, at, names, symbolAt, label: null, only: input.symbol ?? null, used: [...used, symbolAt] };
  }
  names.symbol = 'symbol';
  const label = input.symbol ?? input.defaultSymbol;
  if (label === undefined) throw missing(src, header, 'symbol', SYMBOL_NAMES.join("' or '"), delimiter);
  try {
    checkSymbol(label);
  } catch {
    throw new SimError('IMPORT_BAD_OPTION', `${showFile(file)}: no symbol column, and ${showValue(label)} (${input.symbol === undefined ? 'from the file name' : '--symbol'}) is not a symbol; give --symbol NAME`, { file, key: 'symbol', value: label });
  }
  return { width: header.length, time, at, names, symbolAt: null, label, only: null, used };
}

export interface FileRows {
  readonly read: number;
  readonly rows: ParsedRow[];
}

/** What every file of one import shares: how to read times, the grid, and the (ts, symbol) keys seen so far. */
export interface RowContext {
  readonly parser: TimestampParser;
  readonly step: number;
  /** Subtracted from a timestamp to get the bar start (one interval for bar-end stamps). */
  readonly shift: number;
  readonly columns: Partial<ColumnMap>;
  /** The CSV delimiter (for the hint when a header is one field). */
  readonly delimiter: string;
  readonly seen: Set<string>;
  readonly reject: (r: RejectedRow) => void;
}

function isBlank(r: SourceRecord): boolean {
  return r.cells.length === 1 && cellText(r.cells[0]!).trim() === '';
}

/**
 * One input's rows, each checked like the reader checks a day file. A bad row is rejected
 * (file, line or row, column, value, reason), never fatal; what makes the whole file unreadable
 * (no header, a missing or ambiguous column, an unclosed quote, a damaged Parquet page) is an
 * error naming the file. CSV and Parquet rows go through the same checks.
 */
export async function parseFile(index: number, input: ImportInput, src: TableSource, ctx: RowContext): Promise<FileRows> {
  const file = src.file;
  const rows: ParsedRow[] = [];
  let read = 0;
  let lay: Layout | null = src.header === null ? null : layout(src, src.header, ctx.columns, input, ctx.delimiter);
  const reject = (row: number, column: string, value: string, reason: RejectReason) => ctx.reject({ file, row, column, value, reason });
  for await (const rec of src.records(lay?.used ?? [])) {
    if (lay === null) {
      if (isBlank(rec)) continue;
      lay = layout(src, rec.cells.map((h) => cellText(h).trim()), ctx.columns, input, ctx.delimiter);
      continue;
    }
    if (src.unit === 'line' && isBlank(rec)) continue;
    read++;
    const row = checkRow(src, rec, lay, ctx, index, reject);
    if (row !== null) rows.push(row);
  }
  if (lay === null) throw new SimError('IMPORT_NO_ROWS', `${showFile(file)}: only blank lines (no header, no rows)`, { file });
  return { read, rows };
}

/**
 * A row's time. A local time the clock skips or passes twice fails the import rather than the row:
 * dropping it would silently lose a bar, and placing it would guess (rows of the fall-back hour
 * could be either pass; their order is not trusted to tell, since files interleave symbols).
 */
function parseTime(parser: TimestampParser, cell: Cell, text: string, where: { unit: string; line: number }, column: string, file: string): number {
  try {
    if (cell instanceof TypedTime) return cell.kind === 'instant' ? cell.ms : parser.wall(cell.ms, text);
    return parser.parse(text);
  } catch (e) {
    if (!(e instanceof LocalTimeProblem)) throw e;
    const hint = e.problem.kind === 'skipped' ? 'is --tz right? or give times with an offset, or --timestamps utc' : 'give times with an offset, or --timestamps utc';
    throw new SimError('IMPORT_LOCAL_TIME', `${showFile(file)}: ${where.unit} ${where.line} column ${showValue(column, 40)}: ${showValue(text, 40)} ${describeWallProblem(e.zone, e.problem)}; ${hint}; nothing was imported`, { file, row: where.line, column, value: text });
  }
}

/** A date and a time column as one timestamp text: `YYYYMMDD` and `YYYY/MM/DD` dates as `YYYY-MM-DD`, `9:30` as `09:30`. */
function dateTimeText(date: string, time: string): string {
  const d = date.trim(), t = time.trim();
  const m = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/.exec(d);
  const day = m === null ? d : `${m[1]}-${m[2]}-${m[3]}`;
  return `${day} ${/^\d:/.test(t) ? `0${t}` : t}`;
}

function checkRow(src: TableSource, rec: SourceRecord, lay: Layout, ctx: RowContext, input: number, reject: (row: number, column: string, value: string, reason: RejectReason) => void): ParsedRow | null {
  const { line, cells: f } = rec;
  const { names, at } = lay;
  if (f.length !== lay.width) { reject(line, '*', rec.text(), 'wrong-field-count'); return null; }
  const symCell = lay.symbolAt === null ? lay.label! : f[lay.symbolAt]!;
  if (symCell === null) { reject(line, names.symbol, '', 'null'); return null; }
  const symbol = cellText(symCell).trim();
  try { checkSymbol(symbol); } catch { reject(line, names.symbol, symbol, 'bad-symbol'); return null; }
  if (lay.only !== null && symbol !== lay.only) { reject(line, names.symbol, symbol, 'other-symbol'); return null; }
  const tsCell: Cell = 'ts' in lay.time ? f[lay.time.ts]! : (f[lay.time.date] === null || f[lay.time.time] === null ? null : dateTimeText(cellText(f[lay.time.date]!), cellText(f[lay.time.time]!)));
  if (tsCell === null) { reject(line, names.ts, '', 'null'); return null; }
  const tsText = cellText(tsCell);
  const t = parseTime(ctx.parser, tsCell, tsText, { unit: src.unit, line }, names.ts, src.file);
  if (Number.isNaN(t)) { reject(line, names.ts, tsText, 'bad-timestamp'); return null; }
  const start = t - ctx.shift;
  if (!inBarTimeRange(start)) { reject(line, names.ts, tsText, 'timestamp-out-of-range'); return null; }
  if (!onGrid(start, ctx.step)) { reject(line, names.ts, tsText, 'off-grid'); return null; }
  const nums = PRICE_KEYS.map((key) => cellNumber(f[at[key]]!));
  const [o, h, l, c, v] = nums as [number, number, number, number, number];
  const bad = barFault(o, h, l, c, v);
  if (bad !== null) {
    const raw = f[at[bad.column]]!, cell = cellText(raw), x = nums[PRICE_KEYS.indexOf(bad.column)]!;
    if (raw === null) reject(line, names[bad.column], '', 'null');
    else if (bad.reason === 'non-finite') {
      // Text that is no number says so; NaN written as such and infinities are non-finite.
      reject(line, names[bad.column], cell, Number.isNaN(x) && !/^nan$/i.test(cell.trim()) ? 'not-a-number' : 'non-finite');
    } else {
      reject(line, names[bad.column], bad.reason === 'high-below-low' ? `${h} < ${l}` : String(x), bad.reason);
    }
    return null;
  }
  const key = `${start}\u0000${symbol}`;
  if (ctx.seen.has(key)) { reject(line, names.ts, tsText, 'duplicate'); return null; }
  ctx.seen.add(key);
  return { symbol, ts: start, open: o, high: h, low: l, close: c, volume: v, input, line, tsColumn: names.ts, tsText };
}
