// Parquet readers for the importer, measured on one 500-symbol day of minute bars (195,000 rows):
// hyparquet (pure JavaScript) against parquet-wasm (Rust's parquet crate as WebAssembly, then
// Arrow JS to reach the columns). Each reads the file from disk to JavaScript column values, the
// part of an import the reader decides; the fixture is written by pyarrow, as a researcher's
// lake would be. Beside them, the whole import of the same file (dist/, so `npm run build` first),
// to show what share of an import the reader is. Run: node bench/parquet-read.mjs [--symbols 500] [--repeats 7]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tableFromIPC } from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import * as wasm from 'parquet-wasm/node';
import { importCsv } from '../dist/index.js';

const { values } = parseArgs({ options: { symbols: { type: 'string', default: '500' }, repeats: { type: 'string', default: '7' } } });
const symbols = Number(values.symbols), repeats = Number(values.repeats);
const dir = path.join(os.tmpdir(), 'sessionsim-bench', 'parquet');
mkdirSync(dir, { recursive: true });

const PY = `
import sys, numpy as np, pyarrow as pa, pyarrow.parquet as pq
n, out = int(sys.argv[1]), sys.argv[2]
start = np.datetime64('2024-01-02T14:30:00', 'ns')
ts = np.tile(start + np.arange(390) * np.timedelta64(60, 's'), n)
sym = np.repeat(np.array([f'S{i:03d}' for i in range(n)]), 390)
rng = np.random.default_rng(1)
close = 100 + rng.standard_normal(n * 390).cumsum() * 0.01
t = pa.table({'ts': pa.array(ts, pa.timestamp('ns', tz='America/New_York')), 'symbol': sym,
  'open': close, 'high': close + 0.05, 'low': close - 0.05, 'close': close, 'volume': rng.integers(0, 10000, n * 390)})
for codec in ['snappy', 'zstd']:
    pq.write_table(t, f'{out}/day-{codec}.parquet', compression=codec)
`;
execFileSync('python3', ['-c', PY, String(symbols), dir]);

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const out = [];
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    rows = await fn();
    out.push(performance.now() - t0);
  }
  return { ms: median(out), rows };
}

async function hyparquet(file) {
  const buf = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buf);
  let rows = 0;
  // Timestamps as their raw integers, as the importer reads them (the default makes a Date per value).
  const parsers = { timestampFromMilliseconds: (v) => v, timestampFromMicroseconds: (v) => v, timestampFromNanoseconds: (v) => v, dateFromDays: (v) => v };
  await parquetRead({ file: buf, metadata, compressors, parsers, onChunk: (c) => { if (c.columnName === 'close') rows += c.rowEnd - c.rowStart; } });
  return rows;
}

function parquetWasm(file) {
  const table = wasm.readParquet(readFileSync(file));
  const arrow = tableFromIPC(table.intoIPCStream());
  const close = arrow.getChild('close').toArray();
  arrow.getChild('symbol').toArray();
  arrow.getChild('ts').toArray();
  return close.length;
}

const rows = [];
for (const codec of ['snappy', 'zstd']) {
  const file = path.join(dir, `day-${codec}.parquet`);
  const h = await time(() => hyparquet(file));
  const w = await time(async () => parquetWasm(file));
  if (h.rows !== w.rows) throw new Error(`row counts differ: ${h.rows} vs ${w.rows}`);
  const root = path.join(dir, `ds-${codec}`);
  const t0 = performance.now();
  rmSync(root, { recursive: true, force: true });
  await importCsv({ inputs: [{ path: file }], root, interval: '1m', timezone: 'America/New_York', timestamps: 'iso' });
  const importMs = performance.now() - t0;
  rows.push({ file: `${symbols} symbols x 390 bars, ${codec}`, bytes: statSync(file).size, rows: h.rows, hyparquetMs: +h.ms.toFixed(1), parquetWasmMs: +w.ms.toFixed(1), wholeImportMs: Math.round(importMs) });
}
console.table(rows);
