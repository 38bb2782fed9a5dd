import type { SimEvent } from './catalogue.js';
import { assertNever } from './factories.js';

/** One human-readable line per event, for traces (the seed's log lines). Times are left to the caller. */
export function describeEvent(e: SimEvent): string {
  switch (e.type) {
    case 'BacktestStarted':
      return `Backtest started ${e.startDate}..${e.endDate}`;
    case 'SessionActivated':
      return `Session activated ${e.date}${e.midSession ? ' (mid-session start)' : ''}${e.earlyClose ? ' (early close)' : ''}`;
    case 'PrefetchRequested':
      return `Prefetch requested for ${e.date}`;
    case 'PrefetchComplete':
      return `Prefetch completed for ${e.date}: ${e.rows} rows`;
    case 'PrefetchFailed':
      return `Prefetch failed for ${e.date}: ${e.code} ${e.reason}`;
    case 'PrefetchTimeout':
      return `Prefetch timed out for ${e.date} after ${e.timeoutMs} ms`;
    case 'BarArrived':
      return `Bar ${e.symbol} o=${e.open} h=${e.high} l=${e.low} c=${e.close} v=${e.volume}${e.late ? ' late' : ''}${e.history ? ' history' : ''}`;
    case 'DerivedBarCompleted':
      return `${e.minutes}m bar ${e.symbol} o=${e.open} h=${e.high} l=${e.low} c=${e.close} v=${e.volume} n=${e.count}`;
    case 'GapDetected':
      return `Gap ${e.symbol} ${e.missing} bars missing`;
    case 'QualityReport':
      return `Quality ${e.symbol} ${e.date}: ${e.received}/${e.expected} (${e.pct}%), dup=${e.duplicates} out=${e.outOfSession} late=${e.late}`;
    case 'MarketClose':
      return `EOD: market close reached for ${e.date}`;
    case 'SessionDeactivated':
      return `Session deactivated ${e.date}`;
    case 'DayAdvance':
      return `Advancing from ${e.from} to ${e.to}`;
    case 'BacktestEnded':
      return `Backtest ended (${e.reason})`;
    default:
      return assertNever(e);
  }
}
