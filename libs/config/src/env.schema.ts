import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const SMS_DRIVERS = ['log', 'http'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/**
 * The environment both apps read. Every variable is optional here so that development
 * works out of the box; `loadConfig` adds the production rules and the defaults.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(NODE_ENVS)
  NODE_ENV?: (typeof NODE_ENVS)[number];

  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  /** The role that owns the tables: migrations run as it (unset: DATABASE_URL's role, outside production). */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_OWNER_URL?: string;

  /** The run-time role made from DATABASE_URL when DATABASE_OWNER_URL is unset. */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_APP_ROLE must be a lower-case PostgreSQL role name' })
  DATABASE_APP_ROLE?: string;

  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL?: string;

  /** Redis Sentinel: "host:port,host:port,…" (REDIS_URL then only gives password, username and db). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}(?:,[A-Za-z0-9.-]+:\d{1,5})*$/, {
    message: 'REDIS_SENTINELS must be a comma-separated list of host:port',
  })
  REDIS_SENTINELS?: string;

  /** Redis Cluster: "host:port,host:port,…" of some of its nodes (the rest are discovered). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}(?:,[A-Za-z0-9.-]+:\d{1,5})*$/, {
    message: 'REDIS_CLUSTER_NODES must be a comma-separated list of host:port',
  })
  REDIS_CLUSTER_NODES?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'REDIS_SENTINEL_NAME must be the monitored master name' })
  REDIS_SENTINEL_NAME?: string;

  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'PII_KEY must be 64 hex characters (a 256-bit key)' })
  PII_KEY?: string;

  /** Earlier PII keys, comma-separated (64 hex each): still decrypt, never encrypt (key rotation). */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}(?:,[0-9a-fA-F]{64})*$/, {
    message: 'PII_OLD_KEYS must be a comma-separated list of 64-hex-character keys',
  })
  PII_OLD_KEYS?: string;

  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'SEAL_KEY must be 64 hex characters (a 256-bit key)' })
  SEAL_KEY?: string;

  /** Bearer token that /metrics requires (production: this or METRICS_PORT, else /metrics is 404). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._~+/=-]{24,512}$/, {
    message: 'METRICS_TOKEN must be 24-512 characters usable in a bearer header (e.g. openssl rand -hex 32)',
  })
  METRICS_TOKEN?: string;

  /** A port of its own that serves /metrics (keep it off the public network); the main port then does not. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: (typeof LOG_LEVELS)[number];

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Matches(/^(?:[A-Za-z0-9_-]{1,64}|\{[A-Za-z0-9_-]{1,62}\})$/, {
    message:
      'QUEUE_PREFIX must be 1-64 letters, digits, _ or -, or such a name in braces ({gridflow}) for Redis Cluster',
  })
  QUEUE_PREFIX?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_CONNECT_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  INSTANCE_NAME?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_PER_MINUTE?: number;

  /** Hours after 督查兑单 during which the resident may rate (archived or not); default 168 (7 days). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 366)
  RATING_WINDOW_HOURS?: number;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY?: number;

  /** API processes sharing PORT (node:cluster): a count, or `auto` for one per CPU. */
  @IsOptional()
  @Matches(/^(?:auto|[1-9]\d{0,2})$/, { message: 'API_WORKERS must be a number of processes (1–999) or auto' })
  API_WORKERS?: string;

  /** Where the built web console lives (`npm run build` writes it to dist/web). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  WEB_DIR?: string;

  /**
   * Optional map tiles for the console, e.g. 天地图:
   * `https://t{s}.tianditu.gov.cn/vec_w/wmts?…&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=<key>`.
   * Unset: the console draws grid polygons on a blank background (no online tiles needed).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s"'<>]*\{z\}[^\s"'<>]*$/, {
    message: 'WEB_TILE_URL must be an http(s) URL template with {z}, {x} and {y}',
  })
  @MaxLength(2000)
  WEB_TILE_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  WEB_TILE_ATTRIBUTION?: string;

  /**
   * The console's map layers as a JSON list of `{name, kind: "base"|"overlay", url, subdomains?,
   * attribution?}` (e.g. 天地图 vec_w + cva_w); checked in tile-layers.ts. Replaces WEB_TILE_URL.
   */
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  WEB_TILE_LAYERS?: string;

  /** Subdomains replacing `{s}` in WEB_TILE_URL, e.g. `01234567` for 天地图's t0…t7. */
  @IsOptional()
  @Matches(/^[a-z0-9]{1,20}$/i, { message: 'WEB_TILE_SUBDOMAINS must be letters or digits (each one a subdomain)' })
  WEB_TILE_SUBDOMAINS?: string;

  /** `true` lets webhooks post to loopback/private/link-local addresses (tests, closed networks). */
  @IsOptional()
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_TARGETS?: 'true' | 'false';

  /**
   * Which peers may set X-Forwarded-For: a hop count (`1`), or a comma list of addresses/CIDRs
   * and the names `loopback`, `linklocal`, `uniquelocal`. Default `loopback`.
   */
  @IsOptional()
  @Matches(/^[0-9A-Za-z.:/]{1,64}(?:\s*,\s*[0-9A-Za-z.:/]{1,64}){0,63}$/, {
    message:
      'TRUST_PROXY must be a hop count or a comma-separated list of addresses/CIDRs (or loopback, linklocal, uniquelocal)',
  })
  TRUST_PROXY?: string;

  /** Anonymous (public) uploads per client address per day. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  ANON_UPLOADS_PER_DAY?: number;

  /** How residents' SMS go out: `log` (recorded and logged only, the default) or `http` (the gateway). */
  @IsOptional()
  @IsIn(SMS_DRIVERS)
  SMS_DRIVER?: (typeof SMS_DRIVERS)[number];

  /** The SMS gateway the `http` driver POSTs to (operator config: private addresses are allowed). */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  SMS_GATEWAY_URL?: string;

  /** The HMAC-SHA256 key the `http` driver signs each request with (docs/notifications.md). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(512)
  SMS_GATEWAY_SECRET?: string;

  /** The signature (签名) the gateway puts before each text, e.g. 网格通. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  SMS_SIGN_NAME?: string;
}
