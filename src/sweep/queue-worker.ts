import { WaitingError, Worker } from 'bullmq';
import type { RunSummary } from './run-one.js';
import { destroyPool, runOnThread, runPool } from './pool.js';
import { DEFAULT_QUEUE } from './queue-address.js';
import type { JobData } from './queue.js';
import { checkRedis, client, disconnectAll, trackDuplicates, within } from './redis.js';
import type { WorkerRoots } from './roots.js';

export interface QueueWorker {
  /**
   * Stops taking jobs and abandons the runs in progress: each goes back to the queue at once (or,
   * when Redis is gone, when its lock lapses) for another worker. Bounded even with Redis gone.
   */
  close(): Promise<void>;
}

export interface QueueWorkerOptions {
  readonly redis: string;
  readonly queue?: string;
  readonly concurrency?: number;
  readonly lockMs?: number;
  /** The folders this worker reads datasets from and writes logs into; a job naming others is refused. */
  readonly roots: WorkerRoots;
  readonly onStart?: (hash: string) => void;
  readonly onRun?: (hash: string, s: RunSummary) => void;
  /** Redis lost (false) or back (true): the worker rides out outages, reconnecting. */
  readonly onConnection?: (up: boolean) => void;
}

/**
 * A worker process's loop: takes runs from the queue and runs each on a worker thread, so this
 * thread stays free to renew the job's lock (a run longer than the lock is still one run). A
 * worker that dies holding a run loses its lock after `lockMs`; the run goes back to the queue.
 */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  await checkRedis(opts.redis);
  const lockMs = opts.lockMs ?? 30_000;
  const concurrency = opts.concurrency ?? 1;
  const pool = runPool(concurrency);
  const running = new Set<AbortController>();
  const connection = trackDuplicates(client(opts.redis));
  let up = true, stopping = false;
  connection.on('close', () => { if (up && !stopping) { up = false; opts.onConnection?.(false); } });
  connection.on('ready', () => { if (!up && !stopping) { up = true; opts.onConnection?.(true); } });
  const worker = new Worker<JobData, RunSummary>(opts.queue ?? DEFAULT_QUEUE, async (job, token) => {
    // The id of a submitted job is its config hash; the thread checks that and the job's paths.
    const id = String(job.id);
    opts.onStart?.(id);
    const abort = new AbortController();
    running.add(abort);
    let s: RunSummary;
    try {
      s = await runOnThread(pool, { job: job.data, roots: opts.roots }, abort.signal);
    } finally {
      running.delete(abort);
    }
    if (abort.signal.aborted) {
      // Stopped mid-run: hand the job back rather than fail it (a failure would be kept).
      await within(job.moveToWait(token), 1000);
      throw new WaitingError();
    }
    opts.onRun?.(id, s);
    return s;
    // drainDelay: an idle worker's blocking wait (and BullMQ's watchdog timer on it, which holds the
    // process after a stop) lasts 1 s, not 5.
  }, { connection, concurrency, drainDelay: 1, lockDuration: lockMs, stalledInterval: Math.max(1000, Math.floor(lockMs / 2)), maxStalledCount: 5 });
  // Without a listener BullMQ prints every reconnect failure with its stack.
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  return {
    close: async () => {
      stopping = true;
      void worker.pause(true).catch(() => undefined);
      for (const a of running) a.abort();
      // With Redis gone, closing gracefully would wait on commands that never return.
      await within(worker.close(!up), up ? 3000 : 1000);
      disconnectAll(connection);
      await destroyPool(pool, 3000);
    },
  };
}
