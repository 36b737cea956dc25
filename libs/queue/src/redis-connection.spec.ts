import { bullConnection, describeRedis, judgeRedisInfo, redisOptions } from './redis-connection.js';

describe('redisOptions', () => {
  const sentinel = { sentinels: [{ host: 's1', port: 26379 }], name: 'gf', password: 'sp' };
  const cluster = { nodes: [{ host: 'n1', port: 7000 }] };
  const target = (redisUrl: string, more: { redisSentinel?: typeof sentinel; redisCluster?: typeof cluster } = {}) => ({
    redisUrl,
    redisSentinel: more.redisSentinel ?? null,
    redisCluster: more.redisCluster ?? null,
  });

  it('connects to REDIS_URL when no sentinels or cluster nodes are named', () => {
    expect(redisOptions(target('redis://:pw@r1:6380/2'))).toEqual({ url: 'redis://:pw@r1:6380/2' });
    expect(bullConnection(target('redis://r1'))).toEqual({ url: 'redis://r1', maxRetriesPerRequest: null });
  });

  it('asks the sentinels for the master, with credentials and db from REDIS_URL', () => {
    expect(redisOptions(target('redis://user:p%40ss@ignored:1/3', { redisSentinel: sentinel }))).toEqual({
      sentinels: [{ host: 's1', port: 26379 }],
      name: 'gf',
      sentinelPassword: 'sp',
      username: 'user',
      password: 'p@ss',
      db: 3,
    });
    expect(redisOptions(target('rediss://x', { redisSentinel: sentinel }))).toMatchObject({
      tls: {},
      enableTLSForSentinelMode: true,
    });
  });

  it('gives every cluster node the credentials from REDIS_URL, and marks BullMQ options for the cluster', () => {
    expect(redisOptions(target('redis://:pw@ignored', { redisCluster: cluster }))).toEqual({ password: 'pw' });
    expect(bullConnection(target('redis://ignored', { redisCluster: cluster }))).toEqual({
      maxRetriesPerRequest: null,
      gridflowClusterNodes: cluster.nodes,
    });
  });

  it('describes where Redis is without the password', () => {
    expect(describeRedis(target('redis://:secret@r1:6379'))).toBe('redis://***@r1:6379');
    expect(describeRedis(target('redis://:secret@r1', { redisSentinel: sentinel }))).toBe(
      'master "gf" of sentinels s1:26379',
    );
    expect(describeRedis(target('redis://:secret@r1', { redisCluster: cluster }))).toBe('cluster n1:7000');
  });
});

const info = (version: string, policy?: string) =>
  `# Server\r\nredis_version:${version}\r\nredis_mode:standalone\r\n# Memory\r\n${policy ? `maxmemory_policy:${policy}\r\n` : ''}`;

describe('judgeRedisInfo', () => {
  it('accepts 7.x with noeviction silently', () => {
    expect(judgeRedisInfo(info('7.0.15', 'noeviction'))).toEqual({
      version: '7.0.15',
      maxmemoryPolicy: 'noeviction',
      problems: [],
      warnings: [],
    });
  });

  it('accepts exactly 6.2 and refuses 6.0 and 5.x', () => {
    expect(judgeRedisInfo(info('6.2.0', 'noeviction')).problems).toEqual([]);
    expect(judgeRedisInfo(info('6.0.16', 'noeviction')).problems[0]).toMatch(/too old/);
    expect(judgeRedisInfo(info('5.0.7', 'noeviction')).problems[0]).toMatch(/6\.2/);
  });

  it('warns about an evicting policy', () => {
    const report = judgeRedisInfo(info('7.2.4', 'allkeys-lru'));
    expect(report.problems).toEqual([]);
    expect(report.warnings[0]).toMatch(/allkeys-lru.*noeviction/);
  });
});
