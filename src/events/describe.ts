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
    case 'AccountOpened':
      return `Account opened with cash ${e.cash}`;
    case 'TimerFired':
      return `Timer ${e.name}${e.payload === null ? '' : ` ${JSON.stringify(e.payload)}`}`;
    case 'OrderSubmitted':
      return `Order ${e.orderId} submitted: ${e.side} ${e.quantity} ${e.symbol} ${e.orderType}${e.limitPrice === null ? '' : ` limit ${e.limitPrice}`}${e.stopPrice === null ? '' : ` stop ${e.stopPrice}`} ${e.tif}${e.tag === null ? '' : ` [${e.tag}]`}`;
    case 'OrderAccepted':
      return `Order ${e.orderId} accepted (${e.symbol})`;
    case 'OrderRejected':
      return `Order ${e.orderId} rejected (${e.symbol}): ${e.reason}: ${e.detail}`;
    case 'OrderTriggered':
      return `Order ${e.orderId} triggered (${e.symbol})`;
    case 'OrderFilled':
      return `Order ${e.orderId} filled: ${e.side} ${e.quantity} ${e.symbol} @ ${e.price} commission ${e.commission}, ${e.remaining} open`;
    case 'OrderCancelRequested':
      return `Order ${e.orderId} cancel requested (${e.symbol})`;
    case 'OrderCanceled':
      return `Order ${e.orderId} canceled (${e.symbol}, ${e.reason}), ${e.remaining} unfilled`;
    case 'OrderCancelRejected':
      return `Order ${e.orderId} cancel rejected (${e.symbol}): ${e.reason}`;
    case 'OrderExpired':
      return `Order ${e.orderId} expired (${e.symbol}), ${e.remaining} unfilled`;
    default:
      return assertNever(e);
  }
}
