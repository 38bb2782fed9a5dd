import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { showValue, SimError } from '../errors.js';
import type { SimConfig } from '../api/config.js';
import { configHash } from './spec.js';
import { ensureLogDir, logPathFor } from './run-one.js';

/**
 * The folders a queue worker serves: anyone who can write to the queue can name paths in a job,
 * so a worker reads datasets only under `data` and writes logs only under `logs` (real paths).
 */
export interface WorkerRoots {
  readonly data: readonly string[];
  /** null: the worker writes no logs; a job asking for one is refused. */
  readonly logs: string | null;
}

/** Checks the roots a worker is started with: each must be an existing folder; kept as real paths. */
export function resolveRoots(data: readonly string[], logs: string | null): WorkerRoots {
  const real = (flag: string, p: string): string => {
    let r: string;
    try { r = realpathSync(path.resolve(p)); } catch { throw new SimError('USAGE', `${flag} ${showValue(p)} does not exist`, { value: p }); }
    if (!statSync(r).isDirectory()) throw new SimError('USAGE', `${flag} ${showValue(p)} is not a folder`, { value: p });
    return r;
  };
  return { data: data.map((d) => real('--data-root', d)), logs: logs === null ? null : real('--log-root', logs) };
}

/** The real path of `p`, following symlinks as far as the path exists (the rest is taken as written). */
function realpathNearest(p: string): string {
  let head = p;
  const tail: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(head), ...tail);
    } catch {
      const up = path.dirname(head);
      if (up === head) return p;
      tail.unshift(path.basename(head));
      head = up;
    }
  }
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function forbidden(message: string, value: unknown): never {
  throw new SimError('QUEUE_FORBIDDEN', message, { value });
}

export interface CheckedJob {
  readonly config: SimConfig;
  readonly configHash: string;
  readonly logDir: string | null;
}

/**
 * What a worker accepts from a job: a valid config whose hash is the job's (the log is named by
 * it), whose dataset lies under a data root, and a log folder under the log root (created there:
 * it is a named output). Anything else is a QUEUE_FORBIDDEN (or CONFIG_INVALID) error.
 */
export function checkJob(jobData: unknown, roots: WorkerRoots): CheckedJob {
  const job = (typeof jobData === 'object' && jobData !== null ? jobData : {}) as Record<string, unknown>;
  const config = job.config as SimConfig;
  const hash = configHash(config);
  if (job.configHash !== hash) forbidden(`the job's configHash ${showValue(job.configHash)} is not its config's (${hash.slice(0, 12)}...)`, job.configHash);
  if (!path.isAbsolute(config.data)) forbidden(`config.data ${showValue(config.data)} is not an absolute path`, config.data);
  const dataReal = realpathNearest(config.data);
  if (!roots.data.some((r) => inside(r, dataReal))) forbidden(`config.data ${showValue(config.data)} is outside this worker's data roots (${showValue(roots.data.join(', '), 160)})`, config.data);
  const logDir = job.logDir ?? null;
  if (logDir === null) return { config, configHash: hash, logDir: null };
  if (typeof logDir !== 'string' || !path.isAbsolute(logDir)) forbidden(`the log folder ${showValue(logDir)} is not an absolute path`, logDir);
  if (roots.logs === null) forbidden(`the job asks for a log in ${showValue(logDir)} but this worker writes no logs (start it with --log-root)`, logDir);
  const logPath = logPathFor(logDir, hash);
  if (!inside(roots.logs, realpathNearest(logDir)) || !inside(roots.logs, realpathNearest(logPath))) forbidden(`the log folder ${showValue(logDir)} is outside this worker's log root ${showValue(roots.logs)}`, logDir);
  ensureLogDir(logDir);
  return { config, configHash: hash, logDir };
}
