import { demoConfig } from '../index.js';
import { failIfEmpty, runWithProgress } from './run.js';
import { EXIT, parseArgs, type Command } from './usage.js';

export const demoCommand: Command = {
  summary: 'run a real week of bundled bars (SPY, AIG, BAC, IBM, October 2013) and print the summary',
  help: [
    'Usage: sessionsim demo [--log FILE] [--json]',
    '',
    'Runs 2013-10-04 .. 2013-10-11 of real 1-minute bars (LEAN sample data, Apache-2.0) through the',
    'whole session lifecycle: opens, closes, the weekend, derived 5/15-minute bars, gaps and quality.',
  ].join('\n'),
  async run(argv, io) {
    const { values, flags } = parseArgs(argv, { values: ['log'], flags: ['json'] });
    const log = values.get('log');
    failIfEmpty(runWithProgress(demoConfig(log === undefined ? {} : { log: { path: log } }), io, flags.has('json')));
    return EXIT.ok;
  },
};
