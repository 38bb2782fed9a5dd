// Rebuilds demo/data from the bundled Apache-2.0 LEAN sample bars (run after `npm run build`).
import path from 'node:path';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importCsv } from '../dist/storage/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bars = path.join(here, '..', 'test', 'fixtures', 'bars');
const root = path.join(here, '..', 'demo', 'data');
rmSync(root, { recursive: true, force: true });
const report = await importCsv({
  inputs: ['SPY', 'AIG', 'BAC', 'IBM'].map((s) => ({ path: path.join(bars, `${s}_1min_lean.csv`), symbol: s })),
  root, interval: '1m', timezone: 'America/New_York', timestamps: 'iso', columns: { ts: 'ts_et' },
});
// The demo is the 2013-10-04 .. 2013-10-11 week; SPY's 2023 day is not part of it.
for (const d of report.days) if (d.date > '2013-10-11') rmSync(path.join(root, path.dirname(d.file)), { recursive: true });
console.log(`demo/data: ${report.rowsImported} rows imported, ${report.days.filter((d) => d.date <= '2013-10-11').length} days`);
