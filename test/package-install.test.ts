import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook, jupyterPython, kernelPath, textOf } from './support/notebook.js';
import { tmpDir } from './support/tmp.js';

const root = path.resolve('.');
const pkg = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
const DEMO_HASH = '45583e1dddc2ee7f265c53b160e51795';

/**
 * The package as a researcher installs it (README "Install"): `npm pack` gives a tarball, which is
 * installed into a new folder with npm and used from Node (the API, the `sweep` entry point, the
 * `sessionsim` command) and from a Deno notebook in that folder: the researcher, who
 * installs it into a new notebook folder, imports a Parquet lake, runs, and sees the pictures. Its dependencies come from the
 * npm registry, as with `npm ci` (npm's cache, filled by it, serves most of them).
 */
describe('the package installed from its npm pack tarball into a new folder', () => {
  it('imports and runs from Node and from a Deno notebook; its command imports a Parquet lake, whose run shows its pictures', () => {
    const packDir = tmpDir('sessionsim-pack-');
    // dist/ is fresh (the test setup builds it): no need to build again through `prepare`.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: root, stdio: 'pipe' });
    const tarball = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
    expect(path.basename(tarball)).toBe(`sessionsim-${pkg.version}.tgz`);

    const app = tmpDir('sessionsim-app-');
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'research', private: true, type: 'module' }));
    execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app, stdio: 'pipe', timeout: 600_000 });

    writeFileSync(path.join(app, 'run.mjs'), [
      'import { simulate, demoConfig, PACKAGE_VERSION } from "sessionsim";',
      'import { sweep } from "sessionsim/sweep";',
      'const r = simulate(demoConfig());',
      'console.log(JSON.stringify({ version: PACKAGE_VERSION, hash: r.hash, sessions: r.sessions.length, sweep: typeof sweep }));',
    ].join('\n'));
    const fromNode = JSON.parse(execFileSync(process.execPath, ['run.mjs'], { cwd: app, encoding: 'utf8' })) as Record<string, unknown>;
    expect(fromNode).toEqual({ version: pkg.version, hash: DEMO_HASH, sessions: 6, sweep: 'function' });

    const bin = execFileSync(path.join(app, 'node_modules', '.bin', 'sessionsim'), ['--version'], { cwd: app, encoding: 'utf8' });
    expect(bin).toContain(`sessionsim ${pkg.version}`);

    // A researcher's Parquet lake (Hive folders symbol=/date=, written by pyarrow), imported with
    // the installed command: two sessions of two symbols, every minute, one minute missing.
    const rows: [string, number, number, number, number, number, number][] = [];
    for (const [date, open] of [['2024-03-07', Date.parse('2024-03-07T14:30:00Z')], ['2024-03-08', Date.parse('2024-03-08T14:30:00Z')]] as const) {
      for (const [k, symbol] of ['AAA', 'BBB'].entries()) {
        for (let m = 0; m < 390; m++) {
          if (symbol === 'BBB' && date === '2024-03-08' && m === 100) continue;
          const p = 50 + 10 * k + Math.sin(m / 30);
          rows.push([symbol, open + m * 60_000, p, p + 0.2, p - 0.2, p + 0.05, 100 + m]);
        }
      }
    }
    const lakeDir = path.join(app, 'parquet');
    mkdirSync(lakeDir);
    writeFileSync(path.join(lakeDir, 'rows.json'), JSON.stringify(rows));
    execFileSync('python3', [path.join(root, 'test', 'support', 'parquet-fixtures.py'), lakeDir, path.join(lakeDir, 'rows.json')], { stdio: 'pipe' });
    const imported = execFileSync(path.join(app, 'node_modules', '.bin', 'sessionsim'), ['import', path.join(lakeDir, 'lake'), '--data', 'data'], { cwd: app, encoding: 'utf8' });
    expect(imported).toContain('1559');

    writeFileSync(path.join(app, 'research.ipynb'), JSON.stringify({
      cells: [
        { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 'import { simulate, demoConfig } from "sessionsim";\nconst r = simulate(demoConfig());\nconsole.log(`notebook: ${r.sessions.length} sessions, hash ${r.hash}`);\nr.sessions' },
        { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 'const mine = simulate({ data: "data", symbols: ["AAA", "BBB"], start: "2024-03-07", end: "2024-03-08" });\nconsole.log(`lake: ${mine.sessions.length} sessions, ${mine.bars} bars`);\nmine' },
      ],
      metadata: { kernelspec: { display_name: 'Deno', language: 'typescript', name: 'deno' } }, nbformat: 4, nbformat_minor: 5,
    }));
    const [demo, lake] = executeNotebook(kernelPath(), jupyterPython(), app, 'research.ipynb');
    for (const cell of [demo!, lake!]) expect((cell.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
    expect(textOf(demo!)).toContain(`notebook: 6 sessions, hash ${DEMO_HASH}`);
    expect(textOf(demo!)).toContain('<b>sessions</b> (6 rows)');
    // The lake's run and the pictures of its data.
    expect(textOf(lake!)).toContain('lake: 2 sessions, 1559 bars');
    for (const label of ['returns per symbol and session', '% received per symbol and session', 'gaps at their time of day']) expect(textOf(lake!)).toContain(`aria-label="${label}"`);
  }, 900_000);
});
