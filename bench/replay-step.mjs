// One command of the replay benchmark in its own process, so that its peak RSS is its own: runs the
// CLI (its output to /dev/null by the parent) and says on stderr, as the last line, how long it
// took and its peak RSS.
// Usage: node bench/replay-step.mjs '["replay", "LOG", "--verify"]'
//        node bench/replay-step.mjs '["api", "hash" | "events", "LOG"]' (the API: Replay.hash, or every event as an object)
import { performance } from 'node:perf_hooks';
import { main } from '../dist/cli/main.js';
import { replay } from '../dist/index.js';

async function api(what, log) {
  const r = replay(log);
  if (what === 'hash') return r.hash.length === 32 ? 0 : 1;
  let n = 0;
  for (const _ of r.logged()) n++;
  return n === r.length ? 0 : 1;
}

const argv = JSON.parse(process.argv[2]);
const t = performance.now();
const code = argv[0] === 'api' ? await api(argv[1], argv[2]) : await main(argv);
const ms = performance.now() - t;
process.stderr.write(`\n${JSON.stringify({ code, ms, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
