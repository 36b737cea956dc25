import { createHash } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables, LOG_LEVELS, NODE_ENVS, SMS_DRIVERS } from './env.schema.js';
import { type LocalSecretName, localSecretPath, readOrCreateLocalSecret } from './local-secrets.js';
import { parseTileLayers, type TileLayer } from './tile-layers.js';

/** The validated configuration, injected by its class. */
export class AppConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  /** What the apps connect as at run time: a role that does not own the tables. */
  databaseUrl: string;
  /** What migrations connect as: the tables' owner (docs/security.md, "Two database roles"). */
  databaseOwnerUrl: string;
  redisUrl: string;
  /** Redis through Sentinel (null: REDIS_URL names the server itself). */
  redisSentinel: RedisSentinelConfig | null;
  /** Redis Cluster: the nodes to start from (null: not a cluster). */
  redisCluster: { nodes: HostPort[] } | null;
  port: number;
  workerPort: number;
  jwtSecret: string;
  /** The key that encrypts personal data now, and its id (written into every ciphertext). */
  piiKey: Buffer;
  piiKeyId: string;
  /** Every key that may decrypt, by id: the current one and PII_OLD_KEYS. */
  piiKeys: ReadonlyMap<string, Buffer>;
  /** The archive seal's HMAC key. */
  sealKey: Buffer;
  logLevel: (typeof LOG_LEVELS)[number];
  /** What /metrics asks of a scraper (null: nothing; see metricsAccess). */
  metricsToken: string | null;
  /** The internal port serving /metrics (null: the main port serves it, if allowed). */
  metricsPort: number | null;
  publicBaseUrl: string;
  queuePrefix: string;
  dbPoolSize: number;
  /** how long a request waits for a database connection before it is a 503 (retry) */
  dbConnectTimeoutMs: number;
  instanceName: string;
  /** Requests per minute per IP on login and the public endpoints. */
  rateLimitPerMinute: number;
  /** How long after 督查兑单 (verified) a resident may still rate, archived or not (RATING_WINDOW_HOURS). */
  ratingWindowHours: number;
  /** Where uploaded attachments are stored (by sha256). */
  dataDir: string;
  /** Jobs processed at once per queue in each worker process. */
  workerConcurrency: number;
  /** API processes sharing the port (API_WORKERS; `auto`: one per CPU); 1: no cluster. */
  apiWorkers: number;
  /** The built web console served at `/` (absent: the API serves no console). */
  webDir: string;
  /**
   * The console's map layers (WEB_TILE_LAYERS, or WEB_TILE_URL as one base layer); empty: none,
   * grid polygons on a blank map.
   */
  webTileLayers: TileLayer[];
  /** Problems that do not stop start-up (development defaults in use). */
  warnings: string[];
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS=true: webhooks may post to non-public addresses. */
  webhookAllowPrivateTargets: boolean;
  /** Express `trust proxy`: a hop count or a list of trusted proxy addresses/CIDRs. */
  trustProxy: number | string[];
  /** Anonymous uploads per client address per day (ANON_UPLOADS_PER_DAY). */
  anonUploadsPerDay: number;
  /** Residents' SMS (SMS_*): the driver, and for `http` the gateway and its signing key. */
  sms: SmsConfig;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export interface SmsConfig {
  driver: (typeof SMS_DRIVERS)[number];
  gatewayUrl: string | null;
  gatewaySecret: string | null;
  signName: string;
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

/**
 * Values the first release shipped in this repository as development defaults. They are
 * public, so they never sign or encrypt anything: loadConfig refuses them as JWT_SECRET or
 * PII_KEY. The demo seed uses the old PII key once, to re-encrypt demo data written with it.
 */
export const PUBLISHED_JWT_SECRET = 'gridflow-development-only-jwt-secret-do-not-use';
export const PUBLISHED_PII_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** The id of a PII key as written into ciphertexts: 8 hex characters of its SHA-256. */
export function piiKeyId(key: Buffer): string {
  return createHash('sha256').update('gridflow-pii-key-id\n').update(key).digest('hex').slice(0, 8);
}

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
  const dataDir = resolve(vars.DATA_DIR ?? 'data');
  if (vars.JWT_SECRET === PUBLISHED_JWT_SECRET) {
    problems.push('JWT_SECRET is a value published in the GridFlow repository: generate your own');
  }
  if (vars.PII_KEY?.toLowerCase() === PUBLISHED_PII_KEY) {
    problems.push('PII_KEY is a value published in the GridFlow repository: generate your own');
  }
  // Production names its secrets; anywhere else a missing one is generated once into DATA_DIR.
  const secrets: Record<Exclude<LocalSecretName, 'DATABASE_APP_PASSWORD'>, string | undefined> = {
    JWT_SECRET: vars.JWT_SECRET,
    PII_KEY: vars.PII_KEY,
    SEAL_KEY: vars.SEAL_KEY,
  };
  const missing = (Object.keys(secrets) as (keyof typeof secrets)[]).filter((name) => !secrets[name]);
  if (nodeEnv === 'production' && !vars.DATABASE_OWNER_URL) {
    problems.push(
      'DATABASE_OWNER_URL is required when NODE_ENV=production (migrations run as it; DATABASE_URL is the run-time role, which must not own the tables)',
    );
  }
  if (nodeEnv === 'production')
    for (const name of missing) problems.push(`${name} is required when NODE_ENV=production`);
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
  // The http driver cannot send without its gateway, nor sign without its key.
  if (vars.SMS_DRIVER === 'http') {
    for (const name of ['SMS_GATEWAY_URL', 'SMS_GATEWAY_SECRET'] as const)
      if (!vars[name]) problems.push(`${name} is required when SMS_DRIVER=http`);
  }
  const badProxy = trustProxyProblem(vars.TRUST_PROXY);
  if (badProxy) problems.push(badProxy);
  const tiles = tileLayersOf(vars);
  problems.push(...tiles.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  for (const name of missing) {
    secrets[name] = readOrCreateLocalSecret(dataDir, name);
    warnings.push(`${name} is not set: using the one generated for this machine in ${localSecretPath(dataDir, name)}`);
  }

  const port = vars.PORT ?? 3000;
  const givenDatabaseUrl = vars.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow';
  const databaseOwnerUrl = vars.DATABASE_OWNER_URL ?? givenDatabaseUrl;
  const databaseUrl = vars.DATABASE_OWNER_URL
    ? givenDatabaseUrl
    : runtimeRoleUrl(givenDatabaseUrl, vars.DATABASE_APP_ROLE ?? 'gridflow_app', () =>
        readOrCreateLocalSecret(dataDir, 'DATABASE_APP_PASSWORD'),
      );
  const piiKey = Buffer.from(secrets.PII_KEY!, 'hex');
  const piiKeys = new Map<string, Buffer>([[piiKeyId(piiKey), piiKey]]);
  for (const old of vars.PII_OLD_KEYS?.split(',') ?? []) {
    const key = Buffer.from(old, 'hex');
    if (!piiKeys.has(piiKeyId(key))) piiKeys.set(piiKeyId(key), key);
  }
  const config = new AppConfig();
  Object.assign(config, {
    nodeEnv,
    databaseUrl,
    databaseOwnerUrl,
    redisUrl: vars.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisSentinel: sentinels
      ? { sentinels, name: vars.REDIS_SENTINEL_NAME ?? 'mymaster', password: vars.REDIS_SENTINEL_PASSWORD ?? null }
      : null,
    redisCluster: clusterNodes ? { nodes: clusterNodes } : null,
    port,
    workerPort: vars.WORKER_PORT ?? 3001,
    jwtSecret: secrets.JWT_SECRET!,
    piiKey,
    piiKeyId: piiKeyId(piiKey),
    piiKeys,
    sealKey: Buffer.from(secrets.SEAL_KEY!, 'hex'),
    logLevel: vars.LOG_LEVEL ?? 'info',
    metricsToken: vars.METRICS_TOKEN ?? null,
    metricsPort: vars.METRICS_PORT ?? null,
    publicBaseUrl: trimTrailingSlashes(vars.PUBLIC_BASE_URL ?? `http://localhost:${port}`),
    queuePrefix: vars.QUEUE_PREFIX ?? 'gridflow',
    dbPoolSize: vars.DB_POOL_SIZE ?? 10,
    dbConnectTimeoutMs: vars.DB_CONNECT_TIMEOUT_MS ?? 5000,
    instanceName: vars.INSTANCE_NAME ?? `${hostname()}:${process.pid}`,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE ?? 20,
    ratingWindowHours: vars.RATING_WINDOW_HOURS ?? 168,
    dataDir,
    workerConcurrency: vars.WORKER_CONCURRENCY ?? 16,
    apiWorkers: vars.API_WORKERS === 'auto' ? availableParallelism() : Number(vars.API_WORKERS ?? 1),
    webDir: resolve(vars.WEB_DIR ?? 'dist/web'),
    webTileLayers: tiles.layers,
    warnings,
    webhookAllowPrivateTargets: vars.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    anonUploadsPerDay: vars.ANON_UPLOADS_PER_DAY ?? 30,
    sms: {
      driver: vars.SMS_DRIVER ?? 'log',
      gatewayUrl: vars.SMS_GATEWAY_URL ?? null,
      gatewaySecret: vars.SMS_GATEWAY_SECRET ?? null,
      signName: vars.SMS_SIGN_NAME ?? 'GridFlow',
    },
  });
  return config;
}

/** WEB_TILE_LAYERS, or the first release's WEB_TILE_URL (+ _SUBDOMAINS, _ATTRIBUTION) as one base layer. */
function tileLayersOf(vars: EnvironmentVariables): { layers: TileLayer[]; problems: string[] } {
  if (vars.WEB_TILE_LAYERS && vars.WEB_TILE_URL)
    return { layers: [], problems: ['WEB_TILE_LAYERS and WEB_TILE_URL: set one or the other'] };
  if (vars.WEB_TILE_LAYERS) return parseTileLayers(vars.WEB_TILE_LAYERS);
  if (!vars.WEB_TILE_URL) return { layers: [], problems: [] };
  const layer: TileLayer = {
    name: '底图',
    kind: 'base',
    url: vars.WEB_TILE_URL,
    subdomains: vars.WEB_TILE_SUBDOMAINS ?? null,
    attribution: vars.WEB_TILE_ATTRIBUTION ?? null,
  };
  return { layers: [layer], problems: [] };
}

/**
 * DATABASE_URL as the run-time role: same server and database, the role's name, and its password
 * (generated into DATA_DIR; the migrate step creates the role with it and grants what it needs).
 */
function runtimeRoleUrl(ownerUrl: string, role: string, password: () => string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password();
  return url.toString();
}

/** Without the slashes at the end (a loop: /\/+$/ is quadratic on a long run of slashes). */
export function trimTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Each TRUST_PROXY entry is an address, a CIDR or a name Express knows (else it throws at start). */
function trustProxyProblem(value: string | undefined): string | null {
  if (value === undefined || /^\d+$/.test(value)) return null;
  const bad = value
    .split(',')
    .map((s) => s.trim())
    .filter((e) => !PROXY_NAMES.includes(e) && !ipaddr.isValid(e) && !isCidr(e));
  return bad.length ? `TRUST_PROXY: not an address, CIDR or loopback/linklocal/uniquelocal: ${bad.join(', ')}` : null;
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

/** TRUST_PROXY (already matched by the schema): a hop count, or the trusted addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): number | string[] {
  if (value === undefined) return ['loopback'];
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim());
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
