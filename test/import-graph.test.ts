import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaOf, describeKnot, importGraph, importKnots, importSpecifiers, type ImportGraph } from './support/import-graph.js';
import { tmpDir } from './support/tmp.js';

const SRC = path.resolve('src');

/**
 * DESIGN.md section 12: dependencies point one way, down this list, never back up:
 * cli -> index -> api -> { handlers, storage, broker, strategy } -> state -> columnar -> kernel -> { events, calendar }.
 * The broker and the strategy runtime are handlers of their own (issue 16): beside the lifecycle's, apart from them.
 * `sweep` is the second entry point (`sessionsim/sweep`), beside the index and apart from it, so
 * that `import "sessionsim"` loads none of its packages; `errors` is below everything.
 * A folder added to src/ gets its place here (the test names it until it has one).
 */
const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['index', 'sweep'],
  ['api'],
  ['handlers', 'storage', 'broker', 'strategy'],
  ['state'],
  ['columnar'],
  ['kernel'],
  ['events', 'calendar'],
  ['errors'],
];
/** Imports between two areas of one layer that the design allows, as `from -> to`; any other is refused. None today. */
const SAME_LAYER: readonly string[] = [];
/** The CLI is a client of the public entry points, nothing else (issue 13). */
const CLI_MAY_IMPORT = ['index.ts', 'sweep/index.ts'];

function layerOf(area: string): number {
  return LAYERS.findIndex((l) => l.includes(area));
}

/** Every import that runs against the layering, as `file -> target (why)`. */
function layeringBreaches(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph.edges) {
    const from = areaOf(file);
    for (const target of targets) {
      const to = areaOf(target);
      if (from === to) continue;
      if (from === 'cli' && !CLI_MAY_IMPORT.includes(target)) { out.push(`${file} -> ${target} (the CLI imports only ${CLI_MAY_IMPORT.join(' and ')})`); continue; }
      const a = layerOf(from), b = layerOf(to);
      if (a < 0 || b < 0) continue; // named by the test of unplaced areas
      if (a > b) out.push(`${file} -> ${target} (${from} is below ${to})`);
      else if (a === b && !SAME_LAYER.includes(`${from} -> ${to}`)) out.push(`${file} -> ${target} (${from} and ${to} are side by side: neither imports the other)`);
    }
  }
  return out.sort();
}

function fixture(files: Record<string, string>): string {
  const dir = tmpDir('import-graph-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('the import scanner', () => {
  it('finds every form of import, type-only and multi-line ones too, and no example in a comment', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      'import {',
      '  c,',
      '  type C,',
      "} from './c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "export type { F } from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      "/** e.g. import { x } from './not-an-import.js' */",
      "// import { y } from './nor-this.js';",
      "const s = 'from \\'./nor-a-string.js\\'';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js']);
  });

  it('names a cycle made of type-only imports (with the other files of its knot), and one through three files', () => {
    const dir = fixture({
      'cli/commands.ts': "import type { Io } from './usage.js';\nimport { demo } from './demo.js';\nimport { run } from './run.js';\nexport interface Command { run(): void }\nexport const commands = { demo, run };\n",
      'cli/demo.ts': "import type { Command } from './commands.js';\nexport const demo: Command = { run() {} };\n",
      'cli/run.ts': "import type { Command } from './commands.js';\nexport const run: Command = { run() {} };\n",
      'cli/usage.ts': 'export interface Io {}\n',
      'x/a.ts': "export * from './b.js';\n",
      'x/b.ts': "export { c } from './c.js';\n",
      'x/c.ts': "import type { A } from './a.js';\nexport const c = 1;\n",
    });
    const graph = importGraph(dir);
    expect(graph.unresolved).toEqual([]);
    expect(importKnots(graph).map(describeKnot)).toEqual([
      'cli/commands.ts -> cli/demo.ts -> cli/commands.ts (and 1 more files in the same knot: cli/run.ts)',
      'x/a.ts -> x/b.ts -> x/c.ts -> x/a.ts',
    ]);
  });

  it('says which imports it cannot resolve', () => {
    expect(importGraph(fixture({ 'a.ts': "import { b } from './b.js';\n" })).unresolved).toEqual(["a.ts: ./b.js"]);
  });

  it('names an import against the layering, and a CLI reaching past the entry points', () => {
    const dir = fixture({
      'kernel/k.ts': "import { run } from '../api/run.js';\n",
      'api/run.ts': 'export const run = 1;\n',
      'handlers/h.ts': "import { read } from '../storage/read.js';\n",
      'storage/read.ts': 'export const read = 1;\n',
      'cli/main.ts': "import { run } from '../api/run.js';\nimport { x } from '../index.js';\n",
      'index.ts': 'export const x = 1;\n',
    });
    expect(layeringBreaches(importGraph(dir))).toEqual([
      'cli/main.ts -> api/run.ts (the CLI imports only index.ts and sweep/index.ts)',
      'handlers/h.ts -> storage/read.ts (handlers and storage are side by side: neither imports the other)',
      'kernel/k.ts -> api/run.ts (kernel is below api)',
    ]);
  });
});

describe('src/ imports', () => {
  const graph = importGraph(SRC);

  it('resolve, every one of them', () => {
    expect(graph.files.length).toBeGreaterThan(50);
    expect(graph.unresolved).toEqual([]);
  });

  it('have no cycle, type-only imports included', () => {
    const cycles = importKnots(graph).map(describeKnot);
    expect(cycles, `import cycles in src/:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('point one way, down the layers of DESIGN.md section 12', () => {
    const unplaced = [...new Set(graph.files.map(areaOf))].filter((a) => layerOf(a) < 0);
    expect(unplaced, 'folders of src/ with no place in LAYERS (test/import-graph.test.ts): give each one').toEqual([]);
    expect(layeringBreaches(graph)).toEqual([]);
  });
});
