import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { tmpDir } from '../support/tmp.js';
import { DEMO_DATA, expectCleanError, expectTreeUnchanged, runCli, snapshotTree } from './harness.js';

const dir = tmpDir('corpus-usage-');

describe('corpus: usage and configs', () => {
  it('an unknown command', () => {
    expectCleanError(runCli(['frobnicate']), { code: 'USAGE', mentions: ['frobnicate'] });
  });

  it('an unknown option', () => {
    expectCleanError(runCli(['run', 'x.json', '--nope']), { code: 'USAGE', mentions: ['--nope'] });
  });

  it('a config file that does not exist', () => {
    const before = snapshotTree(dir);
    expectCleanError(runCli(['run', path.join(dir, 'missing.json')]), { code: 'CONFIG_INVALID', mentions: ['missing.json'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });

  it('a config with an unknown key', () => {
    const cfg = path.join(dir, 'unknown-key.json');
    writeFileSync(cfg, JSON.stringify({ data: DEMO_DATA, symbols: ['SPY'], start: '2013-10-07', end: '2013-10-08', speed: 3 }));
    const before = snapshotTree(dir);
    expectCleanError(runCli(['run', cfg]), { code: 'CONFIG_INVALID', mentions: ['speed'] });
    expectTreeUnchanged(before, snapshotTree(dir));
  });
});
