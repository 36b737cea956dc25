// CPU time and resident memory of a process and all its descendants (the API's cluster
// workers), read from Linux's /proc. Elsewhere both answer 0.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks;
const clockTicks = () => {
  try {
    ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    ticks = 100;
  }
  return ticks;
};

/** pid → its /proc/<pid>/stat fields after the command name (field 3 onwards). */
function stats() {
  const out = new Map();
  let names;
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      out.set(Number(name), text.slice(text.lastIndexOf(')') + 2).split(' '));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The process and its descendants. */
export function treeOf(root) {
  const all = stats();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, f] of all) {
      if (!tree.has(pid) && tree.has(Number(f[1]))) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return { pids: [...tree].filter((p) => all.has(p)), all };
}

/** User + system CPU milliseconds used so far by the process and its living descendants. */
export function cpuMsOfTree(root) {
  const { pids, all } = treeOf(root);
  // fields: 3 state, 4 ppid … 14 utime, 15 stime (1-based in proc(5)); here index = field − 3.
  const jiffies = pids.reduce((sum, p) => sum + Number(all.get(p)[11]) + Number(all.get(p)[12]), 0);
  return (jiffies * 1000) / clockTicks();
}

/** Resident memory (MB) of the process and its descendants. */
export function rssMbOfTree(root) {
  let kb = 0;
  for (const p of treeOf(root).pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}
