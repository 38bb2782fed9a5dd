import type { SimConfig } from '../api/config.js';
import { runOne, type RunSummary } from './run-one.js';

/** The worker-thread task (piscina): one run per task. */
export default function task(input: { config: SimConfig; configHash: string; logDir: string | null }): RunSummary {
  return runOne(input.config, input.configHash, input.logDir);
}
