/**
 * Module hooks that run the TypeScript sources directly (no build): a `.ts` file is stripped of its
 * types (oxc, through rolldown, which vitest brings), and a `./x.js` import from a `.ts` file is
 * the `./x.ts` beside it when no `./x.js` exists (how tsc's NodeNext resolution reads it).
 * Registered by ts-register.mjs; the sweep pool's worker threads use it when their caller runs
 * from src/ (vitest), so they run the same sources, not a dist/ built from older ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'rolldown/experimental';

export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (parent?.startsWith('file:') && parent.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const js = new URL(specifier, parent);
    const ts = new URL(specifier.slice(0, -3) + '.ts', parent);
    if (!existsSync(js) && existsSync(ts)) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const file = fileURLToPath(url);
    const out = transformSync(file, readFileSync(file, 'utf8'), { lang: 'ts', sourcemap: false });
    if (out.errors.length > 0) throw new Error(`${file}: ${out.errors.map((e) => e.message).join('; ')}`);
    return { format: 'module', source: out.code, shortCircuit: true };
  }
  return next(url, context);
}
