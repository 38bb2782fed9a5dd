import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir('entry-points-');
const SWEEP_PACKAGES = /\/node_modules\/(bullmq|ioredis|piscina)\//;

/**
 * Imports `specifier` as a user would (the package by its name, resolved through package.json's
 * "exports" from the built dist/) in a fresh node process; returns every URL it resolved and the
 * names the module exports.
 */
function load(specifier: string): { resolved: string[]; exports: string[] } {
  const file = path.join(dir, `${specifier.replace(/\W/g, '_')}.txt`);
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(path.resolve('test/support/resolve-recorder.mjs')).href, '--input-type=module', '-e',
    `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`], { env: { ...process.env, SESSIONSIM_RESOLVED: file }, encoding: 'utf8' });
  return { resolved: readFileSync(file, 'utf8').split('\n').filter(Boolean), exports: JSON.parse(out) as string[] };
}

describe('the package entry points', () => {
  it('import "sessionsim" loads none of bullmq, ioredis or piscina', () => {
    const { resolved, exports } = load('sessionsim');
    expect(resolved).toContain(pathToFileURL(path.resolve('dist/index.js')).href);
    // The recorder sees packages: apache-arrow is one the index does load.
    expect(resolved.some((u) => u.includes('/node_modules/apache-arrow/'))).toBe(true);
    expect(resolved.filter((u) => SWEEP_PACKAGES.test(u))).toEqual([]);
    expect(exports).toEqual(expect.arrayContaining(['simulate', 'createSimulation', 'replay', 'verifyLog', 'SimError']));
    expect(exports).not.toContain('sweep');
  });

  it('"sessionsim/sweep" resolves to dist/sweep and exports the sweep API, types included; its packages load only when a sweep runs', () => {
    const { resolved, exports } = load('sessionsim/sweep');
    expect(resolved).toContain(pathToFileURL(path.resolve('dist/sweep/index.js')).href);
    expect(resolved.filter((u) => SWEEP_PACKAGES.test(u))).toEqual([]);
    expect(exports).toEqual(expect.arrayContaining(['sweep', 'planSweep', 'readSweepFile', 'startQueueWorker']));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(pkg.exports['./sweep']).toEqual({ types: './dist/sweep/index.d.ts', default: './dist/sweep/index.js' });
    expect(existsSync(pkg.exports['./sweep']!.types)).toBe(true);
  });

  it('the CLI loads none of them for a command that is not a sweep or a worker', () => {
    const file = path.join(dir, 'cli.txt');
    execFileSync(process.execPath, ['--import', pathToFileURL(path.resolve('test/support/resolve-recorder.mjs')).href, 'bin/sessionsim.js', 'calendar', 'XNYS', '--from', '2025-01-02', '--to', '2025-01-03'],
      { env: { ...process.env, SESSIONSIM_RESOLVED: file }, encoding: 'utf8' });
    const resolved = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(resolved).toContain(pathToFileURL(path.resolve('dist/cli/main.js')).href);
    expect(resolved.filter((u) => SWEEP_PACKAGES.test(u))).toEqual([]);
  });
});
