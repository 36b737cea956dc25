// Starts the built API (dist/apps/api/src/main.js) for a benchmark and waits until /health answers.
import { spawn } from 'node:child_process';

export async function startApi({ env, port, workers = process.env.BENCH_API_WORKERS ?? '1' }) {
  // BENCH_CPU_PROF=<dir>: each API process writes a V8 CPU profile there when it exits
  // (summarise with `node bench/profile-summary.mjs <dir>`; docs/profiles/).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, 'dist/apps/api/src/main.js'], {
    env: { ...env, PORT: String(port), API_WORKERS: String(workers) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error('the API did not become healthy in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  // With several workers, until each has started (the primary deals out connections).
  for (let i = 0; Number(workers) > 1 && i < 300; i++) {
    const pids = new Set();
    for (let j = 0; j < 4 * Number(workers); j++) {
      const res = await fetch(`${url}/health`, { headers: { connection: 'close' } }).catch(() => null);
      if (res?.ok) pids.add(res.headers.get('x-api-process'));
    }
    if (pids.size >= Number(workers)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    pid: child.pid,
    child,
    stop: async () => {
      stop();
      await stopped;
    },
  };
}
