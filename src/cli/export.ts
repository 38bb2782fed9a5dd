import path from 'node:path';
import { replay, resolveOutput, writeOutput } from '../index.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

const COLUMNS = ['date', 'session_active', 'trading_hours_open', 'trading_hours_close', 'is_early_close', 'mid_session', 'prefetch', 'bars', 'late', 'history', 'derived', 'gaps', 'expected', 'received', 'missing', 'duplicates', 'out_of_session', 'pct'];

export const exportCommand: Command = {
  summary: 'export session snapshots from a log to CSV (the seed\'s session display fields + quality)',
  help: [
    'Usage: sessionsim export <log> --sessions OUT.csv|-',
    '',
    `Columns: ${COLUMNS.join(', ')}.`,
    'One row per session in the log; session_active is the state at the end of the log.',
    '`--sessions -` writes the CSV to standard output. OUT.csv is written whole or not at all; it',
    'is never the log itself, another event log, an input, or a symbolic link.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, { values: ['sessions'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one log file');
    const out = values.get('sessions');
    if (out === undefined) throw new UsageError('--sessions OUT.csv is required');
    const logFile = positionals[0]!;
    // Refused before any work: the log it reads (or its .partial) is never replaced.
    const output = { what: 'the sessions CSV', stdout: io.out, inputs: [logFile, `${logFile}.partial`] };
    resolveOutput(out, output);
    const r = replay(logFile);
    r.runToEnd();
    const st = r.live;
    const cal = r.calendar;
    const lines = [COLUMNS.join(',')];
    for (const s of st.sessions) {
      const q = st.quality.filter((x) => x.date === s.date);
      const sum = (k: 'missing' | 'duplicates' | 'outOfSession') => q.reduce((n, x) => n + x[k], 0);
      const active = st.active && st.date === s.date;
      const pct = s.expected === 0 ? 0 : Math.round((s.received / s.expected) * 10_000) / 100;
      lines.push([s.date, active, cal.formatClock(s.open), cal.formatClock(s.close), s.earlyClose, s.midSession, s.prefetch, s.bars, s.late, s.history, s.derived, s.gaps, s.expected, s.received, sum('missing'), sum('duplicates'), sum('outOfSession'), pct].join(','));
    }
    const inputs = [...output.inputs, r.path, ...r.manifest.inputs.map((f) => path.join(r.manifest.dataRoot, f.path))];
    const target = writeOutput(out, lines.join('\n') + '\n', { ...output, inputs });
    // The CSV itself may be on stdout: the note goes where it cannot mix with it.
    (target.kind === 'stream' ? io.err : io.out).write(`wrote ${st.sessions.length} sessions to ${out}\n`);
    return EXIT.ok;
  },
};
