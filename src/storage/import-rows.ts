import { readFileSync } from 'node:fs';
import { SimError, showValue } from '../errors.js';
import { barFault, onGrid } from './bar-check.js';
import { csvRecords, UnclosedQuote, type CsvRecord } from './csv.js';
import type { ColumnMap, ImportInput, ParsedRow, RejectedRow, RejectReason } from './import-types.js';
import { checkSymbol } from './layout.js';
import { describeWallProblem } from '../calendar/zone-offsets.js';
import { inBarTimeRange, LocalTimeProblem, type TimestampParser } from './timestamps.js';

/** A file name as it appears in a message: quoted, escaped, long enough to keep the name. */
export function showFile(file: string): string {
  return showValue(file, 160);
}

/** Bigger files would not fit in one string; they must be split (the importer reads a file whole). */
const MAX_CSV_BYTES = 256 * 1024 * 1024;

/** A CSV file's text; a binary, non-UTF-8, empty or unreadable file is a clean error naming it. */
export function readCsvText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : code ?? (e as Error).message;
    throw new SimError('DATA_IO', `${showFile(file)}: cannot read it (${why})`, { file });
  }
  if (bytes.length === 0) throw new SimError('IMPORT_NO_ROWS', `${showFile(file)}: the file is empty (no header, no rows)`, { file });
  if (bytes.length > MAX_CSV_BYTES) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: ${bytes.length} bytes is more than one import reads (${MAX_CSV_BYTES}); split the file`, { file, value: bytes.length });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: UTF-16 text; save it as UTF-8`, { file });
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: not a text file (a NUL byte at byte ${nul})`, { file, value: nul });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: not UTF-8 text`, { file });
  }
}

