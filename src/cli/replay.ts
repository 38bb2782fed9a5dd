import { describeEvent, formatDay, isEventType, loadStrategy, loggedStrategy, parseDay, replay, showValue, SimError, verifyLog, type ExchangeCalendar, type SimEvent, type VerifyOptions } from '../index.js';
import { BatchedLines } from './output-fd.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

/** `--to`: a bare date takes in that whole exchange-local day (up to the next day's first instant). */
function parseTo(cal: ExchangeCalendar, text: string): number {
  const t = cal.parseTime(text, { what: '--to', epochDigits: true, code: 'USAGE' });
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? cal.parseTime(formatDay(parseDay(text) + 1)) - 1 : t;
}

/** `--limit N`: a whole number of events, 0 or more. */
function parseLimit(text: string | undefined): number {
  if (text === undefined) return Infinity;
  if (!/^\d{1,15}$/.test(text)) throw new UsageError(`--limit: ${showValue(text)} is not a whole number of events (0 or more)`);
  return Number(text);
}

/** The strategy a log's run had, loaded again for a re-run: its module file must be the same bytes. */
async function strategyOf(log: string, given: string | undefined): Promise<VerifyOptions> {
  const source = loggedStrategy(log);
  if (source === null) {
    if (given !== undefined) throw new UsageError(`--strategy: the log's run had no strategy`);
    return {};
  }
  const file = given ?? source.file;
  if (file === null) throw new SimError('STRATEGY_INVALID', `${log}: its run's strategy was given in code${source.name === null ? '' : ` (${showValue(source.name)})`}; verify it from the API: verifyLog(log, { strategy })`, { file: log });
  const loaded = await loadStrategy(file);
  if (source.sha256 !== null && loaded.sha256 !== source.sha256) {
    throw new SimError('LOG_INPUT_CHANGED', `the strategy ${showValue(loaded.file, 200)} is not the one the run had: sha256 ${loaded.sha256}, the log recorded ${source.sha256}`, { file: loaded.file, expected: source.sha256, actual: loaded.sha256 });
  }
  return { strategy: () => loaded.make() };
}

