/**
 * How a queue is named and reached: plain values with no dependency, so that the CLI and
 * `sessionsim/sweep` load BullMQ and ioredis only when a queue is used.
 */
import { showValue } from '../errors.js';

/** The BullMQ queue sweeps and workers use unless told otherwise. */
export const DEFAULT_QUEUE = 'sessionsim-runs';

/** Where the queue's URL may come from instead of the command line, where every user sees it. */
export const REDIS_URL_ENV = 'SESSIONSIM_REDIS_URL';

/** The URL given, else the environment's; undefined when neither is set. */
export function redisUrl(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return given ?? (env[REDIS_URL_ENV] || undefined);
}

/** A URL fit to print: the password (and a user name) replaced, never written to a terminal or log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return showValue(url.replace(/\/\/[^@/]*@/, '//***@'));
  }
}
