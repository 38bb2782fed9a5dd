import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { Case } from './support/lifecycle-cases.js';
import { checkFills, checkOrderAndValue, checkReplay, type Trading } from './support/strategy-checks.js';
import { tmpDir } from './support/tmp.js';

/** Shrunk counterexamples the strategy properties found, kept as they were printed. */
const CASES: { readonly name: string; readonly c: Case; readonly t: Trading }[] = [
  {
    // The same order canceled twice in one hook: both requests were answered OrderCanceled (the
    // first answer was not folded yet when the second request was judged): the order ended twice.
    name: 'two cancels of one order in one hook (fast-check seed -867381032)',
    c: { cal: { tz: 'UTC', from: '2019-03-08', days: 11, weekdays: [2, 3, 6], hours: [{ sinceDay: 0, open: 1396, length: 89, overnight: true, brk: null }, { sinceDay: 3, open: 185, length: 15, overnight: false, brk: null }], rule: null, closures: [2], earlyCloses: [{ day: 8, at: 8 }, { day: 0, at: 329 }], lateOpens: [{ day: 10, at: 110 }] }, symbols: ['A', 'B', 'C'], data: { seed: 56041955, density: 16, dupRate: 1, badRate: 4, offGridRate: 0, extraSymbol: false, faults: [{ session: 3, kind: 'not-arrow' }], absent: null, sessionsWithData: null }, start: { kind: 'date', day: 0 }, span: 4, timeoutSeconds: 1, latency: { kind: 'zero' }, upkeep: true, derived: [30], bars: 'full' },
    t: { seed: 243332921, onBar: true, timers: 2, broker: { cash: 500, enforce_cash: false, allow_short: false, fill: { limit: 'through', volume_share: 0.05 } } },
  },
  {
    // Found by CI on 2026-11-28: order 3 ended twice.
    name: 'order 3 ended twice (fast-check seed 1699498817)',
    c: {"cal":{"tz":"America/New_York","from":"2019-03-01","days":3,"weekdays":[1,2,3,4,5],"hours":[{"sinceDay":0,"open":185,"length":15,"overnight":false,"brk":[1,2]}],"rule":null,"closures":[],"earlyCloses":[],"lateOpens":[]},"symbols":["A","B"],"data":{"seed":0,"density":16,"dupRate":1,"badRate":0,"offGridRate":0,"extraSymbol":false,"faults":[],"absent":null,"sessionsWithData":null},"start":{"kind":"instant","session":0,"anchor":"open","permille":0,"sec":0},"span":0,"timeoutSeconds":1,"latency":{"kind":"close","delta":0},"upkeep":true,"derived":[5],"bars":"full"},
    t: {"seed":1073741809,"onBar":true,"timers":5,"broker":{"cash":500,"enforce_cash":true,"allow_short":false,"fill":{"limit":"through","volume_share":0.05}}},
  },
];

const dir = tmpDir('sessionsim-strategy-regress-');

describe('strategy property regressions', () => {
  for (const [i, { name, c, t }] of CASES.entries()) {
    for (const [what, check] of [['fills', checkFills], ['order and value', checkOrderAndValue], ['replay', checkReplay]] as const) {
      it(`${name}: ${what}`, () => {
        const root = path.join(dir, `c${i}-${what.replace(/ /g, '-')}`);
        mkdirSync(root, { recursive: true });
        try { check(c, t, root); } finally { rmSync(root, { recursive: true, force: true }); }
      });
    }
  }
});
