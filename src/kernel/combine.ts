import type { Decider, Emitted, HandlerTable, KernelEvent } from './types.js';

/**
 * One handler table from several: for an event type handled by more than one, their outputs are
 * concatenated in the order the tables are given (a fixed order, so seqs are deterministic).
 */
export function combineHandlers<S, E extends KernelEvent>(...tables: readonly HandlerTable<S, E>[]): HandlerTable<S, E> {
  const byType = new Map<string, Decider<S, E>[]>();
  for (const t of tables) {
    for (const [type, fn] of Object.entries(t) as [string, Decider<S, E> | undefined][]) {
      if (fn === undefined) continue;
      let list = byType.get(type);
      if (list === undefined) byType.set(type, (list = []));
      list.push(fn);
    }
  }
  const out: Record<string, Decider<S, E>> = {};
  for (const [type, fns] of byType) {
    out[type] = fns.length === 1 ? fns[0]! : (state, event) => {
      const all: Emitted<E>[] = [];
      for (const fn of fns) for (const d of fn(state, event)) all.push(d);
      return all;
    };
  }
  return out as unknown as HandlerTable<S, E>;
}
