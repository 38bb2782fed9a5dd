import { describe, expect, it } from 'vitest';
import { GAP_DETECTED } from '../src/columnar/index.js';
import { RunCache } from '../src/storage/log-decode.js';

/**
 * A replay keeps record tails per kind and text (a gap's text is its date): one per day of a long
 * log would grow with the log, against replay's bounded memory. The cache is dropped past 64.
 */
describe('the run cache of a log reader', () => {
  it('keeps a tail cache per kind and text, and at most 64 of them', () => {
    const c = new RunCache();
    const first = c.tailsOf(GAP_DETECTED, 'd0', 10);
    expect(c.tailsOf(GAP_DETECTED, 'd0', 10)).toBe(first);
    for (let d = 1; d < 64; d++) c.tailsOf(GAP_DETECTED, `d${d}`, 10);
    expect(c.tails.size).toBe(64);
    expect(c.tailsOf(GAP_DETECTED, 'd0', 10)).toBe(first);
    c.tailsOf(GAP_DETECTED, 'd64', 10);
    expect(c.tails.size).toBe(1);
    expect(c.tailsOf(GAP_DETECTED, 'd0', 10)).not.toBe(first);
  });
});
