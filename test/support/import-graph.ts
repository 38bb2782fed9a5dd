import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The static import graph of a folder of TypeScript sources: every `import ... from`, `import
 * type ... from`, `export ... from`, side-effect `import '...'` and literal `import('...')`,
 * relative specifiers only (packages are not ours), `.js` resolved to the `.ts` beside it.
 * A small scanner, not a parser: statements are matched at the start of a line, so examples in
 * comments and strings are not taken for imports.
 */
export interface ImportGraph {
  /** Files relative to the root, `/`-separated. */
  readonly files: readonly string[];
  /** file -> the files it imports (relative to the root). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  /** Relative specifiers that name no file: a scanner that cannot resolve is not trusted. */
  readonly unresolved: readonly string[];
}

const STATEMENT = /^[ \t]*(?:import|export)\b[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The specifiers a source imports, in order (duplicates kept). */
export function importSpecifiers(source: string): string[] {
  const found: { at: number; spec: string }[] = [];
  for (const re of [STATEMENT, SIDE_EFFECT, DYNAMIC]) for (const m of source.matchAll(re)) found.push({ at: m.index, spec: m[1]! });
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

export function importGraph(root: string): ImportGraph {
  const abs = listTs(root);
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of abs) {
    const targets = new Set<string>();
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!existsSync(target) || !target.startsWith(root + path.sep)) unresolved.push(`${rel(file)}: ${spec}`);
      else targets.add(rel(target));
    }
    edges.set(rel(file), [...targets].sort());
  }
  return { files: abs.map(rel), edges, unresolved };
}

/** A knot of files that import each other (a strongly connected component), and one cycle through it. */
export interface ImportKnot {
  readonly files: readonly string[];
  /** The shortest way from the knot's first file back to itself: `[a, b, a]`. */
  readonly cycle: readonly string[];
}

/** Every import cycle, as knots (Tarjan's strongly connected components): none when the graph has no cycle. */
export function importKnots(graph: ImportGraph): ImportKnot[] {
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1 || (graph.edges.get(v) ?? []).includes(v)) components.push(c.sort());
    }
  };
  for (const f of graph.files) if (!index.has(f)) visit(f);
  return components.map((files) => ({ files, cycle: shortestCycle(graph, files) }));
}

/** One knot as the people who must untie it read it: `a -> b -> a`, and the other files tied in it. */
export function describeKnot(k: ImportKnot): string {
  const others = k.files.filter((f) => !k.cycle.includes(f));
  return `${k.cycle.join(' -> ')}${others.length > 0 ? ` (and ${others.length} more files in the same knot: ${others.join(', ')})` : ''}`;
}

function shortestCycle(graph: ImportGraph, c: readonly string[]): string[] {
  {
    const inside = new Set(c);
    const start = c[0]!;
    const from = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of graph.edges.get(v) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const cycle = [start];
          for (let u: string | undefined = v; u !== undefined && u !== start; u = from.get(u)) cycle.splice(1, 0, u);
          return [...cycle, start];
        }
        if (!from.has(w)) { from.set(w, v); queue.push(w); }
      }
    }
    return [...c, start];
  }
}

/** The part of the layering a file belongs to: its top folder under the root, or its own name for a top-level file (`index`, `errors`). */
export function areaOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}
