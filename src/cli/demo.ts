import { Kernel, MemoryLog } from '../kernel/index.js';
import { describeEvent, ev, rankOf, type SimEvent } from '../events/index.js';
import type { Command } from './commands.js';
import { EXIT, parseArgs } from './usage.js';

export const demoCommand: Command = {
  summary: 'run the bundled demo and print what happened',
  help: 'Usage: sessionsim demo [--json]\n\nRuns a small built-in scenario through the kernel and prints the event trace and log hash.',
  async run(argv, io) {
    const { flags } = parseArgs(argv, { flags: ['json'] });
    const log = new MemoryLog<SimEvent>();
    const k = new Kernel<number, SimEvent>({
      initialState: 0,
      evolve: (n) => n + 1,
      handlers: {
        MarketClose: (_s, e) => [ev.sessionDeactivated(e.time, e.date)],
        SessionDeactivated: (_s, e) => [ev.backtestEnded(e.time, 'end-date')],
      },
      rank: rankOf,
      sinks: [log],
      isTerminal: (e) => e.type === 'BacktestEnded',
    });
    const open = Date.UTC(2025, 6, 2, 13, 30);
    const close = Date.UTC(2025, 6, 2, 20, 0);
    k.schedule(ev.backtestStarted(open, '2025-07-02', '2025-07-02'));
    k.schedule(ev.marketClose(close, '2025-07-02'));
    k.schedule(ev.sessionActivated(open, { date: '2025-07-02', open, close, earlyClose: false, midSession: false }));
    k.run();
    if (flags.has('json')) {
      io.out.write(JSON.stringify({ events: log.events(), hash: log.hash() }) + '\n');
    } else {
      for (const e of log.events()) io.out.write(`${String(e.seq).padStart(4)}  ${new Date(e.time).toISOString()}  ${describeEvent(e)}\n`);
      io.out.write(`log hash ${log.hash()}\n`);
    }
    return EXIT.ok;
  },
};
