import { replay } from '../api/replay.js';
import { getCalendar } from '../calendar/index.js';
import { writeAtomic } from '../storage/index.js';
import type { Command } from './commands.js';
import { EXIT, parseArgs, UsageError } from './usage.js';

const COLUMNS = ['date', 'session_active', 'trading_hours_open', 'trading_hours_close', 'is_early_close', 'mid_session', 'prefetch', 'bars', 'late', 'history', 'derived', 'gaps', 'expected', 'received', 'missing', 'duplicates', 'out_of_session', 'pct'];

export const exportCommand: Command = {
  summary: 'export session snapshots from a log to CSV (the seed\'s session display fields + quality)',
  help: [
    'Usage: sessionsim export <log> --sessions OUT.csv',
    '',
    `Columns: ${COLUMNS.join(', ')}.`,
    'One row per session in the log; session_active is the state at the end of the log.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, { values: ['sessions'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one log file');
    const out = values.get('sessions');
    if (out === undefined) throw new UsageError('--sessions OUT.csv is required');
    const r = replay(positionals[0]!);
    r.runToEnd();
    const st = r.live;
    const cal = getCalendar((r.manifest.config as { calendar?: string }).calendar ?? 'XNYS');
    const lines = [COLUMNS.join(',')];
    for (const s of st.sessions) {
      const q = st.quality.filter((x) => x.date === s.date);
      const sum = (k: 'missing' | 'duplicates' | 'outOfSession') => q.reduce((n, x) => n + x[k], 0);
      const active = st.active && st.date === s.date;
      const pct = s.expected === 0 ? 0 : Math.round((s.received / s.expected) * 10_000) / 100;
      lines.push([s.date, active, cal.formatClock(s.open), cal.formatClock(s.close), s.earlyClose, s.midSession, s.prefetch, s.bars, s.late, s.history, s.derived, s.gaps, s.expected, s.received, sum('missing'), sum('duplicates'), sum('outOfSession'), pct].join(','));
    }
    writeAtomic(out, lines.join('\n') + '\n');
    io.out.write(`wrote ${st.sessions.length} sessions to ${out}\n`);
    return EXIT.ok;
  },
};
