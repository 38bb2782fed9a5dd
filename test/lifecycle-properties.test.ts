import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { caseArb, type Case } from './support/lifecycle-cases.js';
import { PROPERTIES } from './support/lifecycle-checks.js';
import { tmpDir } from './support/tmp.js';

/**
 * The lifecycle properties on random exchanges, datasets, starts and latencies (generators in
 * support/lifecycle-cases.ts, the model and checks in support/lifecycle-checks.ts). Each runs
 * SESSIONSIM_PROPERTY_RUNS times (default 200; `npm run test:deep` runs 10,000). A failure prints
 * fast-check's seed, path and shrunk case: SESSIONSIM_PROPERTY_SEED and SESSIONSIM_PROPERTY_PATH
 * replay it, and the shrunk case is kept as a regression test in lifecycle-regressions.test.ts.
 */
const RUNS = Number(process.env.SESSIONSIM_PROPERTY_RUNS ?? 200);
const SEED = process.env.SESSIONSIM_PROPERTY_SEED === undefined ? undefined : Number(process.env.SESSIONSIM_PROPERTY_SEED);
const PATH = process.env.SESSIONSIM_PROPERTY_PATH;
const params: fc.Parameters<[Case]> = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) };
const TIMEOUT = Math.max(120_000, RUNS * 1_000);

const dir = tmpDir('sessionsim-props-');
let n = 0;

/** Each case in a fresh folder, removed after it (10,000 runs leave nothing behind). */
const property = (check: (c: Case, root: string) => void) => () => fc.assert(fc.property(caseArb, (c) => {
  const root = path.join(dir, `r${n++}`);
  mkdirSync(root, { recursive: true });
  try {
    check(c, root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}), params);

describe('lifecycle properties (random calendars, datasets, starts and latencies)', () => {
  it('(a) same input, same log hash: twice (object and columnar paths), and from a copy named relative to another working folder under another TZ', property(PROPERTIES.a), TIMEOUT);
  it('(b) replay equals live at every seq, with the log holding bars in full or by reference', property(PROPERTIES.b), TIMEOUT);
  it('(c) no bar outside a session: every bar in [open, close) of the active session, outside its break; none lost', property(PROPERTIES.c), TIMEOUT);
  it('(d) nothing visible before it could be known: start + interval, history before the start, late at readiness, derived at the window end', property(PROPERTIES.d), TIMEOUT);
  it('(e) every session visited once, in (time, rank, seq) order, ending for the right reason', property(PROPERTIES.e), TIMEOUT);
  it('(f) derived bars are the aggregate of their minutes; gaps and quality follow from the delivered bars', property(PROPERTIES.f), TIMEOUT);
});
