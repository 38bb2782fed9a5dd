import { expect } from 'vitest';
import { isLazySlice, type Decider, type DraftOf, type Emitted, type KernelEvent } from '../../src/kernel/index.js';

export interface DeciderSpec<S, E extends KernelEvent> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: Decider<S, E>;
}

/**
 * given(events).when(event).then(expected): folds the given events into a fresh state, folds the
 * `when` event too (the kernel evolves before it decides), and checks what the decider emits.
 */
export function specFor<S, E extends KernelEvent>(spec: DeciderSpec<S, E>) {
  return (given: readonly E[] = []) => ({
    when(event: E) {
      let state = spec.initialState();
      for (const e of given) state = spec.evolve(state, e);
      state = spec.evolve(state, event);
      const emitted = expand(spec.decide(state, event));
      return {
        then(expected: readonly DraftOf<E>[]): void {
          expect(emitted).toEqual(expected);
        },
        thenMatch(check: (emitted: readonly DraftOf<E>[], state: S) => void): void {
          check(emitted, state);
        },
      };
    },
  });
}

/** Gives drafts consecutive seqs, as if the kernel had scheduled them in this order. */
export function withSeqs<E>(drafts: readonly DraftOf<E>[], first = 0): E[] {
  return drafts.map((d, i) => ({ ...d, seq: first + i }) as unknown as E);
}

/** Lazy slices as the drafts they stand for (in order), so scenarios compare plain events. */
export function expand<E extends KernelEvent>(items: readonly Emitted<E>[]): DraftOf<E>[] {
  const out: DraftOf<E>[] = [];
  for (const item of items) {
    if (!isLazySlice<E>(item)) { out.push(item); continue; }
    for (let i = 0; i < item.length; i++) {
      const { seq: _seq, ...draft } = item.materialize(i, -1) as E & { seq: number };
      out.push(draft as unknown as DraftOf<E>);
    }
  }
  return out;
}
