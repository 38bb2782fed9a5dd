import { calendarNames, formatUtc, getCalendar, isoWeekday, resolveCalendar, type ExchangeCalendar } from '../index.js';
import { textTable } from './format.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

const WEEKDAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The exchange-local date of a `--from`/`--to` value (a date, or a time read as any other). */
function localDateOf(cal: ExchangeCalendar, text: string, what: string): string {
  return cal.localDate(cal.parseTime(text, { what, code: 'USAGE' }));
}

export const calendarCommand: Command = {
  summary: 'print an exchange calendar\'s sessions for a date range, or list the calendars',
  help: [
    'Usage: sessionsim calendar <NAME | FILE.json> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv | --json]',
    '       sessionsim calendar --list',
    '',
    'Prints each session with its exchange-local open, close and break; early closes are marked.',
    'FILE.json is a calendar definition (see the README), checked strictly.',
    '  --from, --to  exchange-local dates (a time with an offset counts as its exchange-local date)',
    '  --csv   session,open_utc,close_utc,break_start_utc,break_end_utc (ISO-8601 UTC; empty: no break)',
    '  --json  one JSON array of sessions',
    '  --list  the calendars this process knows: name, time zone, range, version',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['from', 'to'], flags: ['csv', 'json', 'list'] });
    if (flags.has('list')) {
      if (positionals.length > 0 || values.size > 0) throw new UsageError('--list takes no calendar and no dates');
      for (const name of calendarNames()) {
        const cal = getCalendar(name);
        io.out.write(`${name}\t${cal.timezone}\t${cal.firstDate}..${cal.lastDate}\t${cal.version}\t${cal.definition.description}\n`);
      }
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one calendar name (e.g. XNYS) or definition file, or --list');
    const cal = resolveCalendar(positionals[0]!).calendar;
    const from = values.has('from') ? localDateOf(cal, values.get('from')!, '--from') : cal.firstDate;
    const to = values.has('to') ? localDateOf(cal, values.get('to')!, '--to') : cal.lastDate;
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    const sessions = cal.sessionsBetween(from, to);
    const iso = formatUtc;
    const utc = (t: number | null) => (t === null ? '' : iso(t));
    if (flags.has('csv')) {
      io.out.write('session,open_utc,close_utc,break_start_utc,break_end_utc\n');
      for (const s of sessions) io.out.write(`${s.date},${iso(s.open)},${iso(s.close)},${utc(s.breakStart)},${utc(s.breakEnd)}\n`);
    } else if (flags.has('json')) {
      const local = (t: number | null) => (t === null ? null : cal.formatLocal(t));
      io.out.write(JSON.stringify(sessions.map((s) => ({
        session: s.date, open: cal.formatLocal(s.open), close: cal.formatLocal(s.close), break_start: local(s.breakStart), break_end: local(s.breakEnd),
        open_utc: iso(s.open), close_utc: iso(s.close), break_start_utc: s.breakStart === null ? null : iso(s.breakStart), break_end_utc: s.breakEnd === null ? null : iso(s.breakEnd),
        early_close: s.earlyClose, minutes: cal.sessionMinutes(s.day),
      }))) + '\n');
    } else {
      const breaks = sessions.some((s) => s.breakStart !== null);
      io.out.write(`${cal.name} (${cal.timezone}) ${from}..${to}: ${sessions.length} sessions, ${sessions.filter((s) => s.earlyClose).length} early closes\n`);
      const early = sessions.some((s) => s.earlyClose);
      const columns = ['session', 'day', 'open', 'close', ...(breaks ? ['break'] : []), ...(early ? ['note'] : [])];
      io.out.write(textTable(columns, sessions.map((s) => {
        const br = s.breakStart === null || s.breakEnd === null ? '' : `${cal.formatLocal(s.breakStart).slice(11, 16)}-${cal.formatLocal(s.breakEnd).slice(11, 16)}`;
        return [s.date, WEEKDAY[isoWeekday(s.day)], cal.formatLocal(s.open), cal.formatLocal(s.close), ...(breaks ? [br] : []), ...(early ? [s.earlyClose ? 'early close' : ''] : [])];
      }), columns.map(() => 'left')));
    }
    return EXIT.ok;
  },
};
