import { anyErrorLine } from '../errors.js';
import type { SimConfig } from '../api/config.js';
import { failedSummary, runOne, type RunSummary } from './run-one.js';
import { checkJob, type WorkerRoots } from './roots.js';

/** A planned run of a local sweep. */
export interface RunTask { readonly config: SimConfig; readonly configHash: string; readonly logDir: string | null }
/** A queue job as it came, checked here too: hashing a config compiles its calendar, which takes seconds. */
export interface JobTask { readonly job: unknown; readonly roots: WorkerRoots }
/** Answered once the thread has loaded this module (see pool.ts destroyPool). */
export interface PingTask { readonly ping: true }

/** The worker-thread task (piscina): one run per task, its failure (a refused job too) reported, never thrown. */
export default function task(input: RunTask | JobTask | PingTask): RunSummary | null {
  if ('ping' in input) return null;
  if ('job' in input) {
    let checked;
    try {
      checked = checkJob(input.job, input.roots);
    } catch (e) {
      return failedSummary(anyErrorLine(e));
    }
    return runOne(checked.config, checked.configHash, checked.logDir);
  }
  return runOne(input.config, input.configHash, input.logDir);
}
