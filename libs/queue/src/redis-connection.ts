import { Logger } from '@nestjs/common';
import { createIORedisClient, RedisConnection, type RedisOptions as BullRedisOptions } from 'bullmq';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AppConfig, HostPort } from '@gridflow/config';

type RedisTarget = Pick<AppConfig, 'redisUrl' | 'redisSentinel' | 'redisCluster'>;

/** Marks BullMQ connection options meant for the cluster (see useClusterForBullMQ). */
const CLUSTER_NODES = 'gridflowClusterNodes';

/** Credentials and TLS from REDIS_URL, for the sentinel's master or the cluster's nodes. */
function credentials(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * ioredis options for the configured Redis: the server at REDIS_URL; with REDIS_SENTINELS,
 * whichever server the sentinels name as the master (ioredis asks them again after a
 * failover); with REDIS_CLUSTER_NODES, the options of each node's connection. In both of
 * the latter REDIS_URL only gives the password, username, db (not in a cluster) and TLS.
 */
export function redisOptions(target: RedisTarget): RedisOptions & { url?: string } {
  if (target.redisCluster) return credentials(target.redisUrl);
  if (!target.redisSentinel) return { url: target.redisUrl };
  const auth = credentials(target.redisUrl);
  return {
    sentinels: target.redisSentinel.sentinels,
    name: target.redisSentinel.name,
    sentinelPassword: target.redisSentinel.password ?? undefined,
    ...auth,
    db: Number(new URL(target.redisUrl).pathname.slice(1)) || 0,
    ...(auth.tls ? { enableTLSForSentinelMode: true } : {}),
  };
}

const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');

/** Where Redis is, for messages (no password). */
export function describeRedis(target: RedisTarget): string {
  if (target.redisCluster) return `cluster ${list(target.redisCluster.nodes)}`;
  if (!target.redisSentinel) return target.redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  return `master "${target.redisSentinel.name}" of sentinels ${list(target.redisSentinel.sentinels)}`;
}

/** BullMQ connection options; BullMQ needs maxRetriesPerRequest: null on blocking clients. */
export function bullConnection(target: RedisTarget): BullRedisOptions {
  if (target.redisCluster) useClusterForBullMQ();
  return {
    ...redisOptions(target),
    maxRetriesPerRequest: null,
    ...(target.redisCluster ? { [CLUSTER_NODES]: target.redisCluster.nodes } : {}),
  } as BullRedisOptions;
}

/**
 * BullMQ opens connections from options with plain ioredis clients; its client factory lets
 * the options marked for a cluster get ioredis' Cluster client instead (each BullMQ
 * connection still owns, duplicates and closes its own). Other options keep BullMQ's default.
 */
function useClusterForBullMQ() {
  if (RedisConnection.clientFactory) return;
  RedisConnection.clientFactory = (opts) => {
    const { url, host, port, [CLUSTER_NODES]: nodes, ...rest } = opts as BullRedisOptions & { url?: string };
    if (nodes) return createIORedisClient(new Cluster(nodes as HostPort[], { redisOptions: rest }));
    const options = url ? rest : { ...rest, host, port };
    return createIORedisClient(url ? new Redis(url, options) : new Redis(options));
  };
}

/** A plain ioredis client for the configured Redis, its connection errors logged (once per outage). */
export function createRedis(target: RedisTarget, extra: RedisOptions, label: string): Redis {
  const { url, ...options } = redisOptions(target);
  const client = target.redisCluster
    ? // Cluster has the commands GridFlow uses (single-key ones, publish/subscribe, duplicate).
      (new Cluster(target.redisCluster.nodes, { redisOptions: { ...options, ...extra } }) as unknown as Redis)
    : url
      ? new Redis(url, { ...options, ...extra })
      : new Redis({ ...options, ...extra });
  logRedisErrors(client, label);
  return client;
}

/**
 * Logs a client's connection errors: the first of an outage as a warning, then that it is
 * back. (ioredis retries by itself; without a listener it prints "Unhandled error event"
 * for every attempt.)
 */
export function logRedisErrors(client: Redis, label: string): void {
  const logger = new Logger(label);
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn(`Redis connection failed, retrying: ${err.message}`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log('Redis connection is back');
  });
}

export interface RedisServerReport {
  version: string;
  maxmemoryPolicy: string | null;
  problems: string[];
  warnings: string[];
}

/**
 * Reads INFO and judges the server for BullMQ: version 6.2 or newer is required, and
 * anything but `noeviction` risks Redis evicting queued jobs under memory pressure.
 */
export function judgeRedisInfo(info: string): RedisServerReport {
  const field = (name: string) => info.match(new RegExp(`^${name}:(.*)$`, 'm'))?.[1]?.trim() ?? null;
  const version = field('redis_version') ?? '0.0.0';
  const policy = field('maxmemory_policy');
  const [major, minor] = version.split('.').map(Number);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (major < 6 || (major === 6 && minor < 2)) problems.push(`Redis ${version} is too old: BullMQ needs 6.2 or newer`);
  if (policy !== null && policy !== 'noeviction') {
    warnings.push(`Redis maxmemory-policy is "${policy}": set it to "noeviction" or queued jobs may be evicted`);
  }
  return { version, maxmemoryPolicy: policy, problems, warnings };
}
