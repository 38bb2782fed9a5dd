import type { SimEvent } from '../events/index.js';
import type { HandlerTable } from '../kernel/index.js';
import { BAR_ARRIVED, ColumnarSlice, DELIVERY } from '../columnar/index.js';
import type { SessionState } from '../state/index.js';
import type { RunContext } from './context.js';
import { planDay } from './day-plan.js';

const { NOT_DELIVERED } = DELIVERY;

/**
 * The stream handler: once the day's data is visible, its in-session bars are delivered in
 * (arrival, symbol) order at their arrival (start + interval); bars that would have arrived
 * before the data was ready come at that instant, flagged late; on a mid-session start the bars
 * before the start come then too, flagged history. Nothing starting at or after the close.
 */
export function streamHandlers(ctx: RunContext): HandlerTable<SessionState, SimEvent> {
  return {
    PrefetchComplete: (s, e) => {
      const loaded = ctx.days.load(e.date);
      if (!loaded.ok) return [];
      const plan = planDay(ctx, s, loaded.day);
      const arrays = ctx.days.arraysOf(e.date);
      const rows = arrays.i32ToFill(plan.kind.length);
      let n = 0;
      for (let i = 0; i < plan.kind.length; i++) if (plan.kind[i] !== NOT_DELIVERED) rows[n++] = i;
      const d = loaded.day;
      return [new ColumnarSlice(BAR_ARRIVED, {
        rows: rows.subarray(0, n), length: n, symbols: d.symbols, sym: d.sym, code: plan.kind, text: {}, inputRow: d.fileRow ?? null, lease: arrays,
        columns: { time: plan.deliverAt, start: d.ts, open: d.open, high: d.high, low: d.low, close: d.close, volume: d.volume },
      })];
    },
  };
}
