import path from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { sweep, type SweepSpec } from '../sweep/index.js';
import { resolveOutput, writeOutput } from '../storage/index.js';
import type { Command } from './commands.js';
import { textTable } from './format.js';
import { loadJsonFile } from './run.js';
import { EXIT, parseArgs, UsageError } from './usage.js';

export const sweepCommand: Command = {
  summary: 'run a parameter sweep on every core, or through a Redis job queue',
  help: [
    'Usage: sessionsim sweep <sweep.json> [--workers N] [--redis URL] [--queue NAME] [--logs DIR] [--out FILE.arrow] [--json]',
    '',
    'sweep.json: { "base": {config}, "axes": { "prefetch.latency_ms": [0, 60000], "start": [...] },',
    '              "mode": "product" | "zip", "configs": [ {overrides}, ... ] }',
    'Paths in base are relative to the sweep file. Axes take a list or { "from", "to", "step" }.',
    '  --workers N   worker threads (default: one per core)',
    '  --redis URL   dispatch through BullMQ on Redis; start workers with `sessionsim worker --redis URL`',
    '  --logs DIR    keep each run\'s event log as DIR/<config hash>.arrow',
    '  --out FILE    write the results table as an Arrow IPC file',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['workers', 'redis', 'queue', 'logs', 'out'], flags: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one sweep file');
    const file = positionals[0]!;
    const raw = loadJsonFile(file, 'sweep spec') as { base?: Record<string, unknown> };
    const dir = path.dirname(path.resolve(file));
    if (raw?.base && typeof raw.base.data === 'string') raw.base.data = path.resolve(dir, raw.base.data);
    const spec = raw as unknown as SweepSpec;
    const workers = values.has('workers') ? Number(values.get('workers')) : undefined;
    if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) throw new UsageError('--workers must be a positive whole number');
    // Checked before the sweep: a refused output must not cost the sweep's results.
    const outOptions = { what: 'the results table', inputs: [file], stdout: io.out, mkdir: true };
    if (values.has('out')) resolveOutput(values.get('out')!, outOptions);
    const tty = (io.err as { isTTY?: boolean }).isTTY === true;
    const result = await sweep(spec, {
      ...(workers ? { workers } : {}),
      ...(values.has('redis') ? { redis: values.get('redis')! } : {}),
      ...(values.has('queue') ? { queue: values.get('queue')! } : {}),
      ...(values.has('logs') ? { logDir: path.resolve(values.get('logs')!) } : {}),
      onProgress: flags.has('json') ? undefined : (p) => {
        const line = `runs ${p.done}/${p.total}  failed ${p.failed}  eta ${Math.ceil(p.etaMs / 1000)}s`;
        io.err.write(tty ? `\r${line}   ${p.done === p.total ? '\n' : ''}` : `${line}\n`);
      },
    });
    if (values.has('out')) writeOutput(values.get('out')!, tableToIPC(result.table.table, 'file'), outOptions);
    if (flags.has('json')) {
      io.out.write(JSON.stringify(result.rows) + '\n');
    } else {
      const rows = result.rows;
      const paramKeys = Object.keys(rows[0] ?? {}).filter((k) => !['run', 'config_hash', 'status', 'error', 'hash', 'sessions', 'bars', 'events', 'derived', 'gaps', 'expected', 'received', 'pct', 'end_reason', 'log_path', 'ms'].includes(k));
      io.out.write(textTable(['run', ...paramKeys, 'status', 'sessions', 'bars', 'pct', 'hash'], rows.map((r) => [r.run, ...paramKeys.map((k) => String(r[k])), r.status === 'failed' ? `failed: ${r.error}` : r.status, r.sessions as number, r.bars as number, r.pct as number, String(r.hash).slice(0, 12)])));
      io.out.write(`${rows.length} runs, ${result.failed} failed\n`);
    }
    return result.failed > 0 ? EXIT.failed : EXIT.ok;
  },
};
