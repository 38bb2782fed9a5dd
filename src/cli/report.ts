import path from 'node:path';
import { replay, resolveOutput, writeOutput } from '../index.js';
import { EXIT, parseArgs, UsageError, type Command } from './usage.js';

function whole(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(v)) throw new UsageError(`--${name} must be a whole number of at least 1 (got ${JSON.stringify(v)})`);
  return Number(v);
}

export const reportCommand: Command = {
  summary: 'write a standalone HTML report of a log: pictures of its data and its sessions',
  help: [
    'Usage: sessionsim report <log> --out REPORT.html [--symbols N] [--sessions N] [--heatmap-symbols N]',
    '',
    'Reads the event log once and writes one HTML page (SVG pictures, no script: it opens offline):',
    'returns from the session open per symbol and session (small multiples of the derived bars),',
    '% of expected bars received per symbol and session, the gaps at their time of day, late and',
    'history bars and the prefetch per session, and a compact sessions table, in exchange time.',
    'A run with a strategy also gets its figures, equity curve and drawdown.',
    '',
    '  --symbols N          symbols whose prices are drawn: the first N by name (default 6)',
    '  --sessions N         sessions of prices drawn: the first N (default 10)',
    '  --heatmap-symbols N  rows of the % received heatmap: the N symbols that received least (default 40)',
    '',
    'REPORT.html is written whole or not at all; it is never the log itself, another event log,',
    'an input, or a symbolic link. `--out -` writes the page to standard output.',
  ].join('\n'),
  async run(argv, io) {
    const { values, positionals } = parseArgs(argv, { values: ['out', 'symbols', 'sessions', 'heatmap-symbols'] });
    if (positionals.length !== 1) throw new UsageError('give exactly one log file');
    const out = values.get('out');
    if (out === undefined) throw new UsageError('--out REPORT.html is required');
    const symbols = whole('symbols', values.get('symbols'));
    const sessions = whole('sessions', values.get('sessions'));
    const heatmapSymbols = whole('heatmap-symbols', values.get('heatmap-symbols'));
    const logFile = positionals[0]!;
    // Refused before any work: the log it reads (or its .partial) is never replaced.
    const output = { what: 'the report', stdout: io.out, inputs: [logFile, `${logFile}.partial`] };
    resolveOutput(out, output);
    const r = replay(logFile);
    const html = r.report({ ...(symbols === undefined ? {} : { symbols }), ...(sessions === undefined ? {} : { sessions }), ...(heatmapSymbols === undefined ? {} : { heatmapSymbols }) });
    const inputs = [...output.inputs, r.path, ...r.manifest.inputs.map((f) => path.join(r.manifest.dataRoot, f.path))];
    const target = writeOutput(out, html, { ...output, inputs });
    (target.kind === 'stream' ? io.err : io.out).write(`wrote the report of ${logFile} to ${out}\n`);
    return EXIT.ok;
  },
};
