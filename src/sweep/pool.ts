import os from 'node:os';
import { Piscina } from 'piscina';
import { workerBeside, type WorkerFile } from '../kernel/index.js';
import { uniqueRuns, type PlannedRun } from './spec.js';
import { failedSummary, type RunSummary } from './run-one.js';
import type { JobTask, PingTask, RunTask } from './pool-worker.js';
import { within } from './within.js';

export interface Progress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  /** Estimated time left from the pace so far (wall clock, for people only). */
  readonly etaMs: number;
  /** On a queue: the workers connected to it now. */
  readonly workers?: number;
}

/**
 * The worker file of this module's own build: pool-worker.js beside dist/sweep/pool.js, and
 * pool-worker.ts beside src/sweep/pool.ts when the sources run directly (vitest), read through
 * the repo's TypeScript hooks. Never another build's: a dist/ older than src/ would run old code.
 */
export function poolWorker(here: string = import.meta.url): WorkerFile {
  // Built: the threads take the process's own node options, as any worker does.
  return workerBeside(here, 'pool-worker');
}

/**
 * Worker threads that each run one config per task: the caller's thread stays free (progress, a
 * queue's lock renewals). With as many runs at once as cores, the runs read their days, hash
 * their events and write their logs themselves: a prefetch thread (storage/prefetch-thread.ts), a
 * hash thread (columnar/hash-thread.ts) or a log thread (storage/log-thread.ts) per run would only
 * take cores from other runs.
 */
export function runPool(threads: number): Piscina {
  const worker = poolWorker();
  const env = threads >= os.availableParallelism() ? { env: { ...process.env, SESSIONSIM_PREFETCH_THREAD: '0', SESSIONSIM_HASH_THREAD: '0', SESSIONSIM_LOG_THREAD: '0' } } : {};
  return new Piscina({ filename: worker.filename, ...(worker.execArgv ? { execArgv: [...worker.execArgv] } : {}), minThreads: threads, maxThreads: threads, idleTimeout: 1000, ...env });
}

/**
 * Destroys a pool once each of its threads has loaded its module, waiting up to `ms` for them.
 * Node 20 ends the process with a fatal error (v8::Module::IsGraphAsync, a native stack) when a
 * thread is terminated while it loads an ES module through require, as piscina's threads load
 * theirs: a worker stopped soon after it started, or after an aborted run's thread was replaced,
 * did so under load. A ping per thread is answered only once that thread has loaded.
 */
export async function destroyPool(pool: Piscina, ms = 5000): Promise<void> {
  const pings = Array.from({ length: Math.max(1, pool.threads.length) }, () => pool.run({ ping: true } satisfies PingTask).catch(() => undefined));
  await within(Promise.all(pings), ms);
  await pool.destroy();
}

/** One run on a pool thread; a thread that dies (or is aborted) is a failed run, never a throw. */
export async function runOnThread(pool: Piscina, task: RunTask | JobTask, signal?: AbortSignal): Promise<RunSummary> {
  try {
    return (await pool.run(task, signal ? { signal } : {})) as RunSummary;
  } catch (e) {
    return failedSummary(`WORKER: ${(e as Error).message}`);
  }
}

/**
 * Runs each distinct config once as one task on a pool of worker threads (a config listed twice
 * would write the same log twice); results in run order.
 */
export async function runOnPool(runs: readonly PlannedRun[], opts: { workers?: number; logDir: string | null; onProgress?: (p: Progress) => void }): Promise<RunSummary[]> {
  const workers = Math.max(1, opts.workers ?? os.availableParallelism());
  const pool = runPool(workers);
  const unique = uniqueRuns(runs);
  const started = performance.now();
  let done = 0, failed = 0;
  try {
    const results = new Map<string, RunSummary>();
    await Promise.all([...unique.values()].map(async (r) => {
      const s = await runOnThread(pool, { config: r.config, configHash: r.configHash, logDir: opts.logDir });
      results.set(r.configHash, s);
      done++;
      if (s.status === 'failed') failed++;
      const elapsed = performance.now() - started;
      opts.onProgress?.({ done, failed, total: unique.size, etaMs: (elapsed / done) * (unique.size - done) });
    }));
    return runs.map((r) => results.get(r.configHash)!);
  } finally {
    await destroyPool(pool);
  }
}
