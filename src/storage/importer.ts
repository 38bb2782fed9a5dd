import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SimError } from '../errors.js';
import { columnsFromRows } from './columns.js';
import { csvLines, splitCsvLine } from './csv.js';
import { checkInterval, checkSymbol, dayFile, INTERVAL_MS, type Interval } from './layout.js';
import { readDay } from './read-day.js';
import { LocalDater, TIMESTAMP_FORMATS, TimestampParser, type TimestampFormat } from './timestamps.js';
import { writeDay } from './write-day.js';

export interface ImportInput {
  readonly path: string;
  /** The symbol of every row; without it, the `symbol` column names it. */
  readonly symbol?: string;
}

export interface ColumnMap {
  readonly ts: string;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  readonly symbol?: string;
}

export interface ImportOptions {
  readonly inputs: readonly ImportInput[];
  /** Dataset root. */
  readonly root: string;
  readonly interval: Interval;
  /** Exchange time zone: splits rows into trading dates and reads naive local times. */
  readonly timezone: string;
  readonly timestamps: TimestampFormat;
  /** Whether a vendor stamps a bar at its start (the usual) or its end. */
  readonly stamp?: 'start' | 'end';
  readonly columns?: Partial<ColumnMap>;
}

export type RejectReason = 'bad-timestamp' | 'not-a-number' | 'non-finite' | 'high-below-low' | 'outside-range' | 'negative-volume' | 'off-grid' | 'duplicate' | 'bad-symbol' | 'wrong-field-count';

export interface RejectedRow {
  readonly file: string;
  /** 1-based line number in the file (the header is line 1). */
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: RejectReason;
}

export interface ImportReport {
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rejected: readonly RejectedRow[];
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly days: readonly { readonly date: string; readonly file: string; readonly rows: number; readonly symbols: readonly string[] }[];
}

