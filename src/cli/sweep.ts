import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tableToIPC } from 'apache-arrow';
import { errorLine, resolveOutput, writeOutput } from '../index.js';
import { readSweepFile, redisUrl, sweep, REDIS_URL_ENV } from '../sweep/index.js';
import { textTable } from './format.js';
import { Progress, type ProgressPoint } from './progress.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

function positiveMs(values: Map<string, string>, name: string): number | undefined {
  if (!values.has(name)) return undefined;
  const n = Number(values.get(name));
  if (!(Number.isInteger(n) && n > 0)) throw new UsageError(`--${name} must be a positive whole number of milliseconds`);
  return n;
}

export const sweepCommand: Command = {
  summary: 'run a parameter sweep on every core, or through a Redis job queue',
  help: [
    'Usage: sessionsim sweep <sweep.json> [--workers N] [--logs DIR] [--out FILE.arrow] [--json]',
    '       sessionsim sweep <sweep.json> --redis URL | --queue NAME [--lost-after-ms N] [--wait-timeout-ms N] ...',
    '',
    'sweep.json: { "base": {config}, "axes": { "prefetch.latency_ms": [0, 60000], "start": [...] },',
    '              "mode": "product" | "zip", "configs": [ {overrides}, ... ] }',
    'Paths in base are relative to the sweep file. Axes take a list or { "from", "to", "step" }.',
    '  --workers N          worker threads (default: one per core)',
    '  --logs DIR           keep each run\'s event log as DIR/<config hash>.arrow (DIR is created)',
    '  --out FILE           write the results table as an Arrow IPC file',
    `  --redis URL          dispatch through BullMQ on Redis (default $${REDIS_URL_ENV} when --queue is given);`,
    '                       start workers with `sessionsim worker`',
    '  --lost-after-ms N    give up with QUEUE_LOST when Redis is unreachable this long (default 10000)',
    '  --wait-timeout-ms N  give up with QUEUE_NO_WORKER after this long with no worker connected',
    '                       (default: wait, saying that no worker is connected)',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags, positionals } = parseArgs(argv, { values: ['workers', 'redis', 'queue', 'logs', 'out', 'lost-after-ms', 'wait-timeout-ms'], flags: ['json'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one sweep file');
    const file = positionals[0]!;
    const spec = readSweepFile(file);
    const workers = values.has('workers') ? Number(values.get('workers')) : undefined;
    if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) throw new UsageError('--workers must be a positive whole number');
    const onQueue = values.has('redis') || values.has('queue');
    const redis = onQueue ? redisUrl(values.get('redis')) : undefined;
    if (onQueue && redis === undefined) throw new UsageError(`--queue needs a Redis: give --redis URL or set ${REDIS_URL_ENV}`);
    const lostAfterMs = positiveMs(values, 'lost-after-ms');
    const waitTimeoutMs = positiveMs(values, 'wait-timeout-ms');
    // Checked before the sweep: a refused output must not cost the sweep's results.
    const out = values.get('out');
    const outOptions = { what: 'the results table', inputs: [file], stdout: io.out, mkdir: true };
    if (out !== undefined) resolveOutput(out, outOptions);
    const progress = flags.has('json') ? null : new Progress(io.err as NodeJS.WritableStream & { isTTY?: boolean }, 'runs', performance.now());
    let last: ProgressPoint | null = null;
    // The sweep waits on other threads or machines, so a timer can move the bar between results.
    const ticker = progress === null ? null : setInterval(() => { if (last !== null) progress.update(last, performance.now()); }, 1000);
    let result;
    try {
      result = await sweep(spec, {
        ...(workers ? { workers } : {}),
        ...(redis !== undefined ? { redis } : {}),
        ...(values.has('queue') ? { queue: values.get('queue')! } : {}),
        ...(values.has('logs') ? { logDir: path.resolve(values.get('logs')!) } : {}),
        ...(lostAfterMs !== undefined ? { lostAfterMs } : {}),
        ...(waitTimeoutMs !== undefined ? { waitTimeoutMs } : {}),
        onNotice: (line) => (progress === null ? io.err.write(`sweep: ${line}\n`) : progress.note(`sweep: ${line}`)),
        onProgress: progress === null ? undefined : (p) => {
          last = { done: p.done, total: p.total, detail: `failed ${p.failed}${p.workers !== undefined ? `  workers ${p.workers}` : ''}` };
          progress.update(last, performance.now(), true);
        },
      });
    } finally {
      if (ticker !== null) clearInterval(ticker);
      progress?.finish();
    }
    if (out !== undefined) writeOutput(out, tableToIPC(result.table.table, 'file'), outOptions);
    if (flags.has('json')) {
      io.out.write(JSON.stringify(result.rows) + '\n');
    } else {
      const rows = result.rows;
      const paramKeys = Object.keys(rows[0] ?? {}).filter((k) => !['run', 'config_hash', 'status', 'error', 'hash', 'sessions', 'bars', 'events', 'derived', 'gaps', 'expected', 'received', 'pct', 'end_reason', 'log_path', 'ms'].includes(k));
      io.out.write(textTable(['run', ...paramKeys, 'status', 'sessions', 'bars', 'pct', 'hash'], rows.map((r) => [r.run, ...paramKeys.map((k) => String(r[k])), r.status === 'failed' ? `failed: ${r.error}` : r.status, r.sessions as number, r.bars as number, r.pct as number, String(r.hash).slice(0, 12)])));
      io.out.write(`${rows.length} runs, ${result.failed} failed\n`);
    }
    const first = result.rows.find((r) => r.status === 'failed');
    if (first !== undefined) {
      // One line for whoever reads stderr: the first failure's own code and message, and how many.
      const m = /^([A-Z][A-Z_]*): (.*)$/s.exec(first.error);
      io.err.write(errorLine(m?.[1] ?? 'INTERNAL', `${result.failed} of ${result.rows.length} runs failed; the first, run ${first.run}: ${m?.[2] ?? first.error}`) + '\n');
    }
    return result.failed > 0 ? EXIT.failed : EXIT.ok;
  },
};
