// The event log at scale: a run writing a full log, then replay's commands on that log, each in
// its own process (time and peak RSS), against the run that wrote it, measured in the same run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const step = fileURLToPath(new URL('./replay-step.mjs', import.meta.url));
const storage = fileURLToPath(new URL('../dist/storage/index.js', import.meta.url));

function run(argv, env = {}) {
  const r = spawnSync(process.execPath, [step, JSON.stringify(argv)], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const last = r.stderr.trimEnd().split('\n').pop();
  const out = JSON.parse(last);
  if (out.code !== 0) throw new Error(`${argv.join(' ')}: exit ${out.code}: ${r.stderr.slice(0, 2000)}`);
  return out;
}

export function benchReplay({ full = false } = {}) {
  const rows = [];
  for (const sessions of full ? [5, 20, 60, 250] : [20]) {
    const symbols = 500;
    const root = path.join(os.tmpdir(), 'sessionsim-bench', `1m-s${symbols}`);
    const { dates, names } = generate(root, { symbols, sessions, interval: '1m' });
    const dir = path.join(os.tmpdir(), `sessionsim-bench-replay-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const write = (compression, bars = 'full') => {
      const log = path.join(dir, `run-${bars}-${compression}.arrow`), config = path.join(dir, `config-${bars}-${compression}.json`);
      writeFileSync(config, JSON.stringify({ data: root, symbols: names, start: dates[0], end: dates[dates.length - 1], log: { path: log, bars, compression } }));
      const written = run(['run', config]);
      const bytes = statSync(log).size;
      const events = JSON.parse(spawnSync(process.execPath, ['--input-type=module', '-e', `import { scanLog } from ${JSON.stringify(storage)}; const s = scanLog(${JSON.stringify(log)}); const b = s.batches.filter((x) => x.summary); console.log(JSON.stringify({ events: s.events, middle: b[b.length >> 1].summary.seq[0] }));`], { encoding: 'utf8' }).stdout);
      const label = `${symbols} x ${sessions}, ${bars === 'full' ? 'full log' : 'log by reference'}, ${compression} (${events.events} events, ${Math.round(bytes / 2 ** 20)} MiB, ${(bytes / events.events).toFixed(1)} B/event)`;
      const row = (work, r) => ({ log: label, work, seconds: +(r.ms / 1000).toFixed(2), eventsPerSec: Math.round(events.events / (r.ms / 1000)), xRunTime: +(r.ms / written.ms).toFixed(2), peakRssMiB: r.peakRssMiB, xRunPeakRss: +(r.peakRssMiB / written.peakRssMiB).toFixed(2) });
      rows.push(row('run (writes the log)', written));
      return { log, events, row };
    };
    const { log, events, row } = write('zstd');
    rows.push(row('replay --type MarketClose --limit 10', run(['replay', log, '--type', 'MarketClose', '--limit', '10', '--json'])));
    rows.push(row(`replay --seek ${events.middle} (the middle)`, run(['replay', log, '--seek', String(events.middle), '--json'])));
    rows.push(row('Replay.hash (every event read and hashed, from columns)', run(['api', 'hash', log])));
    rows.push(row('Replay.hash, no read-ahead thread', run(['api', 'hash', log], { SESSIONSIM_READ_THREAD: '0' })));
    rows.push(row('replay(log).logged() (every event as an object)', run(['api', 'events', log])));
    rows.push(row('replay --verify', run(['replay', log, '--verify'])));
    // A full streaming replay of the same run's log in the other compressions (the largest size but 250 only: it is the long part).
    if (sessions === (full ? 60 : 20)) {
      for (const compression of ['none', 'lz4']) {
        const other = write(compression);
        rows.push(other.row('Replay.hash (every event read and hashed, from columns)', run(['api', 'hash', other.log])));
        rows.push(other.row('Replay.hash, no read-ahead thread', run(['api', 'hash', other.log], { SESSIONSIM_READ_THREAD: '0' })));
        rmSync(other.log, { force: true });
      }
      // The same run's log by reference: its prices are read back from the dataset as it replays.
      const byRef = write('zstd', 'ref');
      rows.push(byRef.row('replay --type MarketClose --limit 10', run(['replay', byRef.log, '--type', 'MarketClose', '--limit', '10', '--json'])));
      rows.push(byRef.row(`replay --seek ${byRef.events.middle} (the middle)`, run(['replay', byRef.log, '--seek', String(byRef.events.middle), '--json'])));
      rows.push(byRef.row('Replay.hash (every event read and hashed, from columns)', run(['api', 'hash', byRef.log])));
      rows.push(byRef.row('replay --verify', run(['replay', byRef.log, '--verify'])));
      rmSync(byRef.log, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
