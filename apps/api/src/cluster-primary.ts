import cluster, { type Worker } from 'node:cluster';
import { pino } from 'pino';
import type { AppConfig } from '@gridflow/config';

/** A worker that lived at least this long was healthy: the next restart is quick again. */
export const HEALTHY_AFTER_MS = 60_000;
export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 30_000;

/** How long to wait before replacing a worker, after `quickDeaths` deaths in a row of short-lived ones. */
export function restartDelay(quickDeaths: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, quickDeaths - 1));
}

/**
 * The primary of API_WORKERS=N: forks N API processes that share PORT (the primary accepts
 * and hands connections round-robin), replaces one that dies — after 1 s, doubling up to 30 s
 * while replacements keep dying within a minute — and on SIGTERM/SIGINT stops replacing,
 * passes SIGTERM to every worker, waits until each has drained and exited, then exits.
 * Everything the API keeps across requests is in PostgreSQL or Redis (docs/deployment.md),
 * so any worker may answer any request.
 */
export function runPrimary(config: AppConfig): void {
  const log = pino({ level: config.logLevel, base: { app: 'api', instance: config.instanceName, role: 'primary' } });
  const bornAt = new Map<number, number>();
  const pending = new Set<NodeJS.Timeout>();
  let quickDeaths = 0;
  let stopping = false;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork();
    bornAt.set(worker.id, Date.now());
  };
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());

  cluster.on('listening', (worker, address) =>
    log.info({ worker: worker.id, pid: worker.process.pid, port: address.port }, 'API worker listening'),
  );
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (bornAt.get(worker.id) ?? Date.now());
    bornAt.delete(worker.id);
    if (stopping) {
      if (code !== 0) failed = true;
      log.info({ worker: worker.id, pid: worker.process.pid, code, signal }, 'API worker stopped');
      if (alive().length === 0) {
        log.info('all API workers stopped');
        process.exit(failed ? 1 : 0);
      }
      return;
    }
    quickDeaths = lived < HEALTHY_AFTER_MS ? quickDeaths + 1 : 1;
    const delay = restartDelay(quickDeaths);
    log.error(
      { worker: worker.id, pid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delay },
      'API worker died: replacing it',
    );
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!stopping) fork();
    }, delay);
    pending.add(timer);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    const workers = alive();
    log.info({ signal, workers: workers.length }, 'stopping: draining every API worker');
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log.info({ workers: config.apiWorkers, port: config.port }, 'starting API workers');
  for (let i = 0; i < config.apiWorkers; i++) fork();
}
