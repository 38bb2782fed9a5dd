import { describe, expect, it } from 'vitest';
import { checkFills, checkOrderAndValue, checkReplay, property, stats, TIMEOUT } from './support/strategy-checks.js';

/**
 * A strategy's invariants on random exchanges and datasets (the lifecycle properties' cases: odd
 * hours, breaks, overnight sessions, late and missing data) with a random trader whose every
 * choice comes from its seeded random numbers (test/support/strategy-checks.ts). Each runs
 * SESSIONSIM_STRATEGY_RUNS times (default 1,000); a failure's shrunk case is kept in
 * strategy-regressions.test.ts.
 */
describe('strategy properties (random calendars, datasets, traders and brokers)', () => {
  it('no look-ahead and nothing outside a session: hooks see only bars that have ended; a fill is on a delivered bar that started at or after its order, at its delivery, at a price of that bar', property(checkFills), TIMEOUT);

  it('(time, rank, seq) increases through the log; with zero costs a fill moves no value (cash + positions at the fill price), cash never goes below 0 when enforced; each order ends once', property(checkOrderAndValue), TIMEOUT);

  it('the same run twice gives the same log hash; its log replays to the same account at every seq', property(checkReplay), TIMEOUT);

  it('the runs above traded: most of those with bars in session had fills', () => {
    expect(stats.withBars).toBeGreaterThan(0);
    expect(stats.withFills / stats.withBars).toBeGreaterThan(0.5);
  });
});
