import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables, LOG_LEVELS, NODE_ENVS } from './env.schema.js';

/** The validated configuration, injected by its class. */
export class AppConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  databaseUrl: string;
  redisUrl: string;
  /** Redis through Sentinel (null: REDIS_URL names the server itself). */
  redisSentinel: RedisSentinelConfig | null;
  /** Redis Cluster: the nodes to start from (null: not a cluster). */
  redisCluster: { nodes: HostPort[] } | null;
  port: number;
  workerPort: number;
  jwtSecret: string;
  piiKey: Buffer;
  logLevel: (typeof LOG_LEVELS)[number];
  publicBaseUrl: string;
  queuePrefix: string;
  dbPoolSize: number;
  instanceName: string;
  /** Requests per minute per IP on login and the public endpoints. */
  rateLimitPerMinute: number;
  /** Where uploaded attachments are stored (by sha256). */
  dataDir: string;
  /** Jobs processed at once per queue in each worker process. */
  workerConcurrency: number;
  /** The built web console served at `/` (absent: the API serves no console). */
  webDir: string;
  /** Map tiles for the console (null: none; grid polygons on a blank map). */
  webTiles: { url: string; attribution: string | null; subdomains: string | null } | null;
  /** Problems that do not stop start-up (development defaults in use). */
  warnings: string[];

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export interface HostPort {
  host: string;
  port: number;
}

export interface RedisSentinelConfig {
  sentinels: HostPort[];
  /** the master name the sentinels monitor */
  name: string;
  password: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

// Development-only values: never used when NODE_ENV=production (loadConfig refuses instead).
const DEV_JWT_SECRET = 'gridflow-development-only-jwt-secret-do-not-use';
const DEV_PII_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/**
 * Validates the environment and returns the configuration, or throws ConfigError naming
 * every bad variable. Empty strings count as unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') raw[k] = v;

  const vars = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) =>
      msg.startsWith(e.property) ? `${msg} (got "${redact(e.property, raw[e.property])}")` : `${e.property}: ${msg}`,
    ),
  );

  const nodeEnv = vars.NODE_ENV ?? 'development';
  const warnings: string[] = [];
  if (nodeEnv === 'production') {
    if (!vars.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
    if (!vars.PII_KEY) problems.push('PII_KEY is required when NODE_ENV=production');
  } else {
    if (!vars.JWT_SECRET) warnings.push('JWT_SECRET is not set: using a development-only secret');
    if (!vars.PII_KEY) warnings.push('PII_KEY is not set: using a development-only key');
  }
  const sentinels = hostPorts(vars.REDIS_SENTINELS);
  const clusterNodes = hostPorts(vars.REDIS_CLUSTER_NODES);
  if (sentinels?.some((s) => s.port < 1 || s.port > 65535)) problems.push('REDIS_SENTINELS: a port is out of range');
  if (clusterNodes?.some((s) => s.port < 1 || s.port > 65535))
    problems.push('REDIS_CLUSTER_NODES: a port is out of range');
  if (sentinels && clusterNodes) problems.push('REDIS_SENTINELS and REDIS_CLUSTER_NODES: set one or the other');
  // BullMQ's scripts touch several keys of a queue at once: in a cluster they must share a slot.
  if (clusterNodes && !/^\{.+\}$/.test(vars.QUEUE_PREFIX ?? '')) {
    problems.push('QUEUE_PREFIX must be hash-tagged, e.g. {gridflow}, with REDIS_CLUSTER_NODES');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const port = vars.PORT ?? 3000;
  const config = new AppConfig();
  Object.assign(config, {
    nodeEnv,
    databaseUrl: vars.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow',
    redisUrl: vars.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisSentinel: sentinels
      ? { sentinels, name: vars.REDIS_SENTINEL_NAME ?? 'mymaster', password: vars.REDIS_SENTINEL_PASSWORD ?? null }
      : null,
    redisCluster: clusterNodes ? { nodes: clusterNodes } : null,
    port,
    workerPort: vars.WORKER_PORT ?? 3001,
    jwtSecret: vars.JWT_SECRET ?? DEV_JWT_SECRET,
    piiKey: Buffer.from(vars.PII_KEY ?? DEV_PII_KEY, 'hex'),
    logLevel: vars.LOG_LEVEL ?? 'info',
    publicBaseUrl: (vars.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    queuePrefix: vars.QUEUE_PREFIX ?? 'gridflow',
    dbPoolSize: vars.DB_POOL_SIZE ?? 10,
    instanceName: vars.INSTANCE_NAME ?? `${hostname()}:${process.pid}`,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE ?? 20,
    dataDir: resolve(vars.DATA_DIR ?? 'data'),
    workerConcurrency: vars.WORKER_CONCURRENCY ?? 16,
    webDir: resolve(vars.WEB_DIR ?? 'dist/web'),
    webTiles: vars.WEB_TILE_URL
      ? {
          url: vars.WEB_TILE_URL,
          attribution: vars.WEB_TILE_ATTRIBUTION ?? null,
          subdomains: vars.WEB_TILE_SUBDOMAINS ?? null,
        }
      : null,
    warnings,
  });
  return config;
}

/** "host:port,host:port" (already matched by the schema) as a list. */
function hostPorts(list: string | undefined): HostPort[] | undefined {
  return list?.split(',').map((hp) => {
    const i = hp.lastIndexOf(':');
    return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
  });
}

function redact(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  return /SECRET|KEY|PASSWORD/.test(name) ? '***' : value.slice(0, 80);
}
