import { execFileSync } from 'node:child_process';

/**
 * vitest globalSetup: build dist/ once before any test, so tests that spawn the CLI
 * (bin/sessionsim.js) or the sweep pool's worker never run code older than src/.
 */
export default function setup(): void {
  // vitest calls a global setup once per project (vitest.config.ts runs some files under several
  // TZ values): build once per test run.
  const key = Symbol.for('sessionsim.test.built');
  const g = globalThis as Record<symbol, unknown>;
  if (g[key] === true) return;
  g[key] = true;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
