import { readFileSync } from 'node:fs';

/** The package version, read once from package.json beside the built code. */
export const PACKAGE_VERSION: string = (() => {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sessionsim' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location (src/ when run from sources, dist/ when built)
    }
  }
  return '0.0.0';
})();
