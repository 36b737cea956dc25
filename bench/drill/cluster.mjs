// The drill's own processes: a private redis-server, two API processes and two workers, all
// started from dist/ against the drill's database and Redis prefix. Every child is tracked
// by pid so that stop() (also on Ctrl-C) ends exactly what the drill started.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether something already listens on 127.0.0.1:port. */
export function portInUse(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** `count` consecutive free ports from `from` upwards. */
export async function freePorts(from, count) {
  for (let base = from; base < from + 500; base += count) {
    const used = await Promise.all(Array.from({ length: count }, (_, i) => portInUse(base + i)));
    if (!used.some(Boolean)) return Array.from({ length: count }, (_, i) => base + i);
  }
  throw new Error(`no ${count} free ports from ${from}`);
}

export class Cluster {
  /**
   * @param {object} o
   * @param {Record<string,string>} o.env environment shared by the apps (DATABASE_URL, QUEUE_PREFIX, …)
   * @param {number[]} o.ports [redis, apiA, apiB, workerA, workerB]
   * @param {string} o.logDir where each process's output goes
   */
  constructor({ env, ports, logDir }) {
    const [redisPort, apiA, apiB, workerA, workerB] = ports;
    this.redisPort = redisPort;
    this.redisUrl = `redis://127.0.0.1:${redisPort}`;
    this.env = { ...env, REDIS_URL: this.redisUrl };
    this.logDir = logDir;
    this.apps = {
      'api-a': { kind: 'api', port: apiA, env: { PORT: String(apiA), INSTANCE_NAME: 'drill-api-a' } },
      'api-b': { kind: 'api', port: apiB, env: { PORT: String(apiB), INSTANCE_NAME: 'drill-api-b' } },
      'worker-a': {
        kind: 'worker',
        port: workerA,
        env: { WORKER_PORT: String(workerA), INSTANCE_NAME: 'drill-worker-a' },
      },
      'worker-b': {
        kind: 'worker',
        port: workerB,
        env: { WORKER_PORT: String(workerB), INSTANCE_NAME: 'drill-worker-b' },
      },
    };
    /** name → ChildProcess, for everything running now */
    this.children = new Map();
    this.stopping = false;
    /** unexpected exits (a process that died without the drill killing it) */
    this.crashes = [];
  }

  apiUrl(name) {
    return `http://127.0.0.1:${this.apps[name].port}`;
  }

  #spawn(name, file, args, env) {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    log.write(`--- ${new Date().toISOString()} start ${file} ${args.join(' ')}\n`);
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.expectedExit = false;
    child.once('exit', (code, signal) => {
      log.end(`--- ${new Date().toISOString()} exit code=${code} signal=${signal}\n`);
      if (this.children.get(name) === child) this.children.delete(name);
      if (!child.expectedExit && !this.stopping) {
        // Recorded (a check fails on it), then restarted as a process supervisor would, so the run goes on.
        this.crashes.push({ name, at: Date.now(), code, signal });
        setTimeout(() => {
          if (this.stopping || this.children.has(name)) return;
          if (name === 'redis') this.startRedis().catch(() => undefined);
          else this.start(name);
        }, 1_000);
      }
    });
    this.children.set(name, child);
    return child;
  }

  /** The drill's own redis-server: no persistence, so a restart loses everything (the point). */
  async startRedis() {
    this.#spawn('redis', 'redis-server', [
      '--port',
      String(this.redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.logDir,
      '--maxmemory-policy',
      'noeviction',
    ]);
    for (let i = 0; i < 100; i++) {
      if (await portInUse(this.redisPort)) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on ${this.redisPort}`);
  }

  /** SHUTDOWN NOSAVE: everything in Redis is gone, every client loses its connection. */
  async shutdownRedis() {
    const child = this.children.get('redis');
    if (child) child.expectedExit = true;
    const r = new Redis(this.redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    r.on('error', () => undefined);
    try {
      await r.connect();
      await r.call('SHUTDOWN', 'NOSAVE');
    } catch {
      // the connection drops as the server exits
    }
    r.disconnect();
    for (let i = 0; i < 100 && (await portInUse(this.redisPort)); i++) await sleep(50);
  }

  start(name) {
    const app = this.apps[name];
    const file = app.kind === 'api' ? 'dist/apps/api/src/main.js' : 'dist/apps/worker/src/main.js';
    return this.#spawn(name, process.execPath, [file], { ...this.env, ...app.env });
  }

  /** kill -9, as a crash: no shutdown hooks, no draining. */
  async kill9(name) {
    // Someone else may have stopped it (then it is being restarted): wait for it.
    for (let i = 0; i < 300 && !this.children.has(name); i++) await sleep(100);
    const child = this.children.get(name);
    if (!child) throw new Error(`${name} is not running`);
    child.expectedExit = true;
    const exited = new Promise((r) =>
      child.exitCode !== null || child.signalCode ? r() : child.once('exit', () => r()),
    );
    process.kill(child.pid, 'SIGKILL');
    return exited;
  }

  /** SIGTERM and wait (graceful shutdown), SIGKILL after `timeoutMs`. */
  async terminate(name, timeoutMs = 15_000) {
    const child = this.children.get(name);
    if (!child) return { graceful: true, ms: 0 };
    child.expectedExit = true;
    const t0 = Date.now();
    const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const { code, signal } = await exited;
    clearTimeout(timer);
    return { graceful: signal !== 'SIGKILL', code, ms: Date.now() - t0 };
  }

  /** Resolves when GET url answers 2xx (or rejects after timeoutMs). */
  async waitHealthy(url, timeoutMs = 60_000) {
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return Date.now() - t0;
      } catch {
        // not yet
      }
      await sleep(100);
    }
    throw new Error(`${url} not healthy after ${timeoutMs} ms`);
  }

  healthUrl(name) {
    return `http://127.0.0.1:${this.apps[name].port}/health`;
  }

  async startAll() {
    await this.startRedis();
    for (const name of Object.keys(this.apps)) this.start(name);
    await Promise.all(Object.keys(this.apps).map((n) => this.waitHealthy(this.healthUrl(n), 90_000)));
  }

  /** Ends every child the drill started (SIGTERM, then SIGKILL after a grace period). */
  async stop(graceMs = 10_000) {
    this.stopping = true;
    const all = [...this.children.entries()];
    await Promise.all(
      all.map(async ([name, child]) => {
        child.expectedExit = true;
        if (name === 'redis') return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
    const redis = this.children.get('redis');
    if (redis) {
      const exited = new Promise((r) => redis.once('exit', r));
      redis.kill('SIGTERM');
      const timer = setTimeout(() => redis.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
  }

  /** Synchronous last resort (process 'exit'): SIGKILL whatever is still running. */
  killAllNow() {
    for (const child of this.children.values()) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
