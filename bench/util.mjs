import { performance } from 'node:perf_hooks';

export function timeIt(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function markdownTable(rows) {
  if (rows.length === 0) return '';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(cols), line(cols.map(() => '---')), ...rows.map((r) => line(cols.map((c) => (r[c] === undefined ? '' : String(r[c])))))].join('\n');
}
