import { execFileSync } from 'node:child_process';

/**
 * vitest globalSetup: build dist/ once before any test, so tests that spawn the CLI
 * (bin/sessionsim.js) or the sweep pool's worker never run code older than src/.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
