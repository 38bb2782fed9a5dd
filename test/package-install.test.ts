import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
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
 * `sessionsim` command) and from a Deno notebook in that folder. Its dependencies come from the
 * npm registry, as with `npm ci` (npm's cache, filled by it, serves most of them).
 */
describe('the package installed from its npm pack tarball into a new folder', () => {
  it('imports and runs from Node and from a Deno notebook; its command runs', () => {
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

    writeFileSync(path.join(app, 'research.ipynb'), JSON.stringify({
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: 'import { simulate, demoConfig } from "sessionsim";\nconst r = simulate(demoConfig());\nconsole.log(`notebook: ${r.sessions.length} sessions, hash ${r.hash}`);\nr.sessions' }],
      metadata: { kernelspec: { display_name: 'Deno', language: 'typescript', name: 'deno' } }, nbformat: 4, nbformat_minor: 5,
    }));
    const [cell] = executeNotebook(kernelPath(), jupyterPython(), app, 'research.ipynb');
    expect((cell!.outputs ?? []).filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);
    expect(textOf(cell!)).toContain(`notebook: 6 sessions, hash ${DEMO_HASH}`);
    expect(textOf(cell!)).toContain('<b>sessions</b> (6 rows)');
  }, 900_000);
});