export const replayCommand: Command = {
  summary: 'print, filter, seek into or verify a saved event log',
  help: [
    'Usage: sessionsim replay <log> [--type T[,T]] [--symbol S] [--from TIME] [--to TIME] [--limit N]',
    '                               [--seek SEQ|TIME] [--verify] [--json]',
    '',
    '  --type, --symbol, --from, --to  print only matching events (TIME: epoch ms, or ISO: YYYY-MM-DD,',
    '                                  YYYY-MM-DDTHH:MM[:SS[.sss]] exchange-local, or with Z or ±HH:MM;',
    '                                  --to YYYY-MM-DD takes in that whole day)',
    '  --limit N                       print at most N events',
    '  --seek SEQ|TIME                 fold the log up to that event (a seq) or up to the last event at or',
    '                                  before that time (ISO as above) and print the state there',
    '  --verify                        check the log\'s inputs are unchanged and a re-run of its config gives',
    '                                  the same events and hash; OK (exit 0) or an error naming what differs.',
    '                                  A run with a strategy module re-runs it (its sha256 must match the log\'s)',
    '  --strategy FILE                 with --verify: the strategy module, when it has moved since the run',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['type', 'symbol', 'from', 'to', 'seek', 'limit', 'strategy'], flags: ['verify', 'json'] });
    if (values.has('strategy') && !flags.has('verify')) throw new UsageError('--strategy goes with --verify');
    if (positionals.length !== 1) throw new UsageError('give exactly one log file');
    const limit = parseLimit(values.get('limit'));
    if (flags.has('verify')) {
      // Anything that does not match is an error (its code and one line); OK only when all does.
      const v = verifyLog(positionals[0]!, await strategyOf(positionals[0]!, values.get('strategy')));
      io.out.write(flags.has('json') ? JSON.stringify({ ok: true, path: v.path, events: v.events, inputs: v.inputs, logHash: v.hash, rerunHash: v.hash }) + '\n' : `OK: ${v.path}: ${v.events} events match a re-run of its config, ${v.inputs} inputs unchanged, log hash ${v.hash}\n`);
      return EXIT.ok;
    }
    const r = replay(positionals[0]!);
    const cal = r.calendar;
    if (r.truncated) io.err.write(`LOG_TRUNCATED: ${r.path} was cut short; replaying its ${r.length} complete events\n`);
    else if (r.incompleteWarning !== null) io.err.write(`${r.incompleteWarning.toLine()}\n`);
    if (values.has('seek')) {
      const s = values.get('seek')!;
      if (/^\d+$/.test(s)) {
        r.seek(Number(s));
      } else {
        const t = cal.parseTime(s, { what: '--seek', code: 'USAGE' });
        r.seek({ time: t });
        // Not silent: a time outside the log still shows a state, and says which.
        const at = r.state;
        if (r.position > 0 && r.position === r.length && t > at.now) io.err.write(`WARNING: --seek ${cal.formatLocal(t)} is after the log's last event (seq ${at.lastSeq} at ${cal.formatLocal(at.now)}): showing the state at the end of the log\n`);
        if (r.position === 0) {
          const events = r.logged();
          const first = events.next();
          events.return(undefined);
          if (first.done !== true && t < first.value.time) io.err.write(`WARNING: --seek ${cal.formatLocal(t)} is before the log's first event (seq ${first.value.seq} at ${cal.formatLocal(first.value.time)}): showing the state before any event\n`);
        }
      }
      const st = r.state;
      const view = {
        position: r.position, seq: st.lastSeq, time: st.now === -Infinity ? null : cal.formatLocal(st.now),
        session_active: st.active, date: st.date, trading_hours_open: Number.isNaN(st.open) ? null : cal.formatClock(st.open), trading_hours_close: Number.isNaN(st.close) ? null : cal.formatClock(st.close),
        is_early_close: st.earlyClose, prefetch: st.prefetch, bars_today: Object.fromEntries(Object.entries(st.bars).map(([k, v]) => [k, v.start.length])),
        total_bars: st.totalBars, sessions: st.sessions.length, ended: st.ended,
        ...(st.book.opened ? { cash: st.book.cash, positions: Object.fromEntries(st.book.positions.filter(([, p]) => p.quantity !== 0).map(([s, p]) => [s, p.quantity])), open_orders: st.book.orders.map((o) => o.id) } : {}),
      };
      io.out.write(flags.has('json') ? JSON.stringify(view) + '\n' : Object.entries(view).map(([k, v]) => `${k.padEnd(20)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join('\n') + '\n');
      return EXIT.ok;
    }
    const types = values.get('type')?.split(',');
    for (const t of types ?? []) if (!isEventType(t)) throw new UsageError(`--type: unknown event type ${showValue(t)}`);
    const symbol = values.get('symbol');
    const from = values.has('from') ? cal.parseTime(values.get('from')!, { what: '--from', epochDigits: true, code: 'USAGE' }) : -Infinity;
    const to = values.has('to') ? parseTo(cal, values.get('to')!) : Infinity;
    if (from > to) throw new UsageError(`--from ${cal.formatLocal(from)} is after --to ${cal.formatLocal(to)}`);
    if (limit === 0) return EXIT.ok;
    // Read as printed, a batch at a time; batches that cannot match are skipped undecoded.
    const events = r.logged({ types: types as SimEvent['type'][] | undefined, symbol, from: values.has('from') ? from : undefined, to: values.has('to') ? to : undefined });
    const json = flags.has('json');
    BatchedLines.around(io.out, (lines) => {
      let n = 0;
      for (const e of events) {
        lines.push(json ? JSON.stringify(e) + '\n' : `${String(e.seq).padStart(8)}  ${cal.formatLocal(e.time)}  ${e.type.padEnd(19)} ${describeEvent(e)}\n`);
        if (++n >= limit) break;
      }
    });
    return EXIT.ok;
  },
};
