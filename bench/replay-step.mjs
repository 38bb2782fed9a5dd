// One command of the replay benchmark in its own process, so that its peak RSS is its own: runs the
// CLI (its output to /dev/null by the parent) and says on stderr, as the last line, how long it
// took and its peak RSS.
// Usage: node bench/replay-step.mjs '["replay", "LOG", "--verify"]'
import { performance } from 'node:perf_hooks';
import { main } from '../dist/cli/main.js';

const argv = JSON.parse(process.argv[2]);
const t = performance.now();
const code = await main(argv);
const ms = performance.now() - t;
process.stderr.write(`\n${JSON.stringify({ code, ms, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