const PRICE_KEYS = ['open', 'high', 'low', 'close', 'volume'] as const;
const DEFAULT_COLUMNS: ColumnMap = { ts: 'ts', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' };
/** Names a symbol column goes by when `--map symbol=` does not name it. */
const SYMBOL_NAMES = ['symbol', 'ticker'];

interface Layout {
  readonly width: number;
  readonly at: Readonly<Record<'ts' | (typeof PRICE_KEYS)[number], number>>;
  /** Header names of the columns used, for reports. */
  readonly names: Readonly<Record<'ts' | (typeof PRICE_KEYS)[number] | 'symbol', string>>;
  /** The symbol column, or null when every row gets `label`. */
  readonly symbolAt: number | null;
  readonly label: string | null;
  /** With a symbol column: keep only this symbol's rows. */
  readonly only: string | null;
}

/**
 * Where each needed column is. A mapped name must match exactly; a default name also matches
 * case-insensitively (`Open`, `VOLUME`). A needed name found twice is ambiguous: an error.
 */
function findColumn(file: string, header: readonly string[], name: string, exactOnly: boolean): number {
  const exact = header.flatMap((h, i) => (h === name ? [i] : []));
  const hits = exact.length > 0 || exactOnly ? exact : header.flatMap((h, i) => (h.toLowerCase() === name.toLowerCase() ? [i] : []));
  if (hits.length > 1) {
    throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: column ${showValue(name)} appears ${hits.length} times in the header (columns ${hits.map((i) => i + 1).join(', ')}); rename one or map another with --map`, { file, column: name });
  }
  return hits[0] ?? -1;
}

function missing(file: string, header: readonly string[], what: string, name: string): SimError {
  const one = header.length === 1 && /[;\t|]/.test(header[0]!) ? ' (the header is one field: only comma-separated files are read)' : '';
  return new SimError('IMPORT_MISSING_COLUMN', `${showFile(file)}: no column ${showValue(name)} for ${what}; header: ${showValue(header.join(','), 120)}${one}`, { file, column: name, key: what });
}

function layout(file: string, header: readonly string[], cols: Partial<ColumnMap>, input: ImportInput): Layout {
  const at = {} as Record<'ts' | (typeof PRICE_KEYS)[number], number>;
  const names = {} as Record<'ts' | (typeof PRICE_KEYS)[number] | 'symbol', string>;
  for (const key of ['ts', ...PRICE_KEYS] as const) {
    const name = cols[key] ?? DEFAULT_COLUMNS[key];
    const i = findColumn(file, header, name, cols[key] !== undefined);
    if (i < 0) throw missing(file, header, key, name);
    at[key] = i;
    names[key] = header[i]!;
  }
  let symbolAt = -1;
  if (cols.symbol !== undefined) {
    symbolAt = findColumn(file, header, cols.symbol, true);
    if (symbolAt < 0) throw missing(file, header, 'symbol', cols.symbol);
  } else {
    for (const name of SYMBOL_NAMES) if (symbolAt < 0) symbolAt = findColumn(file, header, name, false);
  }
  if (symbolAt >= 0) {
    names.symbol = header[symbolAt]!;
    return { width: header.length, at, names, symbolAt, label: null, only: input.symbol ?? null };
  }
  names.symbol = 'symbol';
  const label = input.symbol ?? input.defaultSymbol;
  if (label === undefined) throw missing(file, header, 'symbol', SYMBOL_NAMES.join("' or '"));
  try {
    checkSymbol(label);
  } catch {
    throw new SimError('IMPORT_BAD_OPTION', `${showFile(file)}: no symbol column, and ${showValue(label)} (${input.symbol === undefined ? 'from the file name' : '--symbol'}) is not a symbol; give --symbol NAME`, { file, key: 'symbol', value: label });
  }
  return { width: header.length, at, names, symbolAt: null, label, only: null };
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
  readonly seen: Set<string>;
  readonly reject: (r: RejectedRow) => void;
}

function isBlank(r: CsvRecord): boolean {
  return r.fields.length === 1 && r.fields[0]!.trim() === '';
}

/**
 * One CSV file's rows, each checked like the reader checks a day file. A bad row is rejected
 * (file, line, column, value, reason), never fatal; what makes the whole file unreadable (no
 * header, a missing or ambiguous column, an unclosed quote) is an error naming the file.
 */
export function parseFile(index: number, input: ImportInput, ctx: RowContext): FileRows {
  const file = input.path;
  const text = readCsvText(file);
  const rows: ParsedRow[] = [];
  let read = 0;
  let lay: Layout | null = null;
  const reject = (row: number, column: string, value: string, reason: RejectReason) => ctx.reject({ file, row, column, value, reason });
  try {
    for (const rec of csvRecords(text)) {
      if (lay === null) {
        if (isBlank(rec)) continue;
        lay = layout(file, rec.fields.map((h) => h.trim()), ctx.columns, input);
        continue;
      }
      if (isBlank(rec)) continue;
      read++;
      const row = checkRow(file, rec, lay, ctx, index, reject);
      if (row !== null) rows.push(row);
    }
  } catch (e) {
    if (e instanceof UnclosedQuote) throw new SimError('IMPORT_BAD_CSV', `${showFile(file)}: line ${e.line}: a quoted field is never closed`, { file, row: e.line });
    throw e;
  }
  if (lay === null) throw new SimError('IMPORT_NO_ROWS', `${showFile(file)}: only blank lines (no header, no rows)`, { file });
  return { read, rows };
}

/**
 * A row's time. A local time the clock skips or passes twice fails the import rather than the row:
 * dropping it would silently lose a bar, and placing it would guess (rows of the fall-back hour
 * could be either pass; their order is not trusted to tell, since files interleave symbols).
 */
function parseTime(parser: TimestampParser, text: string, line: number, column: string, file: string): number {
  try {
    return parser.parse(text);
  } catch (e) {
    if (!(e instanceof LocalTimeProblem)) throw e;
    const hint = e.problem.kind === 'skipped' ? 'is --tz right? or give times with an offset, or --timestamps utc' : 'give times with an offset, or --timestamps utc';
    throw new SimError('IMPORT_LOCAL_TIME', `${showFile(file)}: line ${line} column ${showValue(column, 40)}: ${showValue(text, 40)} ${describeWallProblem(e.zone, e.problem)}; ${hint}; nothing was imported`, { file, row: line, column, value: text });
  }
}

function checkRow(file: string, rec: CsvRecord, lay: Layout, ctx: RowContext, input: number, reject: (row: number, column: string, value: string, reason: RejectReason) => void): ParsedRow | null {
  const { line, fields: f } = rec;
  const { names, at } = lay;
  if (f.length !== lay.width) { reject(line, '*', rec.text, 'wrong-field-count'); return null; }
  const symbol = lay.symbolAt === null ? lay.label! : f[lay.symbolAt]!.trim();
  try { checkSymbol(symbol); } catch { reject(line, names.symbol, symbol, 'bad-symbol'); return null; }
  if (lay.only !== null && symbol !== lay.only) { reject(line, names.symbol, symbol, 'other-symbol'); return null; }
  const tsText = f[at.ts]!;
  const t = parseTime(ctx.parser, tsText, line, names.ts, file);
  if (Number.isNaN(t)) { reject(line, names.ts, tsText, 'bad-timestamp'); return null; }
  const start = t - ctx.shift;
  if (!inBarTimeRange(start)) { reject(line, names.ts, tsText, 'timestamp-out-of-range'); return null; }
  if (!onGrid(start, ctx.step)) { reject(line, names.ts, tsText, 'off-grid'); return null; }
  const nums = PRICE_KEYS.map((key) => {
    const raw = f[at[key]]!.trim();
    return raw === '' ? NaN : Number(raw);
  });
  const [o, h, l, c, v] = nums as [number, number, number, number, number];
  const bad = barFault(o, h, l, c, v);
  if (bad !== null) {
    const cell = f[at[bad.column]]!, x = nums[PRICE_KEYS.indexOf(bad.column)]!;
    if (bad.reason === 'non-finite') {
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
