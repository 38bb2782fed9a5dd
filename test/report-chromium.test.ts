import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli-in-process.js';
import { tmpDir } from './support/tmp.js';

// `sessionsim report` end to end: a run with a strategy logs its events, the report is built from
// the log, and Debian's Chromium (package `chromium`, see .ci/run) opens it headless and measures
// the pictures as a browser lays them out.

const dir = tmpDir();

function chromium(): string {
  const which = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' });
  const bin = which.stdout.trim();
  if (which.status !== 0 || bin === '') throw new Error('this test needs Debian\'s chromium (apt-get install chromium; .ci/run installs it)');
  return bin;
}

function browse(args: string[]): string {
  // Its own profile in the test's folder (never the user's); no sandbox: CI runs as root.
  return execFileSync(chromium(), ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'profile')}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
}

/** Appended to a copy of the report: what the browser laid out, written into the page for --dump-dom. */
const PROBE = `<script>
const out = [...document.querySelectorAll('svg')].map((s) => { const r = s.getBoundingClientRect(); return { label: s.getAttribute('aria-label') ?? (s.closest('[aria-label]')?.getAttribute('aria-label') ?? ''), width: r.width, height: r.height }; });
const lines = [...document.querySelectorAll('g[aria-label="line"] path')].map((p) => { const b = p.getBBox(); return b.width * b.height > 0 ? 1 : 0; });
const cells = [...document.querySelectorAll('g[aria-label="cell"] rect')].filter((c) => c.getBoundingClientRect().width > 2).length;
const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify({ svgs: out, lines: lines.length, drawnLines: lines.reduce((a, b) => a + b, 0), cells });
document.body.append(pre);
</script>`;

describe('sessionsim report', () => {
  const cfg = path.join(dir, 'cfg.json'), log = path.join(dir, 'run.arrow'), html = path.join(dir, 'report.html');

  it('writes a standalone page from a log, which headless Chromium draws with every picture given a size', async () => {
    writeFileSync(cfg, JSON.stringify({ data: path.resolve('demo/data'), symbols: ['AIG', 'BAC', 'IBM', 'SPY'], start: '2013-10-04', end: '2013-10-08', broker: { cash: 100000 } }));
    expect((await cli('run', cfg, '--log', log, '--strategy', path.resolve('examples/ma-crossover.mjs'))).code).toBe(0);
    const r = await cli('report', log, '--out', html, '--symbols', '3');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(`wrote the report of ${log} to ${html}\n`);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toContain('<script');
    expect(page).toContain('<b>sessions</b> (3 rows) in exchange time, America/New_York');
    expect(page).toContain('Showing 3 symbols of 4 (option symbols)');

    const probe = path.join(dir, 'probe.html');
    writeFileSync(probe, page.replace('</body>', `${PROBE}</body>`));
    const dumped = browse(['--dump-dom', `file://${probe}`]);
    const found = JSON.parse(/<pre id="probe">(.*?)<\/pre>/s.exec(dumped)![1]!.replace(/&quot;/g, '"')) as { svgs: { label: string; width: number; height: number }[]; lines: number; drawnLines: number; cells: number };
    const byLabel = new Map(found.svgs.map((s) => [s.label, s]));
    for (const label of ['returns per symbol and session', '% received per symbol and session', 'gaps at their time of day', 'late, history and prefetch per session', 'equity curve', 'drawdown']) {
      const svg = byLabel.get(label);
      expect(svg, label).toBeDefined();
      expect(svg!.width, label).toBeGreaterThan(200);
      expect(svg!.height, label).toBeGreaterThan(80);
    }
    // 3 symbols x 3 sessions of prices, and the equity and drawdown lines: each drawn with an extent.
    expect(found.lines).toBe(3 * 3 + 2);
    expect(found.drawnLines).toBe(found.lines);
    expect(found.cells).toBe(4 * 3);

    const shot = path.join(dir, 'report.png');
    browse([`--screenshot=${shot}`, '--window-size=1100,1600', `file://${html}`]);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(shot).size).toBeGreaterThan(30_000);
  }, 120_000);

  it('never writes over the log, and refuses a bad cap before reading anything', async () => {
    const onLog = await cli('report', log, '--out', log);
    expect(onLog.code).toBe(2);
    expect(onLog.err).toMatch(/^OUTPUT_REFUSED: not writing the report to .*run\.arrow.*: it is an input of this command/);
    const bad = await cli('report', log, '--out', path.join(dir, 'x.html'), '--symbols', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^USAGE: --symbols must be a whole number of at least 1 \(got "0"\)/);
    const missing = await cli('report', log);
    expect(missing.err).toMatch(/^USAGE: --out REPORT.html is required/);
    const stdout = await cli('report', log, '--out', '-', '--symbols', '1');
    expect(stdout.code).toBe(0);
    expect(stdout.out).toMatch(/^<!doctype html>/);
    expect(stdout.err).toBe(`wrote the report of ${log} to -\n`);
  });
});
