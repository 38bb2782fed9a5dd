import { ev, type SimDraft, type SimEvent } from '../events/index.js';
import type { HandlerTable } from '../kernel/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { HISTORY, LATE, NOT_DELIVERED, planDay } from './day-plan.js';

/**
 * The stream handler: once the day's data is visible, its in-session bars are delivered in
 * (arrival, symbol) order at their arrival (start + interval); bars that would have arrived
 * before the data was ready come at that instant, flagged late; on a mid-session start the bars
 * before the start come then too, flagged history. Nothing starting at or after the close.
 */
export function streamHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  return {
    PrefetchComplete: (s, e) => {
      const loaded = ctx.loader.load(e.date);
      if (!loaded.ok) return [];
      const plan = planDay(ctx, s, loaded.day);
      const d = loaded.day;
      const out: SimDraft[] = [];
      for (let i = 0; i < d.ts.length; i++) {
        const k = plan.kind[i]!;
        if (k === NOT_DELIVERED) continue;
        out.push(ev.barArrived(plan.deliverAt[i]!, {
          symbol: d.symbols[d.sym[i]!]!, start: d.ts[i]!, open: d.open[i]!, high: d.high[i]!, low: d.low[i]!, close: d.close[i]!, volume: d.volume[i]!,
          late: k === LATE, history: k === HISTORY,
        }));
      }
      return out;
    },
  };
}
