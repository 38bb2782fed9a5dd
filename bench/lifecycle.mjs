// End-to-end scenarios, each in a child process (peak RSS per scenario), as a table.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./scenario.mjs', import.meta.url));

export function runScenario(spec) {
  return JSON.parse(execFileSync(process.execPath, [script, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop());
}

export function scenarios(full) {
  const list = [
    { symbols: 1, sessions: 5, repeats: 5 },
    { symbols: 100, sessions: 5, repeats: 3 },
    { symbols: 100, sessions: 60, repeats: 1 },
    { symbols: 500, sessions: 5, repeats: 3, naiveDays: 1 },
    { symbols: 500, sessions: 5, repeats: 3, upkeep: false },
    { symbols: 500, sessions: 5, repeats: 3, hash: false, naiveDays: 1 },
    { symbols: 500, sessions: 5, repeats: 3, log: 'ref' },
    { symbols: 500, sessions: 5, repeats: 3, log: 'full' },
    { symbols: 500, sessions: 5, repeats: 3, log: 'ref', compression: 'zstd' },
    { symbols: 500, sessions: 5, repeats: 3, log: 'full', compression: 'zstd' },
    { symbols: 500, sessions: 5, repeats: 3, log: 'full', compression: 'lz4' },
    { symbols: 500, sessions: 5, repeats: 3, onBar: true },
    { symbols: 500, sessions: 5, repeats: 3, onBar: true, hash: false },
    { symbols: 500, sessions: 20, repeats: 1 },
    { symbols: 500, sessions: 5, repeats: 3, strategy: true },
    { symbols: 20, sessions: 2, repeats: 3, interval: '1s' },
  ];
  if (full) {
    list.push(
      { symbols: 500, sessions: 60, repeats: 3, naiveDays: 1 },
      { symbols: 500, sessions: 60, repeats: 3, hash: false, naiveDays: 1 },
      { symbols: 500, sessions: 60, repeats: 3, prefetchThread: false },
      { symbols: 500, sessions: 60, repeats: 3, hash: false, prefetchThread: false },
      { symbols: 500, sessions: 60, repeats: 3, onBar: true },
      { symbols: 500, sessions: 250, repeats: 1 },
      { symbols: 500, sessions: 60, repeats: 1, strategy: true },
      { symbols: 500, sessions: 60, repeats: 1, log: 'ref' },
      { symbols: 500, sessions: 60, repeats: 1, log: 'ref', compression: 'zstd' },
      { symbols: 500, sessions: 60, repeats: 1, log: 'ref', compression: 'lz4' },
      { symbols: 500, sessions: 60, repeats: 1, log: 'full' },
      { symbols: 500, sessions: 60, repeats: 1, log: 'full', compression: 'lz4' },
      { symbols: 500, sessions: 60, repeats: 1, log: 'full', compression: 'zstd' },
      { symbols: 100, sessions: 250, repeats: 1 },
      // Memory in sessions like for like: a run under 10 sessions reads its days on its own thread
      // by default; these read them on the prefetch thread, as the 250-session runs do.
      { symbols: 100, sessions: 5, repeats: 1, prefetchThread: 'always' },
      { symbols: 500, sessions: 5, repeats: 1, prefetchThread: 'always' },
      { symbols: 2000, sessions: 5, repeats: 1 },
    );
  }
  return list;
}

export function benchLifecycle({ full = false } = {}) {
  return scenarios(full).map((spec) => {
    const r = runScenario(spec);
    return {
      scenario: `${r.symbols} sym x ${r.sessions} sessions ${r.interval ?? '1m'}, upkeep ${r.upkeep === false ? 'off' : 'on'}, log ${r.log ?? 'off'}${r.compression !== undefined ? ` ${r.compression}` : ''}${r.hash === false ? ', no hash' : ''}${r.onBar ? ', onBar' : ''}${r.prefetchThread === false ? ', no prefetch thread' : r.prefetchThread === 'always' ? ', prefetch thread' : ''}${r.strategy ? `, strategy (${r.fills} fills)` : ''}`,
      fileBars: r.fileBars,
      barsPerSec: r.barsPerSec,
      rawScanBarsPerSec: r.scanBarsPerSec,
      xRawScan: +r.ratioToScan.toFixed(1),
      naiveBarsPerSec: r.naiveBarsPerSec ?? '',
      xFasterThanNaive: r.speedupOverNaive === null ? '' : +r.speedupOverNaive.toFixed(1),
      peakRssMiB: r.peakRssMiB,
      runPeakRssMiB: r.runPeakRssMiB,
      gcPct: r.gcPct,
      logBytesPerEvent: r.logBytesPerEvent === null ? '' : +r.logBytesPerEvent.toFixed(1),
      xWithoutStrategy: r.ratioToNoStrategy === undefined ? '' : +r.ratioToNoStrategy.toFixed(2),
    };
  });
}
