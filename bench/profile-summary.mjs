// Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`; BENCH_CPU_PROF=<dir> makes
// the benches' API write them) as Markdown: where the samples fell by package and by function
// (self time), and the heaviest call paths of our own code (total time). docs/profiles/ keeps
// the summaries of the runs the hot-path work was judged by.
//
//   BENCH_CPU_PROF=/tmp/prof npm run bench:lifecycle
//   node bench/profile-summary.mjs /tmp/prof > docs/profiles/lifecycle-after.md
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
if (!target) {
  console.error('usage: node bench/profile-summary.mjs <dir or .cpuprofile> [top=25]');
  process.exit(2);
}
const TOP = Number(process.argv[3] ?? 25);
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(target, f))
  : [target];

/** Where a frame's code lives: a package, our code (apps/libs), node's own, or V8's. */
function owner(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node (core)';
  const ours = /\/(apps|libs)\/([^/]+)\//.exec(url);
  if (ours) return `gridflow ${ours[1]}/${ours[2]}`;
  return url;
}
const short = (url) => url.replace(/^file:\/\//, '').replace(/^.*?\/(dist\/|node_modules\/)/, '$1');

const byOwner = new Map();
const byFunction = new Map();
const oursTotal = new Map();
let total = 0;
let idle = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  for (const [id, count] of hits) {
    const { callFrame } = nodes.get(id);
    total += count;
    if (callFrame.functionName === '(idle)') {
      idle += count;
      continue;
    }
    const who = owner(callFrame.url, callFrame.functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + count);
    const fn = `${callFrame.functionName || '(anonymous)'} — ${callFrame.url ? `${short(callFrame.url)}:${callFrame.lineNumber + 1}` : who}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
    // total time of each of our functions on the stack (once per sample)
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = nodes.get(at).callFrame;
      if (!/\/(apps|libs)\//.test(f.url) || f.url.includes('node_modules')) continue;
      const key = `${f.functionName || '(anonymous)'} — ${short(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      oursTotal.set(key, (oursTotal.get(key) ?? 0) + count);
    }
  }
}
const busy = total - idle;
const pct = (n, of = busy) => `${((100 * n) / of).toFixed(1)} %`;
const table = (title, map, head) => {
  console.log(`\n### ${title}\n\n| ${head} | share of busy samples |\n| --- | ---: |`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`| ${k.replace(/\|/g, '\\|')} | ${pct(v)} |`);
};
console.log(`${files.length} profile(s), ${total} samples, ${pct(idle, total)} idle (busy = the rest)`);
table('Self time by package', byOwner, 'code');
table('Self time by function', byFunction, 'function');
table('Total time of our own functions (on the stack)', oursTotal, 'function');
