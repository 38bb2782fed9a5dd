import { Queue } from 'bullmq';
import { SimError } from '../errors.js';
import type { SimConfig } from '../api/config.js';
import { failedSummary, type RunSummary } from './run-one.js';
import { uniqueRuns, type PlannedRun } from './spec.js';
import type { Progress } from './pool.js';
import { DEFAULT_QUEUE, redactUrl } from './queue-address.js';
import { checkRedis, client, watchConnection, within } from './redis.js';


export interface JobData { readonly config: SimConfig; readonly configHash: string; readonly logDir: string | null }

export interface QueueOptions {
  readonly redis: string;
  readonly queue?: string;
  readonly logDir: string | null;
  /** How often finished runs are collected (ms, default 200). */
  readonly pollMs?: number;
  /** How long Redis may be unreachable before the sweep ends with QUEUE_LOST (ms, default 10000). */
  readonly lostAfterMs?: number;
  /** End with QUEUE_NO_WORKER after this long with no worker connected (ms; default: wait, saying so). */
  readonly waitTimeoutMs?: number;
  /** Progress is said again at least this often while nothing finishes (ms, default 10000). */
  readonly heartbeatMs?: number;
  readonly onProgress?: (p: Progress) => void;
  /** One-line notices for people: no worker connected, Redis lost or back. */
  readonly onNotice?: (line: string) => void;
}

/** A finished job's row, or null while it is waiting or running. A run that failed is kept as failed. */
function finished(state: string, job: { returnvalue: RunSummary; failedReason: string }): RunSummary | null {
  if (state === 'completed') return job.returnvalue;
  if (state === 'failed') return failedSummary(`QUEUE: ${job.failedReason}`);
  return null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Submits the runs to a BullMQ queue and collects results as workers finish them, in run order.
 * The job id is the config hash: a run is queued once however often it is submitted, a completed
 * run's result is returned without running it again, and a run that failed (a job error, or a
 * result with status failed) is removed and queued afresh, so a resubmission retries it.
 */
export async function runOnQueue(runs: readonly PlannedRun[], opts: QueueOptions): Promise<RunSummary[]> {
  await checkRedis(opts.redis);
  const name = opts.queue ?? DEFAULT_QUEUE;
  const where = `queue ${JSON.stringify(name)} on ${redactUrl(opts.redis)}`;
  const lostAfterMs = opts.lostAfterMs ?? 10_000;
  const connection = client(opts.redis);
  const queue = new Queue<JobData, RunSummary>(name, { connection });
  // Without a listener BullMQ prints every reconnect failure with its stack.
  queue.on('error', () => undefined);
  const watch = watchConnection([connection], opts.redis, lostAfterMs, (up) => opts.onNotice?.(up ? `Redis is back (${where})` : `lost Redis (${where}); giving up in ${Math.round(lostAfterMs / 1000)} s unless it comes back`));
  const { guard } = watch;
  const started = performance.now();
  try {
    const unique = uniqueRuns(runs);
    for (const r of unique.values()) {
      const old = await guard(queue.getJob(r.configHash));
      if (old !== undefined) {
        const s = finished(await guard(old.getState()), old);
        if (s === null || s.status !== 'failed') continue;
        // Removing can fail if another submitter already requeued it: then that job stands.
        await guard(old.remove()).catch((e) => { if (e instanceof SimError) throw e; });
      }
      await guard(queue.add('run', { config: r.config, configHash: r.configHash, logDir: opts.logDir }, { jobId: r.configHash, attempts: 1, removeOnComplete: false, removeOnFail: false }));
    }
    const results = new Map<string, RunSummary>();
    let failed = 0, workers = -1, noWorkerSince: number | null = null, lastSaid = -Infinity, lastWorkerCheck = -Infinity;
    const say = () => {
      lastSaid = performance.now();
      const elapsed = lastSaid - started;
      opts.onProgress?.({ done: results.size, failed, total: unique.size, etaMs: results.size === 0 ? NaN : (elapsed / results.size) * (unique.size - results.size), workers: Math.max(0, workers) });
    };
    while (results.size < unique.size) {
      for (const id of unique.keys()) {
        if (results.has(id)) continue;
        const job = await guard(queue.getJob(id));
        if (job === undefined) continue;
        const s = finished(await guard(job.getState()), job);
        if (s === null) continue;
        results.set(id, s);
        if (s.status === 'failed') failed++;
        say();
      }
      if (results.size === unique.size) break;
      const now = performance.now();
      if (now - lastWorkerCheck >= 1000) {
        lastWorkerCheck = now;
        const n = await guard(queue.getWorkersCount());
        if (n === 0 && noWorkerSince === null) {
          noWorkerSince = now;
          opts.onNotice?.(`no worker is connected to ${where}: the runs wait until one starts (sessionsim worker)`);
        } else if (n > 0 && noWorkerSince !== null) {
          noWorkerSince = null;
          if (workers === 0) opts.onNotice?.(`${n} worker${n === 1 ? '' : 's'} connected`);
        }
        workers = n;
        if (noWorkerSince !== null && opts.waitTimeoutMs !== undefined && now - noWorkerSince >= opts.waitTimeoutMs) {
          throw new SimError('QUEUE_NO_WORKER', `no worker connected to ${where} for ${opts.waitTimeoutMs} ms; ${unique.size - results.size} of ${unique.size} runs stay queued (start \`sessionsim worker\`, then submit again to collect them)`, { queue: name });
        }
      }
      if (now - lastSaid >= (opts.heartbeatMs ?? 10_000)) say();
      await guard(sleep(opts.pollMs ?? 200));
    }
    return runs.map((r) => results.get(r.configHash)!);
  } finally {
    watch.stop();
    // BullMQ leaves a connection it was given open: close it too, or the process never exits.
    await within(queue.close(), 1000);
    connection.disconnect();
  }
}
