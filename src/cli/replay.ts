import { incompleteError, replay } from '../api/replay.js';
import { verifyLog } from '../api/verify.js';
import { describeEvent, isEventType, type SimEvent } from '../events/index.js';
import { getCalendar } from '../calendar/index.js';
import type { Command } from './commands.js';
import { EXIT, parseArgs, UsageError } from './usage.js';

function parseTime(text: string, what: string): number {
  const t = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`${what} '${text}' is not an ISO time with offset or epoch ms`);
  return t;
}

export const replayCommand: Command = {
  summary: 'print, filter, seek into or verify a saved event log',
  help: [
    'Usage: sessionsim replay <log> [--type T[,T]] [--symbol S] [--from TIME] [--to TIME] [--limit N]',
    '                               [--seek SEQ|TIME] [--verify] [--json]',
    '',
    '  --type, --symbol, --from, --to  print only matching events (TIME: ISO with offset or epoch ms)',
    '  --seek SEQ|TIME                 fold the log up to that event and print the state there',
    '  --verify                        check the log\'s inputs are unchanged and a re-run of its config gives',
    '                                  the same events and hash; OK (exit 0) or an error naming what differs',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['type', 'symbol', 'from', 'to', 'seek', 'limit'], flags: ['verify', 'json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one log file');
    if (flags.has('verify')) {
      // Anything that does not match is an error (its code and one line); OK only when all does.
      const v = verifyLog(positionals[0]!);
      io.out.write(flags.has('json') ? JSON.stringify({ ok: true, path: v.path, events: v.events, inputs: v.inputs, logHash: v.hash, rerunHash: v.hash }) + '\n' : `OK: ${v.path}: ${v.events} events match a re-run of its config, ${v.inputs} inputs unchanged, log hash ${v.hash}\n`);
      return EXIT.ok;
    }
    const r = replay(positionals[0]!);
    const cal = getCalendar((r.manifest.config as { calendar?: string }).calendar ?? 'XNYS');
    if (r.truncated) io.err.write(`LOG_TRUNCATED: ${r.path} was cut short; replaying its ${r.length} complete events\n`);
    else if (r.incomplete) io.err.write(`${incompleteError(r.path, r.length).toLine()}\n`);
    if (values.has('seek')) {
      const s = values.get('seek')!;
      r.seek(/^\d+$/.test(s) ? Number(s) : { time: parseTime(s, '--seek') });
      const st = r.state;
      const view = {
        position: r.position, seq: st.lastSeq, time: st.now === -Infinity ? null : cal.formatLocal(st.now),
        session_active: st.active, date: st.date, trading_hours_open: Number.isNaN(st.open) ? null : cal.formatClock(st.open), trading_hours_close: Number.isNaN(st.close) ? null : cal.formatClock(st.close),
        is_early_close: st.earlyClose, prefetch: st.prefetch, bars_today: Object.fromEntries(Object.entries(st.bars).map(([k, v]) => [k, v.start.length])),
        total_bars: st.totalBars, sessions: st.sessions.length, ended: st.ended,
      };
      io.out.write(flags.has('json') ? JSON.stringify(view) + '\n' : Object.entries(view).map(([k, v]) => `${k.padEnd(20)} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join('\n') + '\n');
      return EXIT.ok;
    }
    const types = values.get('type')?.split(',');
    for (const t of types ?? []) if (!isEventType(t)) throw new UsageError(`unknown event type '${t}'`);
    const symbol = values.get('symbol');
    const from = values.has('from') ? parseTime(values.get('from')!, '--from') : -Infinity;
    const to = values.has('to') ? parseTime(values.get('to')!, '--to') : Infinity;
    const limit = values.has('limit') ? Number(values.get('limit')) : Infinity;
    let n = 0;
    for (const e of r.all) {
      if (n >= limit) break;
      if (types && !types.includes(e.type)) continue;
      if (symbol !== undefined && (e as SimEvent & { symbol?: string }).symbol !== symbol) continue;
      if (e.time < from || e.time > to) continue;
      io.out.write(flags.has('json') ? JSON.stringify(e) + '\n' : `${String(e.seq).padStart(8)}  ${cal.formatLocal(e.time)}  ${e.type.padEnd(19)} ${describeEvent(e)}\n`);
      n++;
    }
    return EXIT.ok;
  },
};
