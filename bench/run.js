// npm run bench [-- --json] : runs every benchmark in this folder and prints a Markdown table.
import os from 'node:os';
import { benchCalendar } from './calendar.mjs';
import { benchKernel } from './kernel.mjs';
import { benchLifecycle } from './lifecycle.mjs';
import { benchRead } from './read.mjs';
import { markdownTable } from './util.mjs';

const json = process.argv.includes('--json');
const sections = [['Kernel', benchKernel()], ['Calendar look-ups', benchCalendar()], ['Day file read', benchRead()], ['End to end', benchLifecycle()]];
if (json) {
  console.log(JSON.stringify({ machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version }, sections: Object.fromEntries(sections) }, null, 2));
} else {
  console.log(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, Node ${process.version}\n`);
  for (const [name, rows] of sections) console.log(`### ${name}\n\n${markdownTable(rows)}\n`);
}
