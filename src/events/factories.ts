import type { Draft, EventOf, EventType } from './catalogue.js';

type DataOf<T extends EventType> = Omit<EventOf<T>, 'type' | 'time' | 'seq'>;

/** Builds a draft of one event type: `make('MarketClose', t, { date })`. */
export function make<T extends EventType>(type: T, time: number, data: DataOf<T>): Draft<EventOf<T>> {
  return { type, time, ...data } as unknown as Draft<EventOf<T>>;
}

export const ev = {
  backtestStarted: (time: number, startDate: string, endDate: string) =>
    make('BacktestStarted', time, { startDate, endDate }),
  sessionActivated: (time: number, d: DataOf<'SessionActivated'>) => make('SessionActivated', time, d),
  prefetchRequested: (time: number, date: string, historyUntil: number) =>
    make('PrefetchRequested', time, { date, historyUntil }),
  prefetchComplete: (time: number, date: string, rows: number) => make('PrefetchComplete', time, { date, rows }),
  prefetchFailed: (time: number, date: string, code: string, reason: string) =>
    make('PrefetchFailed', time, { date, code, reason }),
  prefetchTimeout: (time: number, date: string, timeoutMs: number) =>
    make('PrefetchTimeout', time, { date, timeoutMs }),
  barArrived: (time: number, d: DataOf<'BarArrived'>) => make('BarArrived', time, d),
  derivedBarCompleted: (time: number, d: DataOf<'DerivedBarCompleted'>) => make('DerivedBarCompleted', time, d),
  gapDetected: (time: number, d: DataOf<'GapDetected'>) => make('GapDetected', time, d),
  qualityReport: (time: number, d: DataOf<'QualityReport'>) => make('QualityReport', time, d),
  marketClose: (time: number, date: string) => make('MarketClose', time, { date }),
  sessionDeactivated: (time: number, date: string) => make('SessionDeactivated', time, { date }),
  dayAdvance: (time: number, from: string, to: string) => make('DayAdvance', time, { from, to }),
  backtestEnded: (time: number, reason: EventOf<'BacktestEnded'>['reason']) => make('BacktestEnded', time, { reason }),
};

/** Exhaustiveness guard for `switch (event.type)`. */
export function assertNever(value: never): never {
  throw new Error(`unhandled event: ${JSON.stringify(value)}`);
}
