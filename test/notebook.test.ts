import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook, jupyterPython, kernelPath, textOf, type Cell } from './support/notebook.js';

const examples = path.resolve('examples');

/** Every code cell of an example notebook executed once (the kernel runs in examples/). */
const execute = (jupyterDir: string, python: string[], notebook = 'quickstart.ipynb'): Cell[] => executeNotebook(jupyterDir, python, examples, notebook);

/**
 * Executes examples/quickstart.ipynb for real on Deno's Jupyter kernel (from the npm package),
 * five times, and checks every cell's expected output each time. Needs `npm ci` (which builds
 * dist/) and the Debian packages .ci/run installs (jupyter_client comes with them).
 *
 * Why our own client: nbconvert stops collecting a cell's outputs when the kernel reports it idle,
 * and Deno's kernel publishes a cell's result (an async broadcast) and its last printed lines (a
 * separate stdout task) without waiting for them first; under load, nbconvert lost them (2 of 4
 * executions here, once in CI). The client listens until the cell has been quiet after idle.
 */
describe('the quickstart notebook', () => {
  it('runs every cell without error and shows every expected output, five times out of five', () => {
    const jupyterDir = kernelPath(), python = jupyterPython();
    for (let run = 1; run <= 5; run++) {
      const code = execute(jupyterDir, python);
      expect(code).toHaveLength(6);
      for (const c of code) {
        expect(c.execution_count).toBeGreaterThan(0);
        expect((c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
      }
      const [summary, sessions, quality, derived, stepping, replayed] = code.map(textOf) as [string, string, string, string, string, string];
      expect(summary, `run ${run}`).toContain('6 sessions, 9357 bars, log hash 45583e1dddc2ee7f265c53b160e51795');
      expect(summary, `run ${run}`).toContain('<b>sessions</b> (6 rows)');
      expect(summary, `run ${run}`).toContain('<svg');
      // The pictures of the data, drawn with Observable Plot (test/pictures.test.ts checks what is in them).
      for (const label of ['returns per symbol and session', '% received per symbol and session', 'gaps at their time of day', 'late, history and prefetch per session']) expect(summary, `run ${run}`).toContain(`aria-label="${label}"`);
      expect(sessions, `run ${run}`).toContain('<b>sessions</b> (6 rows)');
      expect(quality, `run ${run}`).toMatch(/<b>quality<\/b> \(\d+ rows\)/);
      expect(derived, `run ${run}`).toContain('468 five-minute SPY bars; first:');
      expect(derived, `run ${run}`).toContain('2496');
      expect(stepping, `run ${run}`).toContain('at 2013-10-07T14:00:00.000Z: session 2013-10-07, active=true, SPY bars so far 420');
      expect(stepping, `run ${run}`).toContain('after the close: 2013-10-07, 3118 bars');
      expect(stepping, `run ${run}`).toContain('<b>Simulation</b> at 2013-10-07T16:00:00-04:00');
      expect(replayed, `run ${run}`).toContain('replayed to 2013-10-08 at position 4736 of 11917; same hash as the run: true');
      expect(replayed, `run ${run}`).toContain('replayed sessions: 6');
      expect(replayed, `run ${run}`).toMatch(/Replay of quickstart\.arrow: event 11917 of 11917, at 2013-10-11T16:00:00-04:00, session 2013-10-11 closed, 9357 bars/);
    }
  }, 900_000);
});

describe('the strategy notebook', () => {
  it('runs the moving-average crossover on the demo week: its summary, the equity picture, the fills, the same results from the log', () => {
    const jupyterDir = kernelPath(), python = jupyterPython();
    for (let run = 1; run <= 2; run++) {
      const code = execute(jupyterDir, python, 'strategy.ipynb');
      expect(code).toHaveLength(4);
      for (const c of code) expect((c.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
      const [summary, fills, curve, fromLog] = code.map(textOf) as [string, string, string, string];
      expect(summary, `run ${run}`).toContain('P&L -390.60 (-0.39%), 68 orders, 68 fills, max drawdown 0.51%');
      expect(summary, `run ${run}`).toContain('aria-label="equity curve and drawdown"');
      // Drawn with Observable Plot: the equity line and the drawdown's area.
      expect(summary, `run ${run}`).toContain('aria-label="line"');
      expect(summary, `run ${run}`).toContain('aria-label="drawdown"');
      expect(fills, `run ${run}`).toContain('<b>fills</b> (68 rows)');
      expect(curve, `run ${run}`).toContain('2340 equity points; columns time, equity, cash, positionsValue, drawdown');
      expect(curve, `run ${run}`).toContain('<b>session returns</b> (6 rows)');
      expect(fromLog, `run ${run}`).toContain('from the log: 68 fills, P&L -390.60; same as the run: true');
      expect(fromLog, `run ${run}`).toContain('at 2013-10-08 12:00: cash 99919.47, open orders 0');
    }
  }, 600_000);
});
