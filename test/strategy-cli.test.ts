import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli-in-process.js';
import { tmpDir } from './support/tmp.js';

const examples = path.resolve('examples');

describe('strategies from the CLI', () => {
  it('run --strategy: the example crossover on the demo week, its summary line, its log replayed and verified by loading the module again', async () => {
    const dir = tmpDir('sessionsim-strat-cli-');
    const mod = path.join(dir, 'ma.mjs');
    copyFileSync(path.join(examples, 'ma-crossover.mjs'), mod);
    const log = path.join(dir, 'run.arrow');
    const run = await cli('run', path.join(examples, 'demo-config.json'), '--strategy', mod, '--log', log);
    expect(run.code).toBe(0);
    expect(run.out).toContain('strategy: P&L -390.60 (-0.39%) from 100000.00 to 99609.40, max drawdown 0.51%, 68 orders (0 rejected), 68 fills, commission 68.00');
    const json = JSON.parse((await cli('run', path.join(examples, 'demo-config.json'), '--strategy', mod, '--json')).out) as { strategy: { summary: { fills: number }; fills: unknown[] } };
    expect(json.strategy.summary.fills).toBe(68);
    expect(json.strategy.fills).toHaveLength(68);
    const fills = await cli('replay', log, '--type', 'OrderFilled', '--limit', '2');
    expect(fills.out.trim().split('\n')).toHaveLength(2);
    expect(fills.out).toMatch(/OrderFilled\s+Order \d+ filled: buy 100 \w+ @ /);
    const seek = JSON.parse((await cli('replay', log, '--seek', '2013-10-08T11:00', '--json')).out) as { cash: number; positions: Record<string, number> };
    expect(typeof seek.cash).toBe('number');
    const ok = await cli('replay', log, '--verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^OK: /);
    // The module changed since the run: verify says so, naming it, and re-runs nothing.
    writeFileSync(mod, `${'// changed\n'}${(await import('node:fs')).readFileSync(path.join(examples, 'ma-crossover.mjs'), 'utf8')}`);
    const changed = await cli('replay', log, '--verify');
    expect(changed.code).toBe(2);
    expect(changed.err).toMatch(/^LOG_INPUT_CHANGED: the strategy ".*ma\.mjs" is not the one the run had/);
    // A module moved elsewhere is named with --strategy.
    const moved = path.join(dir, 'moved.mjs');
    copyFileSync(path.join(examples, 'ma-crossover.mjs'), moved);
    expect((await cli('replay', log, '--verify', '--strategy', moved)).code).toBe(0);
  }, 120_000);

  it('a module that is not a strategy: STRATEGY_INVALID, exit 2, nothing run', async () => {
    const dir = tmpDir('sessionsim-strat-cli-');
    const bad = path.join(dir, 'bad.mjs');
    writeFileSync(bad, 'export default { onBar: 1 };\n');
    const r = await cli('run', path.join(examples, 'demo-config.json'), '--strategy', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^STRATEGY_INVALID: strategy ".*bad\.mjs": onBar must be a function/);
    expect((await cli('replay', path.join(dir, 'none.arrow'), '--strategy', bad)).err).toContain('--strategy goes with --verify');
  });
});
