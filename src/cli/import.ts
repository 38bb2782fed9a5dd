import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { importCsv, resolveCalendar, isInterval, isSimError, rejectedRowsCsv, resolveOutput, showValue, SimError, writeOutput, TIMESTAMP_FORMATS, type ColumnMap, type RejectedRow, type TimestampFormat } from '../index.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

const MAP_KEYS = ['ts', 'date', 'time', 'open', 'high', 'low', 'close', 'volume', 'symbol'];
/** Names for delimiters a shell makes awkward to type. */
const DELIMITER_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ' };

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export const importCommand: Command = {
  summary: 'import vendor CSV or Parquet files (or a Parquet folder) into an Arrow bar dataset',
  help: [
    'Usage: sessionsim import <file.csv|file.csv.gz|file.parquet|folder>... --data ROOT [--interval 1m|1s]',
    '                         [--calendar XNYS | --tz ZONE] [--timestamps iso|utc|local|epoch-s|epoch-ms|epoch-ns]',
    '                         [--stamp start|end] [--map ts=COL,open=COL,...,symbol=COL | --map date=COL,time=COL,...]',
    '                         [--delimiter CHAR|tab] [--symbol NAME] [--report FILE.csv] [--lock-wait SECONDS] [--json]',
    '',
    'CSV is read as a stream (gzipped when it starts as gzip or ends in .gz), split at --delimiter',
    '(default a comma). A folder is a Parquet lake: every Parquet file under it, its key=value folders',
    '(symbol=SPY/date=2024-01-02/) as columns. A Parquet timestamp with a zone is an instant, one',
    'without a zone exchange-local time (UTC with --timestamps utc); other columns are read as in CSV.',
    '--map date=COL,time=COL reads a date and a time column as one local, utc or iso time.',
    'Each row\'s symbol comes from the symbol column (--map symbol=COL, or a column named symbol or',
    'ticker); a file without one takes --symbol, else its name up to the first _ or . (SPY_1min.csv: SPY).',
    'With a symbol column, --symbol NAME imports only NAME\'s rows (the others are reported as other-symbol).',
    'A row inside a session is filed under the session\'s date (--calendar, a name or a definition file:',
    'a CME evening bar under the next day), any other row under its exchange-local date (--tz alone:',
    'every row); pre- and post-market rows are kept. Rows are merged into',
    'existing day files by (ts, symbol): a row already there is kept, a different one is reported.',
    'Every file is checked before anything is written: a file none of whose rows can be imported',
    'fails the import and nothing is written. Every rejected row is counted by reason; --report',
    'writes them all (file,row,column,value,reason), also when the import fails. A day another',
    'import is writing is waited for (--lock-wait, default 60 s), then IMPORT_LOCKED.',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['data', 'interval', 'calendar', 'tz', 'timestamps', 'stamp', 'map', 'delimiter', 'symbol', 'report', 'lock-wait'], flags: ['json'] });
    if (positionals.length === 0) throw new UsageError('give at least one CSV or Parquet file, or a Parquet folder');
    const root = values.get('data');
    if (root === undefined) throw new UsageError('--data ROOT is required');
    const timestamps = (values.get('timestamps') ?? 'iso') as TimestampFormat;
    if (!TIMESTAMP_FORMATS.includes(timestamps)) throw new UsageError(`--timestamps must be one of ${TIMESTAMP_FORMATS.join(', ')}, got ${showValue(timestamps)}`);
    const interval = values.get('interval') ?? '1m';
    if (!isInterval(interval)) throw new UsageError(`--interval must be 1m or 1s, got ${showValue(interval)}`);
    const stamp = values.get('stamp') ?? 'start';
    if (stamp !== 'start' && stamp !== 'end') throw new UsageError(`--stamp must be start or end, got ${showValue(stamp)}`);
    const lockWait = values.get('lock-wait') ?? '60';
    if (!/^\d+(\.\d+)?$/.test(lockWait)) throw new UsageError(`--lock-wait must be a number of seconds, got ${showValue(lockWait)}`);
    const columns: Partial<Record<keyof ColumnMap, string>> = {};
    for (const pair of (values.get('map') ?? '').split(',').filter(Boolean)) {
      const [k, v] = pair.split('=');
      if (!k || !v || !MAP_KEYS.includes(k)) throw new UsageError(`--map entry ${showValue(pair)} must be key=COLUMN with key one of ${MAP_KEYS.join(', ')}`);
      columns[k as keyof ColumnMap] = v;
    }
    if ((columns.date === undefined) !== (columns.time === undefined)) throw new UsageError('--map date=COL needs time=COL too (or map ts alone)');
    if (columns.date !== undefined && columns.ts !== undefined) throw new UsageError('--map ts=COL, or date=COL,time=COL, not both');
    const delimiterArg = values.get('delimiter');
    const delimiter = delimiterArg === undefined ? undefined : DELIMITER_NAMES[delimiterArg] ?? delimiterArg;
    if (delimiter !== undefined && [...delimiter].length !== 1) throw new UsageError(`--delimiter must be one character (or tab), got ${showValue(delimiterArg)}`);
    const symbol = values.get('symbol');
    if (symbol !== undefined && positionals.length > 1) throw new UsageError('--symbol names the symbol of a single file or folder');
    if (values.has('tz') && values.has('calendar')) throw new UsageError('give --calendar or --tz, not both');
    // With a calendar, a bar inside a session is filed under the session's date (a CME evening bar
    // under the next day's session); with --tz alone, under its local date.
    const calendar = values.has('tz') ? null : resolveCalendar(values.get('calendar') ?? 'XNYS').calendar;
    const timezone = calendar?.timezone ?? values.get('tz')!;
    const sessionDate = calendar === null ? undefined : (ts: number) => calendar.sessionDateOf(ts);
    // A folder's part files take no symbol from their names; a file named by the user does.
    const inputs = positionals.map((p) => ({ path: p, ...(isFolder(p) ? {} : { defaultSymbol: path.basename(p).split(/[_.]/)[0]! }), ...(symbol === undefined ? {} : { symbol }) }));
    const reportFile = values.get('report');
    // Checked before importing (never onto an input CSV, a log, a symlink; its folder must exist):
    // a report that cannot be written must not leave an import behind.
    const reportOptions = { what: 'the import report', stdout: io.out, inputs: positionals };
    if (reportFile !== undefined) {
      const target = resolveOutput(reportFile, reportOptions);
      if (target.kind === 'file' && !existsSync(path.dirname(target.path))) {
        throw new SimError('OUTPUT_IO', `cannot write the import report ${showValue(reportFile, 200)}: its folder does not exist`, { file: reportFile });
      }
    }
    let report;
    try {
      report = await importCsv({ inputs, root, interval, timezone, ...(sessionDate === undefined ? {} : { sessionDate }), timestamps, stamp, columns, ...(delimiter === undefined ? {} : { delimiter }), lockWaitMs: Number(lockWait) * 1000 });
    } catch (e) {
      const rejected = isSimError(e) ? (e.details.rejected as readonly RejectedRow[] | undefined) : undefined;
      if (reportFile !== undefined && rejected !== undefined) {
        writeOutput(reportFile, rejectedRowsCsv(rejected), reportOptions);
        io.err.write(`${rejected.length} rejected rows in ${reportFile}\n`);
      }
      throw e;
    }
    if (reportFile !== undefined) writeOutput(reportFile, rejectedRowsCsv(report.rejected), reportOptions);
    if (flags.has('json')) io.out.write(JSON.stringify({ rowsRead: report.rowsRead, rowsImported: report.rowsImported, rowsUnchanged: report.rowsUnchanged, rejectedByReason: report.rejectedByReason, days: report.days }) + '\n');
    else {
      const already = report.rowsUnchanged > 0 ? ` (${report.rowsUnchanged} already in the dataset)` : '';
      io.out.write(`${report.rowsRead} rows read, ${report.rowsImported} imported into ${report.days.length} day files under ${root}${already}\n`);
      const reasons = Object.entries(report.rejectedByReason);
      io.out.write(reasons.length === 0 ? 'no rows rejected\n' : `rejected: ${reasons.map(([k, n]) => `${k} ${n}`).join(', ')}${reportFile ? ` (all in ${reportFile})` : ''}\n`);
      for (const r of report.rejected.slice(0, 10)) io.out.write(`  ${showValue(r.file, 160)}:${r.row} ${showValue(r.column, 40)}=${showValue(r.value)} ${r.reason}\n`);
    }
    return EXIT.ok;
  },
};
