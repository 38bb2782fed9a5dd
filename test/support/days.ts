import type { DayStore } from '../../src/handlers/index.js';
import { FRESH, type DayPlan, type LoadResult } from '../../src/state/index.js';

/** A run's day store over a function (handler tests without disk): loads and plans kept by date. */
export function memoryDays(load: (date: string) => LoadResult): DayStore {
  const loaded = new Map<string, LoadResult>(), plans = new Map<string, DayPlan>();
  return {
    load: (date) => {
      let r = loaded.get(date);
      if (r === undefined) loaded.set(date, (r = load(date)));
      return r;
    },
    planOf: (date) => plans.get(date),
    keepPlan: (date, plan) => void plans.set(date, plan),
    arraysOf: () => FRESH,
  };
}
