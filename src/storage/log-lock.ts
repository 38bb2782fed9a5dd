/**
 * One live run per log path: `<log>.lock` (see file-lock.ts), not waited for: a second run on a
 * path a live run holds fails with LOG_LOCKED naming it; a killed run's lock is taken over.
 */
import os from 'node:os';
import { SimError, showValue } from '../errors.js';
import { describeHolder, FileLock, takeLock } from './file-lock.js';
import { outputError } from './output.js';

export type LogLock = FileLock;

/** Takes the lock of a log path, or LOG_LOCKED naming the live run that holds it. */
export function lockLog(logPath: string): LogLock {
  const file = `${logPath}.lock`;
  return takeLock(file, {
    ioError: (e) => outputError(logPath, e, 'the event log'),
    busy: (holder) => {
      if (holder === null) return new SimError('LOG_LOCKED', `${showValue(logPath, 200)}: could not take its lock ${showValue(file, 200)} (other runs keep taking it)`, { file: logPath });
      const who = holder.raw === '' ? 'a run starting now'
        : holder.pid === process.pid && holder.host === os.hostname() ? `another simulation in this process, pid ${holder.pid}: run it to the end or close() it`
        : describeHolder(holder);
      return new SimError('LOG_LOCKED', `${showValue(logPath, 200)} is being written by another live run (${who}; lock ${showValue(file, 200)})`, { file: logPath, pid: holder.pid });
    },
  });
}