const DEFAULT_COLUMNS: ColumnMap = { ts: 'ts', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' };

interface Row { symbol: string; ts: number; open: number; high: number; low: number; close: number; volume: number }

function checkOptions(o: ImportOptions): void {
  checkInterval(o.interval);
  if (!TIMESTAMP_FORMATS.includes(o.timestamps)) {
    throw new SimError('IMPORT_BAD_OPTION', `timestamps must be one of ${TIMESTAMP_FORMATS.join(', ')}, got '${o.timestamps}'`, { key: 'timestamps', value: o.timestamps });
  }
  if (o.stamp !== undefined && o.stamp !== 'start' && o.stamp !== 'end') {
    throw new SimError('IMPORT_BAD_OPTION', `stamp must be 'start' or 'end', got '${String(o.stamp)}'`, { key: 'stamp', value: o.stamp });
  }
  if (o.inputs.length === 0) throw new SimError('IMPORT_BAD_OPTION', 'no input files', { key: 'inputs' });
}

/**
 * Vendor CSV -> dataset. Every row is checked like the reader checks a file; a bad row is rejected
 * with its line, column, value and reason, never fatal. Rows are split by exchange-local date of
 * the bar start; existing day files keep their rows for symbols this import does not bring.
 */
export function importCsv(options: ImportOptions): ImportReport {
  checkOptions(options);
  const cols: ColumnMap = { ...DEFAULT_COLUMNS, ...options.columns };
  const parser = new TimestampParser(options.timestamps, options.timezone);
  const dater = new LocalDater(options.timezone);
  const step = INTERVAL_MS[options.interval];
  const shift = options.stamp === 'end' ? step : 0;
  const rejected: RejectedRow[] = [];
  const byDate = new Map<string, Row[]>();
  const seen = new Set<string>();
  const importedSymbols = new Set<string>();
  let rowsRead = 0;

  for (const input of options.inputs) {
    const file = input.path;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new SimError('DATA_IO', `${file}: ${(e as Error).message}`, { file });
    }
    const lines = csvLines(text);
    if (lines.length === 0) throw new SimError('IMPORT_NO_ROWS', `${file}: the file is empty (no header)`, { file });
    const header = splitCsvLine(lines[0]!).map((h) => h.trim());
    const need = ['ts', 'open', 'high', 'low', 'close', 'volume', ...(input.symbol === undefined ? ['symbol'] : [])] as const;
    const at: Record<string, number> = {};
    for (const key of need) {
      const name = cols[key as keyof ColumnMap] ?? 'symbol';
      const i = header.indexOf(name);
      if (i < 0) throw new SimError('IMPORT_MISSING_COLUMN', `${file}: no column '${name}' for ${key} (header: ${header.join(',')})`, { file, column: name, key });
      at[key] = i;
    }
    const reject = (row: number, column: string, value: string, reason: RejectReason) => rejected.push({ file, row, column, value, reason });

    for (let li = 1; li < lines.length; li++) {
      const line = lines[li]!;
      if (line.trim() === '') continue;
      rowsRead++;
      const lineNo = li + 1;
      const f = splitCsvLine(line);
      if (f.length !== header.length) { reject(lineNo, '*', line, 'wrong-field-count'); continue; }
      const symbol = input.symbol ?? f[at.symbol!]!.trim();
      try { checkSymbol(symbol); } catch { reject(lineNo, cols.symbol ?? 'symbol', symbol, 'bad-symbol'); continue; }
      const tsText = f[at.ts!]!;
      const t = parser.parse(tsText);
      if (Number.isNaN(t)) { reject(lineNo, cols.ts, tsText, 'bad-timestamp'); continue; }
      const start = t - shift;
      if (start % step !== 0) { reject(lineNo, cols.ts, tsText, 'off-grid'); continue; }
      const nums: number[] = [];
      let badCol = -1;
      for (const [k, key] of (['open', 'high', 'low', 'close', 'volume'] as const).entries()) {
        const raw = f[at[key]!]!.trim();
        const v = raw === '' ? NaN : Number(raw);
        if (Number.isNaN(v) && !/^nan$/i.test(raw)) { badCol = k; break; }
        nums.push(v);
      }
      const names = ['open', 'high', 'low', 'close', 'volume'] as const;
      if (badCol >= 0) { reject(lineNo, cols[names[badCol]!], f[at[names[badCol]!]!]!, 'not-a-number'); continue; }
      const [o, h, l, c, v] = nums as [number, number, number, number, number];
      const nf = nums.findIndex((x) => !Number.isFinite(x));
      if (nf >= 0) { reject(lineNo, cols[names[nf]!], f[at[names[nf]!]!]!, 'non-finite'); continue; }
      if (h < l) { reject(lineNo, cols.high, `${h} < ${l}`, 'high-below-low'); continue; }
      if (o < l || o > h) { reject(lineNo, cols.open, String(o), 'outside-range'); continue; }
      if (c < l || c > h) { reject(lineNo, cols.close, String(c), 'outside-range'); continue; }
      if (v < 0) { reject(lineNo, cols.volume, String(v), 'negative-volume'); continue; }
      const key = `${start}\u0000${symbol}`;
      if (seen.has(key)) { reject(lineNo, cols.ts, tsText, 'duplicate'); continue; }
      seen.add(key);
      importedSymbols.add(symbol);
      const date = dater.date(start);
      let list = byDate.get(date);
      if (list === undefined) byDate.set(date, (list = []));
      list.push({ symbol, ts: start, open: o, high: h, low: l, close: c, volume: v });
    }
  }

  const days: { date: string; file: string; rows: number; symbols: string[] }[] = [];
  let rowsImported = 0;
  for (const date of [...byDate.keys()].sort()) {
    const rows = byDate.get(date)!;
    rowsImported += rows.length;
    const existing = dayFile(options.root, options.interval, date);
    if (existsSync(existing)) {
      const old = readDay(existing, { interval: options.interval });
      for (let i = 0; i < old.ts.length; i++) {
        const symbol = old.symbols[old.sym[i]!]!;
        if (importedSymbols.has(symbol)) continue;
        rows.push({ symbol, ts: old.ts[i]!, open: old.open[i]!, high: old.high[i]!, low: old.low[i]!, close: old.close[i]!, volume: old.volume[i]! });
      }
    }
    const columns = columnsFromRows(rows);
    const file = writeDay(options.root, options.interval, date, columns);
    days.push({ date, file: path.relative(path.resolve(options.root), file), rows: rows.length, symbols: [...columns.symbols] });
  }
  const rejectedByReason: Record<string, number> = {};
  for (const r of rejected) rejectedByReason[r.reason] = (rejectedByReason[r.reason] ?? 0) + 1;
  return { rowsRead, rowsImported, rejected, rejectedByReason, days };
}
