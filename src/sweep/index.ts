import type { ResultTable } from '../api/table.js';
import { runOnPool, type Progress } from './pool.js';
import { runOnQueue } from './queue.js';
import { sweepRows, sweepTable, type SweepRow } from './results.js';
import { planSweep, type SweepSpec } from './spec.js';

export interface SweepOptions {
  /** Worker threads (default: as many as cores). */
  readonly workers?: number;
  /** Dispatch through BullMQ on this Redis instead of local threads (workers: `sessionsim worker`). */
  readonly redis?: string;
  readonly queue?: string;
  /** Keep each run's event log as `<logDir>/<configHash>.arrow`. */
  readonly logDir?: string;
  readonly onProgress?: (p: Progress) => void;
  /** How often the submitting side polls the queue for finished runs (ms, default 200). */
  readonly pollMs?: number;
}

export interface SweepResult {
  readonly rows: readonly SweepRow[];
  /** One row per run as an Arrow-backed result table (`.table`, `.toArray()`, HTML). */
  readonly table: ResultTable<SweepRow>;
  readonly failed: number;
}

/** Runs every configuration of a sweep, in parallel; parallelism never changes a run's result. */
export async function sweep(spec: SweepSpec, options: SweepOptions = {}): Promise<SweepResult> {
  const runs = planSweep(spec);
  const logDir = options.logDir ?? null;
  const results = options.redis !== undefined
    ? await runOnQueue(runs, { redis: options.redis, ...(options.queue ? { queue: options.queue } : {}), ...(options.pollMs ? { pollMs: options.pollMs } : {}), logDir, ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
    : await runOnPool(runs, { ...(options.workers ? { workers: options.workers } : {}), logDir, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const rows = sweepRows(runs, results);
  return { rows, table: sweepTable(runs, rows), failed: rows.filter((r) => r.status === 'failed').length };
}

export { planSweep, configHash, type SweepSpec, type PlannedRun, type RangeAxis } from './spec.js';
export { runOne, type RunSummary } from './run-one.js';
export { startQueueWorker, checkRedis, DEFAULT_QUEUE } from './queue.js';
export type { Progress } from './pool.js';
export type { SweepRow } from './results.js';
