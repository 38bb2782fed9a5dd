/**
 * sessionsim/sweep: many configs at once, on worker threads (piscina) or through a Redis job queue
 * (BullMQ). Its own entry point, so that `import "sessionsim"` loads none of these.
 */
import path from 'node:path';
import type { ResultTable } from '../api/table.js';
import type { Progress } from './pool.js';
import type { QueueWorker, QueueWorkerOptions } from './queue-worker.js';
import { sweepRows, sweepTable, type SweepRow } from './results.js';
import { ensureLogDir } from './run-one.js';
import { planSweep, type SweepSpec } from './spec.js';

export interface SweepOptions {
  /** Worker threads (default: as many as cores). */
  readonly workers?: number;
  /** Dispatch through BullMQ on this Redis instead of local threads (workers: `sessionsim worker`). */
  readonly redis?: string;
  readonly queue?: string;
  /** Keep each run's event log as `<logDir>/<configHash>.arrow` (the folder is created). */
  readonly logDir?: string;
  readonly onProgress?: (p: Progress) => void;
  /** On a queue: notices for people (no worker connected, Redis lost or back). */
  readonly onNotice?: (line: string) => void;
  /** How often the submitting side polls the queue for finished runs (ms, default 200). */
  readonly pollMs?: number;
  /** On a queue: how long Redis may be unreachable before QUEUE_LOST (ms, default 10000). */
  readonly lostAfterMs?: number;
  /** On a queue: give up with QUEUE_NO_WORKER after this long without a worker (ms; default: wait). */
  readonly waitTimeoutMs?: number;
}

export interface SweepResult {
  readonly rows: readonly SweepRow[];
  /** One row per run as an Arrow-backed result table (`.table`, `.toArray()`, HTML). */
  readonly table: ResultTable<SweepRow>;
  readonly failed: number;
}

/** Runs every configuration of a sweep, in parallel; parallelism never changes a run's result. */
export async function sweep(spec: SweepSpec, options: SweepOptions = {}): Promise<SweepResult> {
  const onQueue = options.redis !== undefined;
  // A queue's workers run elsewhere: a relative path would be read from their folder, not ours.
  const runs = planSweep(spec, { absoluteData: onQueue });
  const logDir = options.logDir === undefined ? null : path.resolve(options.logDir);
  const results = onQueue
    ? await (await import('./queue.js')).runOnQueue(runs, {
      redis: options.redis!, logDir,
      ...(options.queue !== undefined ? { queue: options.queue } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.lostAfterMs !== undefined ? { lostAfterMs: options.lostAfterMs } : {}),
      ...(options.waitTimeoutMs !== undefined ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    })
    : await (async () => {
      // The workers of a queue create it on their side, under their log root.
      if (logDir !== null) ensureLogDir(logDir);
      return (await import('./pool.js')).runOnPool(runs, { ...(options.workers ? { workers: options.workers } : {}), logDir, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    })();
  const rows = sweepRows(runs, results);
  return { rows, table: sweepTable(runs, rows), failed: rows.filter((r) => r.status === 'failed').length };
}

export { readSweepFile } from './spec-file.js';
export { planSweep, configHash, MAX_SWEEP_RUNS, type SweepSpec, type PlannedRun, type RangeAxis } from './spec.js';
export { runOne, type RunSummary } from './run-one.js';
export { DEFAULT_QUEUE, redisUrl, redactUrl, REDIS_URL_ENV } from './queue-address.js';
export type { QueueWorker, QueueWorkerOptions } from './queue-worker.js';

// BullMQ, ioredis and piscina load when a sweep or a worker needs them, not with this entry
// point: `sessionsim --help` or a plain run should not pay for them.

/** Takes runs from a Redis job queue (what `sessionsim worker` runs). */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  return (await import('./queue-worker.js')).startQueueWorker(opts);
}

/** Fails fast with QUEUE_UNREACHABLE when Redis cannot be reached or refuses the password. */
export async function checkRedis(url: string, timeoutMs?: number): Promise<void> {
  return (await import('./redis.js')).checkRedis(url, timeoutMs);
}
export { resolveRoots, type WorkerRoots } from './roots.js';
export type { Progress } from './pool.js';
export type { SweepRow } from './results.js';
