import { startQueueWorker } from '../sweep/index.js';
import type { Command } from './commands.js';
import { EXIT, parseArgs, UsageError } from './usage.js';

export const workerCommand: Command = {
  summary: 'take sweep runs from a Redis job queue (BullMQ) until stopped',
  help: [
    'Usage: sessionsim worker --redis URL [--queue NAME] [--concurrency N] [--lock-ms N]',
    '',
    'Runs jobs submitted by `sessionsim sweep --redis URL`. Every worker must see the dataset at the',
    'path in the sweep config (a shared filesystem). A worker that dies loses its lock after',
    '--lock-ms (default 30000) and its run is handed to another worker. Stops on SIGINT/SIGTERM.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseArgs(argv, { values: ['redis', 'queue', 'concurrency', 'lock-ms'] });
    const redis = values.get('redis');
    if (redis === undefined) throw new UsageError('--redis URL is required');
    const concurrency = Number(values.get('concurrency') ?? 1);
    const lockMs = Number(values.get('lock-ms') ?? 30_000);
    if (!(Number.isInteger(concurrency) && concurrency > 0) || !(lockMs >= 1000)) throw new UsageError('--concurrency must be >= 1 and --lock-ms >= 1000');
    const worker = await startQueueWorker({
      redis, concurrency, lockMs, ...(values.has('queue') ? { queue: values.get('queue')! } : {}),
      onStart: (hash) => io.out.write(`start ${hash.slice(0, 12)}\n`),
      onRun: (hash, s) => io.out.write(`${s.status} ${hash.slice(0, 12)} ${s.bars} bars ${Math.round(s.ms)} ms${s.error ? ` ${s.error}` : ''}\n`),
    });
    io.out.write(`worker ready on ${redis}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await worker.close();
    return EXIT.ok;
  },
};
