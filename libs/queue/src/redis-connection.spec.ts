import { judgeRedisInfo } from './redis-connection.js';

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
