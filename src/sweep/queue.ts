import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SimError } from '../errors.js';
import type { SimConfig } from '../api/config.js';
import { runOne, type RunSummary } from './run-one.js';
import type { PlannedRun } from './spec.js';
import type { Progress } from './pool.js';

export const DEFAULT_QUEUE = 'sessionsim-runs';

interface JobData { readonly config: SimConfig; readonly configHash: string; readonly logDir: string | null }

/** A fresh ioredis client per BullMQ object (shared or option-built connections hang in ESM). */
function client(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** Fails fast with a clear error when Redis cannot be reached, instead of retrying forever. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new SimError('QUEUE_UNREACHABLE', `cannot reach Redis at ${url}: ${(e as Error).message}`, { value: url });
  } finally {
    probe.disconnect();
  }
}

/**
 * Submits the runs to a BullMQ queue (job id = config hash, so a run is queued once however often
 * it is submitted or retried) and collects results as workers finish them, in run order.
 */
export async function runOnQueue(runs: readonly PlannedRun[], opts: { redis: string; queue?: string; logDir: string | null; pollMs?: number; onProgress?: (p: Progress) => void }): Promise<RunSummary[]> {
  await checkRedis(opts.redis);
  const connection = client(opts.redis);
  connection.on('error', () => undefined);
  const queue = new Queue<JobData, RunSummary>(opts.queue ?? DEFAULT_QUEUE, { connection });
  const started = performance.now();
  try {
    const unique = new Map<string, PlannedRun>();
    for (const r of runs) if (!unique.has(r.configHash)) unique.set(r.configHash, r);
    for (const r of unique.values()) {
      await queue.add('run', { config: r.config, configHash: r.configHash, logDir: opts.logDir }, { jobId: r.configHash, attempts: 1, removeOnComplete: false, removeOnFail: false });
    }
    const results = new Map<string, RunSummary>();
    let failed = 0;
    while (results.size < unique.size) {
      for (const id of unique.keys()) {
        if (results.has(id)) continue;
        const job = await queue.getJob(id);
        if (job === undefined) continue;
        const state = await job.getState();
        let s: RunSummary | null = null;
        if (state === 'completed') s = job.returnvalue;
        else if (state === 'failed') s = { status: 'failed', hash: null, sessions: 0, bars: 0, events: 0, derived: 0, gaps: 0, expected: 0, received: 0, pct: 0, endReason: null, logPath: null, error: `QUEUE: ${job.failedReason}`, ms: 0 };
        if (s !== null) {
          results.set(id, s);
          if (s.status === 'failed') failed++;
          const elapsed = performance.now() - started;
          opts.onProgress?.({ done: results.size, failed, total: unique.size, etaMs: (elapsed / results.size) * (unique.size - results.size) });
        }
      }
      if (results.size < unique.size) await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
    }
    return runs.map((r) => results.get(r.configHash)!);
  } finally {
    // BullMQ leaves a connection it was given open: close it too, or the process never exits.
    await queue.close();
    connection.disconnect();
  }
}

export interface QueueWorker {
  close(): Promise<void>;
}

/**
 * A worker process's loop: takes runs from the queue one at a time. A worker that dies holding a
 * run loses its lock after `lockMs`; the run goes back to the queue for another worker.
 */
export async function startQueueWorker(opts: { redis: string; queue?: string; concurrency?: number; lockMs?: number; onStart?: (hash: string) => void; onRun?: (hash: string, s: RunSummary) => void }): Promise<QueueWorker> {
  await checkRedis(opts.redis);
  const lockMs = opts.lockMs ?? 30_000;
  const connection = client(opts.redis);
  connection.on('error', () => undefined);
  const worker = new Worker<JobData, RunSummary>(opts.queue ?? DEFAULT_QUEUE, async (job) => {
    opts.onStart?.(job.data.configHash);
    // Let the start notice reach its reader before the (synchronous) run holds the thread.
    await new Promise((r) => setImmediate(r));
    const s = runOne(job.data.config, job.data.configHash, job.data.logDir);
    opts.onRun?.(job.data.configHash, s);
    return s;
  }, { connection, concurrency: opts.concurrency ?? 1, lockDuration: lockMs, stalledInterval: Math.max(1000, Math.floor(lockMs / 2)), maxStalledCount: 5 });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
