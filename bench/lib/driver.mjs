// Runs the load generator (autocannon-driver.mjs) as a separate process and measures the API
// while it runs: the driver's own CPU (process.cpuUsage in the driver), the API's CPU (all its
// processes, from /proc) and the API's peak resident memory (sampled every 250 ms).
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpuMsOfTree, rssMbOfTree } from './proc.mjs';

const CPUS = availableParallelism();

/** CPU time over wall time: % of one core, and % of the machine (all its cores). */
export const cpuShare = (cpuMs, wallMs) => ({
  core: (100 * cpuMs) / wallMs,
  machine: (100 * cpuMs) / wallMs / CPUS,
});

export const fmtCpu = (share) => `${share.core.toFixed(0)} % of a core, ${share.machine.toFixed(0)} % of ${CPUS} cores`;

/**
 * autocannon in a child process against `options.url`, with `apiPid` (the API's main process)
 * watched meanwhile. Returns autocannon's figures plus { driverCpu, apiCpu, apiPeakRssMb }.
 */
export async function drive(options, apiPid) {
  const child = fork(fileURLToPath(new URL('./autocannon-driver.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let peakRss = apiPid ? rssMbOfTree(apiPid) : 0;
  const sampler = apiPid ? setInterval(() => (peakRss = Math.max(peakRss, rssMbOfTree(apiPid))), 250) : null;
  const apiCpu0 = apiPid ? cpuMsOfTree(apiPid) : 0;
  const t0 = performance.now();
  const answer = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before answering`)));
    child.send(options);
  });
  const wallMs = performance.now() - t0;
  if (sampler) clearInterval(sampler);
  const apiCpuMs = apiPid ? cpuMsOfTree(apiPid) - apiCpu0 : 0;
  return {
    ...answer,
    driverCpu: cpuShare((answer.cpu.user + answer.cpu.system) / 1000, answer.wallMs),
    apiCpu: cpuShare(apiCpuMs, wallMs),
    apiPeakRssMb: peakRss,
  };
}
