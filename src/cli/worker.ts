import { redactUrl, redisUrl, resolveRoots, startQueueWorker, REDIS_URL_ENV } from '../sweep/index.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

export const workerCommand: Command = {
  summary: 'take sweep runs from a Redis job queue (BullMQ) until stopped',
  help: [
    'Usage: sessionsim worker [--redis URL] [--data-root DIR]... [--log-root DIR] [--queue NAME] [--concurrency N] [--lock-ms N]',
    '',
    'Runs jobs submitted by `sessionsim sweep --redis URL`. Every worker must see the dataset at the',
    'path in the sweep config (a shared filesystem).',
    `  --redis URL       redis://[:password@]host:port or rediss:// (TLS); default $${REDIS_URL_ENV},`,
    '                    which keeps a password out of the process list',
    '  --data-root DIR   a folder jobs may read datasets from (repeat for more); default: the current folder',
    '  --log-root DIR    the folder jobs may keep logs in; default: the current folder',
    '                    A job naming a path outside these completes as failed with QUEUE_FORBIDDEN.',
    '  --lock-ms N       a worker that dies loses its run after N ms (default 30000) and another takes it',
    'Stops on SIGINT/SIGTERM at once: a run in progress goes back to the queue for another worker.',
  ].join('\n'),
  async run(argv, io) {
    const { values, lists } = parseArgs(argv, { values: ['redis', 'queue', 'concurrency', 'lock-ms', 'log-root'], lists: ['data-root'] });
    const dataRoots = lists.get('data-root') ?? [];
    const redis = redisUrl(values.get('redis'));
    if (redis === undefined) throw new UsageError(`give --redis URL or set ${REDIS_URL_ENV}`);
    const concurrency = Number(values.get('concurrency') ?? 1);
    const lockMs = Number(values.get('lock-ms') ?? 30_000);
    if (!(Number.isInteger(concurrency) && concurrency > 0) || !(lockMs >= 1000)) throw new UsageError('--concurrency must be >= 1 and --lock-ms >= 1000');
    const roots = resolveRoots(dataRoots.length > 0 ? dataRoots : ['.'], values.get('log-root') ?? '.');
    const stopped = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    const worker = await startQueueWorker({
      redis, concurrency, lockMs, roots, ...(values.has('queue') ? { queue: values.get('queue')! } : {}),
      onStart: (hash) => io.out.write(`start ${hash.slice(0, 12)}\n`),
      onRun: (hash, s) => io.out.write(`${s.status} ${hash.slice(0, 12)} ${s.bars} bars ${Math.round(s.ms)} ms${s.error ? ` ${s.error}` : ''}\n`),
      onConnection: (up) => io.err.write(up ? 'worker: Redis is back\n' : `worker: lost Redis at ${redactUrl(redis)}; reconnecting (SIGTERM stops the worker)\n`),
    });
    io.out.write(`worker ready on ${redactUrl(redis)}; data under ${roots.data.join(', ')}; logs under ${roots.logs}\n`);
    const signal = await stopped;
    io.err.write(`worker: ${signal}, stopping (a run in progress goes back to the queue)\n`);
    await worker.close();
    return EXIT.ok;
  },
};
