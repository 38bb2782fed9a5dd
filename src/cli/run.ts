import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSimulation, loadStrategy, readConfigFile, SimError, type LoadedStrategy, type LogCompression, type SimConfig, type Simulation, type SimulationResult } from '../index.js';
import { textTable } from './format.js';
import { perSecond, Progress } from './progress.js';
import { EXIT, parseArgs, UsageError, type Io, type Command } from './usage.js';

/** Runs a config with a progress bar and prints the summary. Shared by `run` and `demo`. */
export function runWithProgress(config: SimConfig, io: Io, json: boolean, strategy: LoadedStrategy | null = null): SimulationResult {
  // The CLI prints no derived bar or gap: not kept, so that a long run's memory stays flat.
  const sim = createSimulation(config, { collect: false, ...(strategy === null ? {} : { strategy: strategy.strategy, strategySource: strategy.source }) });
  if (json) {
    sim.runToEnd();
  } else {
    const total = sim.parts.plannedDates.length;
    const started = performance.now();
    const progress = new Progress(io.err as NodeJS.WritableStream & { isTTY?: boolean }, 'sessions', started);
    let done = 0;
    const point = () => {
      const s = sim.live, now = performance.now();
      return { done, total, fraction: total === 0 ? 1 : (done + sessionShare(s.active, s.open, s.close, s.now)) / total, detail: `bars ${s.totalBars.toLocaleString('en-US')}  ${perSecond(s.totalBars, now - started)} bars/s` };
    };
    // Once a session, not per bar: a bar listener would make every bar an object (a third slower).
    sim.on('SessionDeactivated', () => { done++; progress.update(point(), performance.now(), true); });
    runInSlices(sim, () => progress.update(point(), performance.now()));
    progress.finish();
  }
  const r = sim.result();
  if (json) {
    const trading = r.strategy === null ? {} : { strategy: { summary: r.strategy.summary, orders: r.strategy.orders.toArray(), fills: r.strategy.fills.toArray(), positions: r.strategy.positions.toArray(), sessions: r.strategy.sessions.toArray() } };
    io.out.write(JSON.stringify({ hash: r.hash, events: r.events, bars: r.bars, endReason: r.endReason, empty: r.empty, warnings: r.warnings, logPath: r.logPath, sessions: r.sessions.toArray(), quality: r.quality.toArray(), ...trading }) + '\n');
  } else {
    io.out.write(summary(r));
  }
  return r;
}

/** How far into the active session its exchange clock is, 0..1 (0 between sessions). */
function sessionShare(active: boolean, open: number, close: number, now: number): number {
  return active && close > open ? Math.min(Math.max((now - open) / (close - open), 0), 1) : 0;
}

/**
 * Runs to the end in slices of events, calling tick between them: the run loop is synchronous, so
 * this is where the bar moves inside a long session. A slice grows or shrinks towards ~100 ms of
 * wall time: short enough for a bar that moves several times a second, long enough that the
 * check costs nothing (the slices give the same events as one runToEnd).
 */
function runInSlices(sim: Simulation, tick: () => void): void {
  let slice = 4096;
  for (;;) {
    const t0 = performance.now();
    if (sim.runEvents(slice) === 0) return;
    const ms = performance.now() - t0;
    tick();
    if (ms < 50 && slice < 1 << 24) slice *= 2;
    else if (ms > 200 && slice > 64) slice = Math.max(64, slice >> 1);
  }
}

export function summary(r: SimulationResult): string {
  const rows = r.sessions.toArray().map((s) => [s.date, s.openLocal.slice(11, 16), s.closeLocal.slice(11, 16), s.earlyClose ? 'yes' : '', s.prefetch, s.bars, s.late, s.derived, s.gaps, `${s.received}/${s.expected}`, s.pct]);
  const q = r.quality.toArray();
  const out = [
    textTable(['session', 'open', 'close', 'early', 'prefetch', 'bars', 'late', 'derived', 'gaps', 'received', 'pct'], rows),
    `${r.sessions.length} sessions, ${r.bars} bars, ${r.events} events, ${q.reduce((n, x) => n + x.outOfSession, 0)} out-of-session prints, ended: ${r.endReason ?? 'not ended'}`,
    `${r.hash === null ? "no log hash (config log.hash is false)" : `log hash ${r.hash}`}${r.logPath ? `  (log: ${r.logPath})` : ''}`,
    ...(r.strategy === null ? [] : [strategySummary(r.strategy.summary)]),
    ...r.warnings.map((w) => `warning: ${w}`),
    '',
  ];
  return out.join('\n');
}

function strategySummary(s: NonNullable<SimulationResult['strategy']>['summary']): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return `strategy: P&L ${s.pnl.toFixed(2)} (${pct(s.return)}) from ${s.initialCash.toFixed(2)} to ${s.finalEquity.toFixed(2)}, max drawdown ${pct(s.maxDrawdown)}, ${s.orders} orders (${s.rejected} rejected), ${s.fills} fills, commission ${s.commission.toFixed(2)}, turnover ${s.turnover.toFixed(2)}x${s.sharpe === null ? '' : `, Sharpe ${s.sharpe.toFixed(2)}`}`;
}

/**
 * A run that delivered no bar at all fails (RUN_EMPTY, exit 1) after its summary and its log
 * were written: an empty backtest must not pass for a quiet one.
 */
export function failIfEmpty(r: SimulationResult): void {
  if (r.empty) throw new SimError('RUN_EMPTY', r.warnings[0] ?? 'the run delivered no bars', { logPath: r.logPath });
}

export const runCommand: Command = {
  summary: 'run a simulation from a JSON config, with a progress bar and a summary',
  help: [
    'Usage: sessionsim run <config.json> [--strategy FILE] [--log FILE] [--bars full|ref] [--compression none|lz4|zstd] [--json]',
    '',
    'Runs the configuration to the end. Paths in the config are relative to the config file.',
    'A run that delivers no bar at all exits 1 with RUN_EMPTY (after its summary and log).',
    '  --strategy FILE  run a strategy (an ES module exporting it, or a function making it, as default',
    '               or as `strategy`) with the simulated broker of the config\'s `broker`',
    '  --log FILE   write the event log (Arrow IPC stream) to FILE',
    "  --bars MODE  bars in the log in 'full' (default) or by reference 'ref' (file hash + row)",
    "  --compression C  the log's buffers compressed with 'lz4' (LZ4 frame) or 'zstd', or 'none' (default)",
    '  --json       print the result as JSON instead of the summary table',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['log', 'bars', 'compression', 'strategy'], flags: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one config file');
    const config = readConfigFile(positionals[0]!);
    const given = {
      ...(values.has('log') ? { path: path.resolve(values.get('log')!) } : {}),
      ...(values.has('bars') ? { bars: values.get('bars') as 'full' | 'ref' } : {}),
      ...(values.has('compression') ? { compression: values.get('compression') as LogCompression } : {}),
    };
    const log = Object.keys(given).length > 0 ? { ...config.log, ...given } : config.log;
    const strategy = values.has('strategy') ? await loadStrategy(values.get('strategy')!) : null;
    failIfEmpty(runWithProgress({ ...config, ...(log ? { log } : {}) }, io, flags.has('json'), strategy));
    return EXIT.ok;
  },
};
