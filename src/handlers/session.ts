import { ev, type SimDraft, type SimEvent } from '../events/index.js';
import type { HandlerTable } from '../kernel/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';

type Drafts = SimDraft[];

/**
 * The session handler: activation at the open (or at the start instant when the run starts inside
 * a session), the close scheduled at activation, deactivation, the choice of the next trading day,
 * and the end of the backtest.
 */
export function sessionHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  const cal = ctx.calendar;

  /** Activation of session i at or after instant `at`, or the end of the run. */
  const activate = (i: number, at: number): Drafts => {
    const s = cal.at(i);
    if (s.date > ctx.endDate) return [ev.backtestEnded(at, 'end-date')];
    if (ctx.dataEnd === null || s.date > ctx.dataEnd) return [ev.backtestEnded(at, 'data-exhausted')];
    const mid = at > s.open;
    return [ev.sessionActivated(mid ? at : s.open, { date: s.date, open: s.open, close: s.close, earlyClose: s.earlyClose, midSession: mid })];
  };

  return {
    BacktestStarted: (_s, e) => {
      let i = cal.indexOnOrAfter(ctx.startDate);
      if (i >= 0 && e.time >= cal.sessions.closes[i]!) i = i + 1 < cal.size ? i + 1 : -1;
      if (i < 0) return [ev.backtestEnded(e.time, 'calendar-end')];
      return activate(i, e.time);
    },
    SessionActivated: (_s, e) => [ev.prefetchRequested(e.time, e.date, e.time), ev.marketClose(e.close, e.date)],
    MarketClose: (_s, e) => [ev.sessionDeactivated(e.time, e.date)],
    SessionDeactivated: (_s, e) => {
      if (e.date >= ctx.endDate) return [ev.backtestEnded(e.time, 'end-date')];
      const day = cal.day(e.date);
      if (day >= cal.sessions.days[cal.size - 1]!) return [ev.backtestEnded(e.time, 'calendar-end')];
      const next = cal.at(cal.nextIndex(day));
      if (next.date > ctx.endDate) return [ev.backtestEnded(e.time, 'end-date')];
      if (ctx.dataEnd === null || next.date > ctx.dataEnd) return [ev.backtestEnded(e.time, 'data-exhausted')];
      return [ev.dayAdvance(e.time, e.date, next.date)];
    },
    DayAdvance: (_s, e) => activate(cal.indexOf(e.to), e.time),
  };
}
