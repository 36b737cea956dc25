import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  isolatedTestConfig,
  type TestApi,
  testConfig,
  until,
  filePublicTicket,
} from '../support/index.js';

/**
 * Scaling out (docs/scaling-and-benchmarks.md): the apps reach Redis through Sentinel (REDIS_SENTINELS) or on a
 * Redis Cluster (REDIS_CLUSTER_NODES), under a hash-tagged queue prefix ({…}). Real
 * redis-server processes play the sentinel and the three cluster nodes; REDIS_URL points
 * where nothing listens, so every client — the plain one, BullMQ's queues, workers and queue
 * events — must have gone the configured way.
 */
const cli = (...args: string[]) => promisify(execFile)('redis-cli', args, { timeout: 20_000 });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Topology {
  /** what the apps are configured with */
  env: NodeJS.ProcessEnv;
  /** one client per node holding data, to look at the keys */
  dataNodes: () => Redis[];
  close: () => void;
}

/** A sentinel naming the test Redis as the master `name`. */
async function startSentinel(dir: string, name: string, processes: ChildProcess[]): Promise<Topology> {
  const real = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const port = await freePort();
  const conf = join(dir, 'sentinel.conf');
  await writeFile(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} ${real.hostname} ${real.port || 6379} 1`,
      `sentinel down-after-milliseconds ${name} 60000`,
      '',
    ].join('\n'),
  );
  processes.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
  await until('the sentinel to name the master', async () => {
    const answer = await cli('-p', `${port}`, 'SENTINEL', 'get-master-addr-by-name', name).catch(() => null);
    return answer?.stdout.includes(real.hostname) ?? false;
  });
  const redis = new Redis(real.toString());
  return {
    env: { REDIS_SENTINELS: `127.0.0.1:${port}`, REDIS_SENTINEL_NAME: name },
    dataNodes: () => [redis],
    close: () => redis.disconnect(),
  };
}

/** Three redis-server nodes made into a cluster with redis-cli. */
async function startCluster(dir: string, _name: string, processes: ChildProcess[]): Promise<Topology> {
  const ports = [await freePort(), await freePort(), await freePort()];
  for (const port of ports) {
    const args = ['--port', `${port}`, '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
    args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`);
    processes.push(spawn('redis-server', args, { stdio: 'ignore' }));
  }
  await until('the nodes to answer', async () => {
    const answers = await Promise.all(ports.map((p) => cli('-p', `${p}`, 'PING').catch(() => null)));
    return answers.every((a) => a?.stdout.trim() === 'PONG');
  });
  await cli('--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes');
  await until('the cluster to be ok on every node', async () => {
    const infos = await Promise.all(ports.map((p) => cli('-p', `${p}`, 'CLUSTER', 'INFO')));
    return infos.every((i) => i.stdout.includes('cluster_state:ok'));
  });
  const cluster = new Cluster([{ host: '127.0.0.1', port: ports[1] }]);
  await until('the test client to see the cluster', async () => cluster.status === 'ready');
  return {
    env: { REDIS_CLUSTER_NODES: `127.0.0.1:${ports[0]}` },
    dataNodes: () => cluster.nodes('master'),
    close: () => cluster.disconnect(),
  };
}

describe.each([
  ['Sentinel', 'sentinel', startSentinel],
  ['Cluster', 'cluster', startCluster],
])('Redis through %s, with a hash-tagged queue prefix', (_label, name, start) => {
  const processes: ChildProcess[] = [];
  let dir: string;
  let topology: Topology;
  let prefix: string;
  let api: TestApi;
  let worker: INestApplication;

  beforeAll(async () => {
    const base = await isolatedTestConfig(name);
    prefix = `{${base.queuePrefix}}`;
    dir = await mkdtemp(join(tmpdir(), `gf-${name}-`));
    topology = await start(dir, `${base.queuePrefix}_master`, processes);
    const config = testConfig({
      ...topology.env,
      DATABASE_URL: base.databaseOwnerUrl,
      QUEUE_PREFIX: prefix,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    topology?.close();
    for (const p of processes) p.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * The keys starting with `start` on every node (SCAN without MATCH: a cluster node answers
   * MOVED to a hash-tagged pattern whose slot it does not own).
   */
  const keysOnEachNode = (start: string) =>
    Promise.all(
      topology.dataNodes().map(async (node) => {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'COUNT', 1000);
          found.push(...keys.filter((k) => k.startsWith(start)));
          cursor = next;
        } while (cursor !== '0');
        return found;
      }),
    );

  it('answers health checks and round-trips a job through the queues', async () => {
    expect((await api.http().get('/health')).status).toBe(200);
    const res = await api.http().get('/health/queue?timeoutMs=10000');
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('relays a ticket event and fans it out, every key under the prefix on one node', async () => {
    const city = await createTestCity(api.app);
    const gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const filed = await filePublicTicket(api, city.grids[0]);
    const db = api.app.get(DataSource);
    await until('the ticket event to be processed', async () => {
      const [row] = await db.query(
        `SELECT processed_at FROM outbox WHERE payload->>'ticketId' = $1 ORDER BY id LIMIT 1`,
        [filed.id],
      );
      return row?.processed_at ? row : null;
    });
    // The fan-out ran: the grid worker was told (网格新工单).
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ticket_id = $2`,
      [gridWorker.id, filed.id],
    );
    expect(n).toBe(1);

    // In a cluster, the hash tag puts every key of the prefix in one slot, so on one node.
    const perNode = await keysOnEachNode(`${prefix}:`);
    expect(perNode.flat().length).toBeGreaterThan(0);
    expect(perNode.filter((keys) => keys.length > 0)).toHaveLength(1);
  });

  it('keeps the login failure count there too', async () => {
    const res = await api.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password' });
    expect(res.status).toBe(401);
    // Per (username, address) and per username (the slower throttle), both under the prefix.
    expect((await keysOnEachNode(`${prefix}:login-failures`)).flat().sort()).toEqual([
      `${prefix}:login-failures-user:nobody`,
      `${prefix}:login-failures:nobody:127.0.0.1`,
    ]);
  });
});
