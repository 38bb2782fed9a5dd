import os from 'node:os';
import { Piscina } from 'piscina';
import type { PlannedRun } from './spec.js';
import type { RunSummary } from './run-one.js';

export interface Progress {
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  /** Estimated time left from the pace so far (wall clock, for people only). */
  readonly etaMs: number;
}

// The built worker file: from src/sweep (tests) and from dist/sweep alike.
const WORKER = new URL('../../dist/sweep/pool-worker.js', import.meta.url);

/** Runs each planned run as one task on a pool of worker threads; results in run order. */
export async function runOnPool(runs: readonly PlannedRun[], opts: { workers?: number; logDir: string | null; onProgress?: (p: Progress) => void }): Promise<RunSummary[]> {
  const workers = Math.max(1, opts.workers ?? os.availableParallelism());
  const pool = new Piscina({ filename: WORKER.href, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  const started = performance.now();
  let done = 0, failed = 0;
  try {
    return await Promise.all(runs.map(async (r) => {
      let s: RunSummary;
      try {
        s = (await pool.run({ config: r.config, configHash: r.configHash, logDir: opts.logDir })) as RunSummary;
      } catch (e) {
        s = { status: 'failed', hash: null, sessions: 0, bars: 0, events: 0, derived: 0, gaps: 0, expected: 0, received: 0, pct: 0, endReason: null, logPath: null, error: `WORKER: ${(e as Error).message}`, ms: 0 };
      }
      done++;
      if (s.status === 'failed') failed++;
      const elapsed = performance.now() - started;
      opts.onProgress?.({ done, failed, total: runs.length, etaMs: (elapsed / done) * (runs.length - done) });
      return s;
    }));
  } finally {
    await pool.destroy();
  }
}
