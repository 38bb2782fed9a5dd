import { SimError } from '../errors.js';

/** Scheduling an event before the current time: the clock only moves forward. */
export class ClockBackwardsError extends SimError {
  readonly now: number;
  readonly time: number;

  constructor(now: number, time: number, type: string) {
    super('CLOCK_BACKWARDS', `cannot schedule ${type} at ${time}: the clock is already at ${now}`, { now, time, type });
    this.now = now;
    this.time = time;
  }
}
