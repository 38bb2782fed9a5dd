import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { anyErrorLine, errorLine, showValue, SimError } from '../errors.js';
import { runWarnings } from '../api/warnings.js';
import { createRun } from '../api/run.js';
import type { SimConfig } from '../api/config.js';

/** What one run of a sweep reports. */
export interface RunSummary {
  readonly status: 'done' | 'failed';
  readonly hash: string | null;
  readonly sessions: number;
  readonly bars: number;
  readonly events: number;
  readonly derived: number;
  readonly gaps: number;
  readonly expected: number;
  readonly received: number;
  readonly pct: number;
  readonly endReason: string | null;
  readonly logPath: string | null;
  readonly error: string | null;
  readonly ms: number;
}

/** Where a sweep keeps a run's log: named by its config hash, so one config is one file. */
export function logPathFor(logDir: string, configHash: string): string {
  return path.join(logDir, `${configHash}.arrow`);
}

/** Creates a sweep's log folder (a named output) before any run needs it. */
export function ensureLogDir(logDir: string): void {
  try {
    mkdirSync(logDir, { recursive: true });
  } catch (e) {
    throw new SimError('OUTPUT_IO', `cannot create the log folder ${showValue(logDir)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: logDir });
  }
}

/** A run that did not happen or did not end, as a sweep row reports it. */
export function failedSummary(error: string, ms = 0): RunSummary {
  return { status: 'failed', hash: null, sessions: 0, bars: 0, events: 0, derived: 0, gaps: 0, expected: 0, received: 0, pct: 0, endReason: null, logPath: null, error, ms };
}

/**
 * Runs one config to the end in this thread. A run that fails reports its error rather than
 * throwing, so a sweep goes on. With `logDir`, the run's log is `<logDir>/<configHash>.arrow`.
 */
export function runOne(config: SimConfig, configHash: string, logDir: string | null): RunSummary {
  const t0 = performance.now();
  const logPath = logDir === null ? null : logPathFor(logDir, configHash);
  let run: ReturnType<typeof createRun> | null = null;
  try {
    run = createRun({ ...config, log: { ...config.log, path: logPath } });
    run.kernel.run();
    const s = run.kernel.state;
    const expected = s.sessions.reduce((n, r) => n + r.expected, 0);
    const received = s.sessions.reduce((n, r) => n + r.received, 0);
    // A run that delivered no bar is a failed row, as `sessionsim run` fails with RUN_EMPTY: a
    // sweep must not show "done" for runs that had nothing to give (its log is still complete).
    const { empty, warnings } = runWarnings(s);
    return {
      status: empty ? 'failed' : 'done', hash: run.log.hash(), sessions: s.sessions.length, bars: s.totalBars, events: run.kernel.handled, derived: s.totalDerived, gaps: s.totalGaps,
      expected, received, pct: expected === 0 ? 0 : Math.round((received / expected) * 10_000) / 100, endReason: s.endReason, logPath, error: empty ? errorLine('RUN_EMPTY', warnings[0] ?? 'the run delivered no bars') : null, ms: performance.now() - t0,
    };
  } catch (e) {
    // A failed run's log stays incomplete (`.partial`) and frees its path for a later run in this worker.
    run?.writer?.abandon();
    run?.loader.close();
    return failedSummary(anyErrorLine(e), performance.now() - t0);
  }
}
