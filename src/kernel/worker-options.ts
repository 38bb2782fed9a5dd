import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The thread's Node options: the process's own, inherited (V8's too), unless one of them is one a
 * worker file refuses (`node --input-type=module -e`); then the others, given by name.
 */
export function threadExecArgv(argv: readonly string[]): readonly string[] | undefined {
  if (!argv.some((a) => a.startsWith('--input-type'))) return undefined;
  // `--input-type=module`, or `--input-type module`.
  return argv.filter((a, i) => !a.startsWith('--input-type') && argv[i - 1] !== '--input-type');
}

/** A worker's module, and the Node options it needs to load (the .ts sources under vitest); none given: the process's. */
export interface WorkerFile {
  readonly filename: string;
  readonly execArgv?: readonly string[];
}

/**
 * The worker module `name` beside the module at `here` (its import.meta.url): the .js of the build,
 * or the .ts of the sources when they run directly (vitest), loaded through the TypeScript hook.
 */
export function workerBeside(here: string, name: string): WorkerFile {
  if (!here.endsWith('.ts')) return { filename: new URL(`./${name}.js`, here).href };
  return { filename: new URL(`./${name}.ts`, here).href, execArgv: ['--import', new URL('../../scripts/ts-register.mjs', here).href] };
}

/**
 * The young generation of a helper thread (prefetch, log, hash, read-ahead), in MB. Its objects
 * are short-lived (a day's or a batch's decoding), and V8 grows a busy thread's young generation
 * towards its default of about 48 MB and keeps it: with the prefetch thread, a run of 100 symbols
 * x 250 sessions peaked at 207 MiB against 182 MiB with this cap (5 sessions: 161 and 158), and a
 * 500 x 60 run with a full LZ4 log at 401-449 MB against 366-370 MB, no slower (8.0-8.3 s against
 * 8.3-9.5 s). A scavenge here finds little alive and costs next to nothing.
 */
const HELPER_YOUNG_GENERATION_MB = 4;

/**
 * A worker of `file` under the process's Node options (threadExecArgv). Options given to a worker
 * by name must not be V8's (`--max-old-space-size` with `--input-type`): then none, a worker needs
 * none to load its module from the build.
 */
export function startWorker(file: WorkerFile, options: Omit<WorkerOptions, 'execArgv'>): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: HELPER_YOUNG_GENERATION_MB, ...options.resourceLimits };
  const start = (execArgv: readonly string[] | undefined): Worker => new Worker(new URL(file.filename), { ...options, resourceLimits, ...(execArgv === undefined ? {} : { execArgv: [...execArgv] }) });
  try {
    return start(file.execArgv ?? threadExecArgv(process.execArgv));
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || file.execArgv !== undefined) throw e;
    return start([]);
  }
}

/**
 * The process's one thread of a kind, made on first use by `make`; null where there is none: turned
 * off (the environment variable `off` is '0'), outside Node (Deno's notebooks), or it could not be
 * made. A thread that stops being usable is not made again: the runs do its work themselves.
 */
export function perProcess<T extends { readonly usable: boolean }>(off: string, make: () => T): () => T | null {
  let shared: T | null | undefined;
  return () => {
    if (shared !== undefined && shared !== null && !shared.usable) shared = null;
    if (shared !== undefined) return shared;
    try {
      shared = process.env[off] === '0' || 'Deno' in globalThis ? null : make();
    } catch {
      shared = null;
    }
    return shared;
  };
}
