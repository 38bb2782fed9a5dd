import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

// Observable Plot draws into a DOM; linkedom gives it one on the server (Node or Deno), so the
// pictures are plain SVG strings: no browser, no script in the notebook or the report.

/** The DOM document type Plot takes (the project compiles without the DOM library). */
type Doc = NonNullable<Plot.PlotOptions['document']>;

let doc: Doc | null = null;

function serverDocument(): Doc {
  doc ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Doc;
  return doc;
}

/** One picture as HTML (an <svg>, or a <figure> holding a legend and the <svg>). */
export function draw(options: Plot.PlotOptions): string {
  const el = Plot.plot({ ...options, document: serverDocument() });
  return (el as unknown as { outerHTML: string }).outerHTML;
}

export { Plot };
