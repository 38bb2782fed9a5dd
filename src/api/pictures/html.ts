import { escapeHtml } from '../display.js';
import { deliveryPicture, gapsPicture, pricesPicture, receivedPicture, type Picture } from './charts.js';
import type { PictureInput, PictureOptions } from './input.js';
import { LocalClock } from './local-time.js';
import { compactSessionsHtml } from './session-table.js';

function section(p: Picture): string {
  return `<section class="sessionsim-picture" style="margin:12px 0"><div style="font-weight:bold;font-size:13px">${escapeHtml(p.title)}</div>${p.svg}<div style="font-size:11px;color:#555;max-width:720px">${escapeHtml(p.note)}</div></section>`;
}

/** The pictures of a run's data and its compact sessions table, as one HTML fragment (no script). */
export function picturesHtml(input: PictureInput, options: PictureOptions = {}): string {
  const clock = new LocalClock(input.calendar);
  const pictures = [pricesPicture(input, options), receivedPicture(input, options), gapsPicture(input), deliveryPicture(input)];
  return `<div class="sessionsim-pictures" style="font-family:sans-serif">${compactSessionsHtml(input.sessions, clock)}${pictures.map(section).join('')}</div>`;
}

/** A standalone HTML page: the heading, lines of facts, and the fragments (each already HTML). */
export function reportPage(heading: string, facts: readonly string[], fragments: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(heading)}</title>`,
    '<style>body{font-family:sans-serif;margin:24px;color:#222} svg{overflow:visible} td,th{white-space:nowrap}</style>',
    '</head><body>',
    `<h1 style="font-size:20px">${escapeHtml(heading)}</h1>`,
    ...facts.map((f) => `<div>${escapeHtml(f)}</div>`),
    ...fragments,
    '</body></html>',
    '',
  ].join('\n');
}

/** HTML that a notebook displays (Deno's Jupyter kernel asks for Symbol.for('Jupyter.display')). */
export interface Displayable {
  toHTML(): string;
}

export function displayable(html: string): Displayable {
  return { toHTML: () => html, [Symbol.for('Jupyter.display')]: () => ({ 'text/html': html }) } as Displayable;
}
