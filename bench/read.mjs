// Read throughput of a day file: readDay (validation, typed-array columns) against a bare
// tableFromIPC + column scan of the same file, in the same run.
import path from 'node:path';
import os from 'node:os';
import { readDay, dayFile } from '../dist/storage/index.js';
import { generate } from './generate.mjs';
import { rawScan } from './scan.mjs';
import { median, timeIt } from './util.mjs';

export function benchRead({ symbols = 500, repeats = 7 } = {}) {
  const root = path.join(os.tmpdir(), 'sessionsim-bench', `s${symbols}`);
  const { dates } = generate(root, { symbols, sessions: 1 });
  const file = dayFile(root, '1m', dates[0]);
  let n = 0;
  const readMs = median(Array.from({ length: repeats }, () => timeIt(() => { n = readDay(file, { interval: '1m' }).rows; })));
  const scanMs = median(Array.from({ length: repeats }, () => timeIt(() => rawScan(root, '1m', dates))));
  return [{ file: `${symbols} symbols x 1 day`, rows: n, readDayBarsPerSec: Math.round(n / (readMs / 1000)), rawScanBarsPerSec: Math.round(n / (scanMs / 1000)), ratio: +(readMs / scanMs).toFixed(2) }];
}
