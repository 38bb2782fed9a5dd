import path from 'node:path';
import { IANAZone } from 'luxon';
import { SimError, showValue } from '../errors.js';
import { lockDays } from './day-lock.js';
import { commitStaged, discardStaged, stageDay, type MergeTally, type StagedDay } from './import-commit.js';
import { recoverDay, recoverRoot } from './import-recovery.js';
import { csvSource } from './csv.js';
import { expandInputs, type InputFile } from './import-inputs.js';
import { parseFile, showFile } from './import-rows.js';
import type { ImportOptions, ImportReport, ParsedRow, RejectedRow } from './import-types.js';
import { parquetSource } from './parquet.js';
import { checkInterval, dayFile, INTERVAL_MS } from './layout.js';
import { LocalDater, TIMESTAMP_FORMATS, TimestampParser } from './timestamps.js';

export type { ColumnMap, ImportInput, ImportOptions, ImportReport, RejectedRow, RejectReason } from './import-types.js';

const DEFAULT_LOCK_WAIT_MS = 60_000;

function checkOptions(o: ImportOptions): void {
  checkInterval(o.interval);
  if (!TIMESTAMP_FORMATS.includes(o.timestamps)) {
    throw new SimError('IMPORT_BAD_OPTION', `timestamps must be one of ${TIMESTAMP_FORMATS.join(', ')}, got ${showValue(o.timestamps)}`, { key: 'timestamps', value: o.timestamps });
  }
  if (o.stamp !== undefined && o.stamp !== 'start' && o.stamp !== 'end') {
    throw new SimError('IMPORT_BAD_OPTION', `stamp must be 'start' or 'end', got ${showValue(o.stamp)}`, { key: 'stamp', value: o.stamp });
  }
  if (!IANAZone.isValidZone(o.timezone)) throw new SimError('IMPORT_BAD_OPTION', `time zone ${showValue(o.timezone)} is not an IANA zone`, { key: 'timezone', value: o.timezone });
  if (o.inputs.length === 0) throw new SimError('IMPORT_BAD_OPTION', 'no input files', { key: 'inputs' });
  const c = o.columns ?? {};
  if ((c.date === undefined) !== (c.time === undefined)) {
    const [has, lacks] = c.date === undefined ? ['time', 'date'] : ['date', 'time'];
    throw new SimError('IMPORT_BAD_OPTION', `a ${has} column needs a ${lacks} column too (map both, or ts alone)`, { key: `columns.${lacks}` });
  }
  if (c.date !== undefined && c.ts !== undefined) throw new SimError('IMPORT_BAD_OPTION', 'map ts, or date and time, not both', { key: 'columns.ts', value: c.ts });
  if (c.date !== undefined && o.timestamps.startsWith('epoch')) {
    throw new SimError('IMPORT_BAD_OPTION', `date and time columns are read as local, utc or iso times, not ${o.timestamps}`, { key: 'timestamps', value: o.timestamps });
  }
  if (o.delimiter !== undefined && (typeof o.delimiter !== 'string' || [...o.delimiter].length !== 1 || /["\r\n]/.test(o.delimiter))) {
    throw new SimError('IMPORT_BAD_OPTION', `delimiter must be one character other than a quote or a line break, got ${showValue(o.delimiter)}`, { key: 'delimiter', value: o.delimiter });
  }
  if (o.lockWaitMs !== undefined && !(o.lockWaitMs >= 0 && Number.isFinite(o.lockWaitMs))) {
    throw new SimError('IMPORT_BAD_OPTION', `lockWaitMs must be a finite number >= 0, got ${showValue(o.lockWaitMs)}`, { key: 'lockWaitMs', value: o.lockWaitMs });
  }
}

/**
 * An error that ends an import after rows were read carries every rejected row so far
 * (`details.rejected`): the report of rejected rows is written also when the import fails.
 */
function withRejected(e: unknown, rejected: readonly RejectedRow[]): unknown {
  if (!(e instanceof SimError) || rejected.length === 0) return e;
  const out = new SimError(e.code, e.message, { ...e.details, rejected });
  out.stack = e.stack;
  return out;
}

function byReason(rejected: readonly RejectedRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rejected) out[r.reason] = (out[r.reason] ?? 0) + 1;
  return out;
}

/**
 * IMPORT_NO_ROWS for a named input none of whose rows made it into the dataset, saying why: a file,
 * or a Parquet folder taken as a whole (one of its part files may well hold only other symbols).
 */
function noRows(name: string, files: readonly InputFile[], read: number, rejected: readonly RejectedRow[], o: ImportOptions): SimError {
  const one = files.length === 1 && files[0]!.path === name ? files[0]! : null;
  if (read === 0) {
    const why = one === null ? 'Parquet files with columns but no rows' : one.kind === 'csv' ? 'a header but no rows' : 'columns but no rows';
    return new SimError('IMPORT_NO_ROWS', `${showFile(name)}: ${why}`, { file: name });
  }
  const paths = new Set(files.map((f) => f.path));
  const mine = rejected.filter((r) => paths.has(r.file));
  const reasons = Object.entries(byReason(mine)).map(([k, n]) => `${k} ${n}`).join(', ');
  const first = mine[0];
  const unit = files.find((f) => f.path === first?.file)?.kind === 'parquet' ? 'row' : 'line';
  const wrongTime = first?.reason === 'bad-timestamp' || first?.reason === 'timestamp-out-of-range';
  const hint = wrongTime ? ` (is --timestamps ${o.timestamps} right?)` : first?.reason === 'off-grid' ? ` (are --timestamps ${o.timestamps} and --interval ${o.interval} right?)` : '';
  const inFile = first === undefined || one !== null ? '' : `${showFile(first.file)} `;
  const at = first === undefined ? '' : `; first: ${inFile}${unit} ${first.row} column ${showValue(first.column, 40)} value ${showValue(first.value, 40)}${hint}`;
  return new SimError('IMPORT_NO_ROWS', `${showFile(name)}: none of its ${read} rows imported (${reasons})${at}`, { file: first?.file ?? name, row: first?.row, column: first?.column, value: first?.value });
}

/** The first named input whose files gave no row (counts per file), as IMPORT_NO_ROWS; null when each gave some. */
function emptyInput(o: ImportOptions, files: readonly InputFile[], read: readonly number[], kept: readonly number[], rejected: readonly RejectedRow[]): SimError | null {
  for (const [k, input] of o.inputs.entries()) {
    const idx = files.flatMap((f, i) => (f.of === k ? [i] : []));
    if (idx.reduce((a, i) => a + kept[i]!, 0) === 0) return noRows(input.path, idx.map((i) => files[i]!), idx.reduce((a, i) => a + read[i]!, 0), rejected, o);
  }
  return null;
}

/**
 * Vendor bars (CSV, gzipped CSV, Parquet files, Parquet folders) -> dataset, all or nothing. Every
 * file is read as a stream and every row checked first (a bad row is rejected with its file,
 * line or row, column, value and reason, never fatal); then the days are
 * locked, merged into their existing files by (ts, symbol), written under temporary names and
 * renamed together. Rows are split by their session's date (see ImportOptions.sessionDate), else by
 * the exchange-local date of the bar start. A file none of
 * whose rows can be imported fails the import (IMPORT_NO_ROWS) and nothing is written.
 */
export async function importCsv(options: ImportOptions): Promise<ImportReport> {
  checkOptions(options);
  const step = INTERVAL_MS[options.interval];
  const rejected: RejectedRow[] = [];
  const reject = (r: RejectedRow) => { rejected.push(r); };
  const delimiter = options.delimiter ?? ',';
  const ctx = { parser: new TimestampParser(options.timestamps, options.timezone), step, shift: options.stamp === 'end' ? step : 0, columns: options.columns ?? {}, delimiter, seen: new Set<string>(), reject };
  const dater = new LocalDater(options.timezone);
  const byDate = new Map<string, ParsedRow[]>();
  const read: number[] = [];
  const parsed: number[] = [];
  try {
    const files = expandInputs(options.inputs);
    for (const [i, input] of files.entries()) {
      const src = input.kind === 'parquet' ? await parquetSource(input.path, input.partition) : csvSource(input.path, { delimiter });
      const f = await parseFile(i, input, src, ctx);
      read.push(f.read);
      parsed.push(f.rows.length);
      for (const row of f.rows) {
        const date = options.sessionDate?.(row.ts) ?? dater.date(row.ts);
        let list = byDate.get(date);
        if (list === undefined) byDate.set(date, (list = []));
        list.push(row);
      }
    }
    const none = emptyInput(options, files, read, parsed, rejected);
    if (none !== null) throw none;
    return commit(options, files, byDate, read, rejected, reject);
  } catch (e) {
    throw withRejected(e, rejected);
  }
}

function commit(options: ImportOptions, files: readonly InputFile[], byDate: Map<string, ParsedRow[]>, read: readonly number[], rejected: RejectedRow[], reject: (r: RejectedRow) => void): ImportReport {
  const dates = [...byDate.keys()].sort();
  const days = dates.map((d) => dayFile(options.root, options.interval, d));
  const waitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  // A dead import's committed journal is finished first (its days go in); days another import
  // holds are left to it (not waited for). This import's own days are finished as it locks them.
  recoverRoot(options.root);
  const locks = lockDays(days, waitMs);
  const staged: StagedDay[] = [];
  const tally: MergeTally = { kept: read.map(() => 0), added: 0, unchanged: 0 };
  try {
    try {
      for (const f of days) recoverDay(f);
      for (const [k, date] of dates.entries()) {
        const s = stageDay(options.interval, date, days[k]!, byDate.get(date)!, files, tally, reject);
        if (s !== null) staged.push(s);
      }
      const none = emptyInput(options, files, read, tally.kept, rejected);
      if (none !== null) throw none;
    } catch (e) {
      discardStaged(staged);
      throw e;
    }
    commitStaged(options.root, staged);
  } finally {
    locks.release();
  }
  const root = path.resolve(options.root);
  return {
    rowsRead: read.reduce((a, b) => a + b, 0),
    rowsImported: tally.added,
    rowsUnchanged: tally.unchanged,
    rejected,
    rejectedByReason: byReason(rejected),
    days: staged.map((s) => ({ date: s.date, file: path.relative(root, s.file), rows: s.rows, added: s.added, symbols: s.symbols })),
  };
}
