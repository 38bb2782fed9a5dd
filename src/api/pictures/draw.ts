import { createRequire } from 'node:module';
import type * as PlotModule from '@observablehq/plot';
import type * as LinkedomModule from 'linkedom';

// Observable Plot draws into a DOM; linkedom gives it one on the server (Node or Deno), so the
// pictures are plain SVG strings: no browser, no script in the notebook or the report.
//
// Both are loaded when something is first drawn: they cost about 0.6 s of CPU to load, which a
// run, a CLI command or a sweep worker that draws nothing should not pay. Node loads them then
// with require (ES modules by require: Node 20.19 and later). Deno's require does not resolve
// Plot's own imports, so in Deno (the notebooks) they are loaded with this module.

export type PlotOptions = PlotModule.PlotOptions;

type Libraries = { readonly plot: typeof PlotModule; readonly linkedom: typeof LinkedomModule };

const inDeno = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined';
let libraries: Libraries | null = inDeno ? { plot: await import('@observablehq/plot'), linkedom: await import('linkedom') } : null;

function load(): Libraries {
  if (libraries === null) {
    const require = createRequire(import.meta.url);
    libraries = { plot: require('@observablehq/plot') as typeof PlotModule, linkedom: require('linkedom') as typeof LinkedomModule };
  }
  return libraries;
}

/** Observable Plot, loaded on first use. */
export const Plot: typeof PlotModule = new Proxy({} as typeof PlotModule, { get: (_t, key) => (load().plot as unknown as Record<PropertyKey, unknown>)[key] });

/** The DOM document type Plot takes (the project compiles without the DOM library). */
type Doc = NonNullable<PlotOptions['document']>;

let doc: Doc | null = null;

function serverDocument(): Doc {
  doc ??= load().linkedom.parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Doc;
  return doc;
}

/** One picture as HTML (an <svg>, or a <figure> holding a legend and the <svg>). */
export function draw(options: PlotOptions): string {
  const el = load().plot.plot({ ...options, document: serverDocument() });
  return (el as unknown as { outerHTML: string }).outerHTML;
}
