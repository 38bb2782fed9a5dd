import { formatUtc, getCalendar, isoWeekday, type ExchangeCalendar } from '../index.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

const WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The exchange-local date of a `--from`/`--to` value (a date, or a time read as any other). */
function localDateOf(cal: ExchangeCalendar, text: string, what: string): string {
  return cal.localDate(cal.parseTime(text, { what, code: 'USAGE' }));
}

export const calendarCommand: Command = {
  summary: 'print an exchange calendar\'s sessions for a date range',
  help: [
    'Usage: sessionsim calendar <NAME> --from YYYY-MM-DD --to YYYY-MM-DD [--csv | --json]',
    '',
    'Prints each session with its exchange-local open and close; early closes are marked.',
    '  --from, --to  exchange-local dates (a time with an offset counts as its exchange-local date)',
    '  --csv   session,open_utc,close_utc (ISO-8601 UTC)',
    '  --json  one JSON array of sessions',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['from', 'to'], flags: ['csv', 'json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one calendar name, e.g. XNYS');
    const cal = getCalendar(positionals[0]!);
    const from = values.has('from') ? localDateOf(cal, values.get('from')!, '--from') : cal.firstDate;
    const to = values.has('to') ? localDateOf(cal, values.get('to')!, '--to') : cal.lastDate;
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const sessions = cal.sessionsBetween(from, to);
    const iso = formatUtc;
    if (flags.has('csv')) {
      io.out.write('session,open_utc,close_utc\n');
      for (const s of sessions) io.out.write(`${s.date},${iso(s.open)},${iso(s.close)}\n`);
    } else if (flags.has('json')) {
      io.out.write(JSON.stringify(sessions.map((s) => ({ session: s.date, open: cal.formatLocal(s.open), close: cal.formatLocal(s.close), open_utc: iso(s.open), close_utc: iso(s.close), early_close: s.earlyClose }))) + '\n');
    } else {
      io.out.write(`${cal.name} (${cal.timezone}) ${from}..${to}: ${sessions.length} sessions, ${sessions.filter((s) => s.earlyClose).length} early closes\n`);
      io.out.write('session     day  open                       close                      \n');
      for (const s of sessions) {
        io.out.write(`${s.date}  ${WEEKDAY[isoWeekday(s.day)]}  ${cal.formatLocal(s.open).padEnd(25)}  ${cal.formatLocal(s.close).padEnd(25)}${s.earlyClose ? '  early close' : ''}\n`);
      }
    }
    return EXIT.ok;
  },
};
