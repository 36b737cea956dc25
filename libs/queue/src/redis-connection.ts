/** BullMQ connection options for REDIS_URL; BullMQ needs maxRetriesPerRequest: null on blocking clients. */
export function bullConnection(redisUrl: string) {
  return { url: redisUrl, maxRetriesPerRequest: null };
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
