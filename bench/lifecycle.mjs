// End to end: dataset on disk -> lifecycle -> derived bars and quality (no strategy), against the
// raw columnar scan of the same files, measured in the same run.
import os from 'node:os';
import path from 'node:path';
import { createRun } from '../dist/api/run.js';
import { generate } from './generate.mjs';
import { rawScan } from './scan.mjs';
import { median, timeIt } from './util.mjs';

const DATA = path.join(os.tmpdir(), 'sessionsim-bench');

export function benchLifecycle({ symbols = 500, sessions = 20, repeats = 3, upkeep = true } = {}) {
  const root = path.join(DATA, `s${symbols}`);
  const { dates, names } = generate(root, { symbols, sessions });
  let delivered = 0, fileBars = 0;
  const scanMs = median(Array.from({ length: repeats }, () => timeIt(() => { fileBars = rawScan(root, '1m', dates).bars; })));
  const runMs = median(Array.from({ length: repeats }, () => timeIt(() => {
    const run = createRun({ data: root, symbols: names, start: dates[0], end: dates[dates.length - 1], data_upkeep: { enabled: upkeep } });
    run.kernel.run();
    delivered = run.kernel.state.totalBars;
  })));
  return [{
    scenario: `${symbols} sym x ${sessions} sessions, upkeep ${upkeep ? 'on' : 'off'}, log off`,
    fileBars,
    delivered,
    sessionsimBarsPerSec: Math.round(fileBars / (runMs / 1000)),
    rawScanBarsPerSec: Math.round(fileBars / (scanMs / 1000)),
    ratioToScan: +(runMs / scanMs).toFixed(1),
  }];
}
