// npm run bench [-- --json] [-- --full] : every benchmark, each result beside the reference
// measured in the same run, as Markdown tables (or JSON).
import os from 'node:os';
import { benchCalendar } from './calendar.mjs';
import { benchKernel } from './kernel.mjs';
import { benchLifecycle } from './lifecycle.mjs';
import { benchRead } from './read.mjs';
import { benchReplay } from './replay.mjs';
import { benchSweep } from './sweep.mjs';
import { markdownTable } from './util.mjs';

const json = process.argv.includes('--json');
const full = process.argv.includes('--full');
const sections = [
  ['Kernel: events through the loop vs a bare tinyqueue push/pop', benchKernel()],
  ['Calendars: first compile in a fresh process, and 1 M queries each through the public API', benchCalendar()],
  ['Day file read (500 symbols x 1 day) vs tableFromIPC + column scan', benchRead()],
  ['End to end: dataset on disk -> lifecycle -> derived bars and quality', benchLifecycle({ full })],
  ['Event log at scale: replay commands on the log a run wrote, each in its own process', benchReplay({ full })],
  ['Sweeps: 12 runs of 500 symbols x 20 sessions', await benchSweep()],
];
const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
if (json) {
  console.log(JSON.stringify({ machine, sections: Object.fromEntries(sections) }, null, 2));
} else {
  console.log(`Machine: ${machine.cpus} x ${machine.cpu}, ${machine.memGiB} GiB, Node ${machine.node}\n`);
  for (const [name, rows] of sections) console.log(`### ${name}\n\n${markdownTable(rows)}\n`);
}
