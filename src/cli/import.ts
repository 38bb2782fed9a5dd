import path from 'node:path';
import { getCalendar } from '../calendar/index.js';
import { importCsv, resolveOutput, writeOutput, TIMESTAMP_FORMATS, type ColumnMap, type TimestampFormat } from '../storage/index.js';
import type { Command } from './commands.js';
import { EXIT, parseArgs, UsageError } from './usage.js';

export const importCommand: Command = {
  summary: 'import vendor CSV files into an Arrow bar dataset',
  help: [
    'Usage: sessionsim import <file.csv>... --data ROOT [--interval 1m|1s] [--calendar XNYS | --tz ZONE]',
    '                         [--timestamps iso|utc|local|epoch-s|epoch-ms|epoch-ns] [--stamp start|end]',
    '                         [--map ts=COL,open=COL,...,symbol=COL] [--symbol NAME] [--report FILE.csv] [--json]',
    '',
    'Without --symbol or a symbol column, each file\'s symbol is its name up to the first _ or .',
    'Rows are split by exchange-local date; pre- and post-market rows are kept. Every rejected row',
    'is counted by reason; --report writes them all (file,row,column,value,reason).',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['data', 'interval', 'calendar', 'tz', 'timestamps', 'stamp', 'map', 'symbol', 'report'], flags: ['json'] });
    if (positionals.length === 0) throw new UsageError('give at least one CSV file');
    const root = values.get('data');
    if (root === undefined) throw new UsageError('--data ROOT is required');
    const timestamps = (values.get('timestamps') ?? 'iso') as TimestampFormat;
    if (!TIMESTAMP_FORMATS.includes(timestamps)) throw new UsageError(`--timestamps must be one of ${TIMESTAMP_FORMATS.join(', ')}`);
    const columns: Partial<Record<keyof ColumnMap, string>> = {};
    for (const pair of (values.get('map') ?? '').split(',').filter(Boolean)) {
      const [k, v] = pair.split('=');
      if (!k || !v || !['ts', 'open', 'high', 'low', 'close', 'volume', 'symbol'].includes(k)) throw new UsageError(`--map entry '${pair}' must be key=COLUMN with key one of ts, open, high, low, close, volume, symbol`);
      columns[k as keyof ColumnMap] = v;
    }
    const symbol = values.get('symbol');
    if (symbol !== undefined && positionals.length > 1) throw new UsageError('--symbol names the symbol of a single file');
    const timezone = values.get('tz') ?? getCalendar(values.get('calendar') ?? 'XNYS').timezone;
    const inputs = positionals.map((p) => ({ path: p, ...(columns.symbol !== undefined ? {} : { symbol: symbol ?? path.basename(p).split(/[_.]/)[0]! }) }));
    const reportFile = values.get('report');
    // Checked before importing: a report that cannot be written must not leave an import behind.
    const reportOutput = { what: 'the import report', stdout: io.out, inputs: positionals };
    if (reportFile !== undefined) resolveOutput(reportFile, reportOutput);
    const report = importCsv({ inputs, root, interval: (values.get('interval') ?? '1m') as '1m' | '1s', timezone, timestamps, stamp: (values.get('stamp') ?? 'start') as 'start' | 'end', columns });
    if (reportFile !== undefined) writeOutput(reportFile, ['file,row,column,value,reason', ...report.rejected.map((r) => [r.file, r.row, r.column, JSON.stringify(r.value), r.reason].join(','))].join('\n') + '\n', reportOutput);
    if (flags.has('json')) io.out.write(JSON.stringify({ rowsRead: report.rowsRead, rowsImported: report.rowsImported, rejectedByReason: report.rejectedByReason, days: report.days }) + '\n');
    else {
      io.out.write(`${report.rowsRead} rows read, ${report.rowsImported} imported into ${report.days.length} day files under ${root}\n`);
      const reasons = Object.entries(report.rejectedByReason);
      io.out.write(reasons.length === 0 ? 'no rows rejected\n' : `rejected: ${reasons.map(([k, n]) => `${k} ${n}`).join(', ')}${reportFile ? ` (all in ${reportFile})` : ''}\n`);
      for (const r of report.rejected.slice(0, 10)) io.out.write(`  ${r.file}:${r.row} ${r.column}=${JSON.stringify(r.value)} ${r.reason}\n`);
    }
    return EXIT.ok;
  },
};
